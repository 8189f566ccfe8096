/**
 * A time-stamped CSV read and checked before a detector is trained on it
 * (data/stream-check.ts): repeated timestamps and gaps are refused with the
 * place they occur and the option that repairs them, or, with --repair,
 * repaired and listed — never fixed silently. (A cell that is not a finite
 * number, "NaN" included, is already refused by the CSV reader with its
 * line, data/csv-timeseries-table.ts; checkStream's NaN policy follows
 * --repair all the same.)
 *
 * The file is read with `outOfOrder: 'drop'` either way so that a repeated
 * timestamp is named here with its lines and --repair, rather than by the
 * reader's first failing line and its library option; without --repair any
 * dropped row is then an error.
 */
import { readFileSync } from 'node:fs';
import { parseCsvTable } from '../../data/csv-timeseries-table.js';
import { parseSensorCsv, type SensorStream } from '../../data/sensor-stream.js';
import { checkStream, type StreamExpectation } from '../../data/stream-check.js';
import { StreamCheckError } from '../../data/stream-check-error.js';
import type { StreamRepairReport } from '../../data/stream-check-report.js';
import { FileFormatError } from '../../io/file-format-error.js';

/**
 * Header names taken as the time column — the list data/sensor-stream.ts
 * reads a time-stamped CSV by; checked here first so a CSV without one gets
 * an error about timestamps instead of the reader's advice to pass a rate.
 */
const TIME_COLUMN_NAMES = ['timestamp', 'time', 'datetime', 'date'];

export interface CheckedCsvStream {
  /** The stream as it will be scored (a repaired copy when --repair changed anything). */
  stream: SensorStream;
  report: StreamRepairReport;
}

/** The checks whose refusal --repair turns into a repair (policy gaps: 'fill', nans: 'interpolate'); their errors name the option. */
const REPAIRABLE = new Set(['gap', 'nan']);

export function readCheckedCsvStream(path: string, expect: StreamExpectation, repair: boolean): CheckedCsvStream {
  const text = readFileSync(path, 'utf8');
  requireTimeColumn(text, path);
  const read = parseSensorCsv(text, path, undefined, 'drop');
  const dropped = read.droppedRows ?? [];
  if (!repair && dropped.length > 0) {
    const [first, last] = [dropped[0]!, dropped[dropped.length - 1]!];
    const more = dropped.length === 1 ? '' : `; ${dropped.length} such rows in all, the last at line ${last.line}`;
    throw new FileFormatError(path, 'time column', `the time does not come after the row before it${more}. --repair leaves such rows out and lists them`, first.line, 'line');
  }
  try {
    return checkStream(read, expect, { gaps: repair ? 'fill' : 'error', nans: repair ? 'interpolate' : 'error' });
  } catch (e) {
    if (e instanceof StreamCheckError && !repair && REPAIRABLE.has(e.check)) {
      throw new Error(`${e.message} — with edgewatt detect, --repair does this and lists each repair`, { cause: e });
    }
    throw e;
  }
}

function requireTimeColumn(text: string, path: string): void {
  const end = text.indexOf('\n');
  const header = parseCsvTable(end < 0 ? text : text.slice(0, end), path).header;
  const names = header?.map((h) => h.trim().toLowerCase()) ?? [];
  if (!names.some((h) => TIME_COLUMN_NAMES.includes(h))) {
    const what = header === undefined ? 'has no header row' : `has the columns ${header.join(', ')}`;
    throw new FileFormatError(path, 'header', `${what}; the NAB task needs a time column (${TIME_COLUMN_NAMES.slice(0, -1).join(', ')} or ${TIME_COLUMN_NAMES.at(-1)}) to match readings to labelled windows`, 1, 'line');
  }
}
