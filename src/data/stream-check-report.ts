/**
 * What checkStream repaired, as data (for JSON output and tests) and as the
 * few lines `edgewatt detect` prints before scoring, so no repair is silent.
 * Durations and times are written the way a reader of the file thinks of
 * them: minutes or hours rather than seconds, and the calendar time (UTC)
 * when the file stamps its readings with dates.
 */
import type { DroppedRow } from './csv-timeseries.js';
import type { NanRun } from './stream-check-nans.js';
import type { StreamGap } from './stream-check-gaps.js';

export interface RateRepair {
  fromHz: number;
  toHz: number;
  /** resample.ts's method: `linear` when upsampling, `mean` of each bin when downsampling. */
  method: 'linear' | 'mean';
  readingsBefore: number;
  readingsAfter: number;
  /** Mean bins that held no reading and were interpolated (resample.ts). */
  interpolatedBins: number;
}

export interface StreamRepairReport {
  source: string;
  /** Readings as read and as returned. */
  readingsIn: number;
  readingsOut: number;
  /** Nominal (median) step of a time-stamped stream; null when times follow from the rate. */
  stepS: number | null;
  /** Unix time (s, UTC) of the first reading when the file gives calendar times, else null. */
  startUtcS: number | null;
  /** Rows the reader left out because their time did not advance (its `outOfOrder: 'drop'`). */
  droppedRows: DroppedRow[];
  /** Gaps filled, in time order. */
  gaps: StreamGap[];
  /** NaN runs interpolated, in time order; sample indices refer to the stream as read. */
  nanRuns: NanRun[];
  resampled: RateRepair | null;
}

/** One line per kind of repair; a single "no repairs" line when there were none. */
export function formatRepairReport(report: StreamRepairReport): string[] {
  const lines: string[] = [];
  const rows = report.droppedRows;
  if (rows.length > 0) {
    const where = rows.length === 1 ? `line ${rows[0]!.line}` : `lines ${rows[0]!.line}–${rows[rows.length - 1]!.line}`;
    lines.push(`left out ${plural(rows.length, 'row')} whose time did not advance (${where})`);
  }
  if (report.gaps.length > 0) {
    const inserted = report.gaps.reduce((sum, g) => sum + g.inserted, 0);
    const longest = report.gaps.reduce((a, b) => (b.endS - b.startS > a.endS - a.startS ? b : a));
    lines.push(`filled ${plural(report.gaps.length, 'gap')} (${plural(inserted, 'reading')}, longest ${formatDurationS(longest.endS - longest.startS)} at ${formatStreamTime(longest.startS, report.startUtcS)})`);
  }
  if (report.nanRuns.length > 0) {
    const byChannel = new Map<string, { runs: number; samples: number }>();
    for (const run of report.nanRuns) {
      const entry = byChannel.get(run.name) ?? { runs: 0, samples: 0 };
      entry.runs++;
      entry.samples += run.length;
      byChannel.set(run.name, entry);
    }
    const parts = [...byChannel].map(([name, e], k) => `${k === 0 ? plural(e.runs, 'NaN run') : e.runs} in ${name} (${plural(e.samples, 'sample')})`);
    lines.push(`interpolated ${parts.join(', ')}`);
  }
  const r = report.resampled;
  if (r !== null) {
    const how = r.method === 'mean' ? 'mean of each bin' : 'linear interpolation';
    const empty = r.interpolatedBins > 0 ? `, ${plural(r.interpolatedBins, 'empty bin')} interpolated` : '';
    lines.push(`resampled ${formatHz(r.fromHz)} → ${formatHz(r.toHz)} (${how}; ${r.readingsBefore} → ${r.readingsAfter} readings${empty})`);
  }
  return lines.length > 0 ? lines : [`no repairs needed (${plural(report.readingsOut, 'reading')})`];
}

/** `0.25 s`, `25 min`, `1.5 h`, `7.3 d`. */
export function formatDurationS(seconds: number): string {
  const round = (x: number): number => +x.toFixed(x < 10 ? 2 : 1);
  if (seconds < 60) return `${round(seconds)} s`;
  if (seconds < 3600) return `${round(seconds / 60)} min`;
  if (seconds < 2 * 86400) return `${round(seconds / 3600)} h`;
  return `${round(seconds / 86400)} d`;
}

/** A time `tS` seconds into the stream: its calendar time (UTC) when the stream's start is known, else `t = <duration>`. */
export function formatStreamTime(tS: number, startUtcS: number | null): string {
  if (startUtcS === null) return `t = ${formatDurationS(tS)}`;
  const iso = new Date(Math.round((startUtcS + tS) * 1000)).toISOString();
  const clock = iso.slice(17, 23) === '00.000' ? iso.slice(11, 16) : iso.slice(11, 19);
  return `${iso.slice(0, 10)} ${clock} UTC`;
}

function formatHz(hz: number): string {
  return `${+hz.toPrecision(4)} Hz`;
}

function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
