/**
 * A generic CSV time-series reader: one timestamp column (UTC date-time or
 * numeric seconds) and one or more numeric value columns, chosen by name or
 * index. Time must strictly increase; a bad cell or a step backwards is a
 * FileFormatError with its line. Gaps — steps much longer than the typical
 * step — are not filled here: they are listed in the result, so the caller
 * decides (resample.ts fills them, and says how many bins it filled).
 */
import { readFileSync } from 'node:fs';
import { FileFormatError } from '../io/file-format-error.js';
import { columnIndex, numberCell, parseCsvTable, timestampCell, type CsvTableOptions } from './csv-timeseries-table.js';
import { slidingWindows, type Windows } from './windows.js';

export interface CsvTimeSeriesOptions extends CsvTableOptions {
  /** Timestamp column, by name or index. Default: `'timestamp'` when the header has it, else column 0. */
  timeColumn?: string | number;
  /** Value columns. Default: every column except the time column. */
  valueColumns?: readonly (string | number)[];
  /** A step longer than `gapFactor` x the median step is reported as a gap. Default 1.5. */
  gapFactor?: number;
  /**
   * A row whose time is not after the latest kept time: `'error'` (default)
   * throws with its line; `'drop'` leaves it out and lists it in
   * `droppedRows` (NAB's machine_temperature stream repeats an hour, for one).
   */
  outOfOrder?: 'error' | 'drop';
}

export interface DroppedRow {
  /** 1-based line in the file. */
  line: number;
  timeS: number;
  /** The latest kept time it did not come after. */
  afterS: number;
}

export interface TimeGap {
  /** Index of the last sample before the gap. */
  afterIndex: number;
  fromS: number;
  toS: number;
  /** Whole median steps missing inside the gap, rounded. */
  missingSteps: number;
}

export interface TimeSeries {
  source: string;
  /** Seconds since the Unix epoch (UTC), or the file's own numeric time; strictly increasing. */
  timeS: Float64Array;
  /** Row-major `[T, C]` values, one column per entry of `columns`. */
  values: Float32Array;
  columns: string[];
  /** Median of the steps between consecutive samples (0 for fewer than 2 samples). */
  medianStepS: number;
  gaps: TimeGap[];
  /** Rows left out by `outOfOrder: 'drop'` (always empty under `'error'`). */
  droppedRows: DroppedRow[];
}

/** Parses CSV text (`source` names the file in errors). */
export function parseCsvTimeSeries(text: string, source: string, options: CsvTimeSeriesOptions = {}): TimeSeries {
  const table = parseCsvTable(text, source, options);
  const timeCol = columnIndex(table, options.timeColumn ?? (table.header?.includes('timestamp') ? 'timestamp' : 0), source);
  const width = (table.header ?? table.rows[0]?.cells ?? []).length;
  const valueCols = (options.valueColumns ?? [...Array(width).keys()].filter((k) => k !== timeCol)).map((c) => columnIndex(table, c, source));
  const names = valueCols.map((k) => table.header?.[k] ?? `column ${k}`);
  const timeName = table.header?.[timeCol] ?? `column ${timeCol}`;
  const n = table.rows.length;
  const timeS = new Float64Array(n);
  const values = new Float32Array(n * valueCols.length);
  const droppedRows: DroppedRow[] = [];
  let kept = 0;
  for (const row of table.rows) {
    const t = timestampCell(row, timeCol, timeName, source);
    const rowValues = valueCols.map((c, j) => numberCell(row, c, names[j]!, source));
    if (kept > 0 && !(t > timeS[kept - 1]!)) {
      if (options.outOfOrder !== 'drop') {
        throw new FileFormatError(source, timeName, `time must strictly increase, but ${t} s follows ${timeS[kept - 1]} s (outOfOrder: 'drop' leaves such rows out and lists them)`, row.line, 'line');
      }
      droppedRows.push({ line: row.line, timeS: t, afterS: timeS[kept - 1]! });
      continue;
    }
    timeS[kept] = t;
    values.set(rowValues, kept * valueCols.length);
    kept++;
  }
  const keptTime = timeS.slice(0, kept);
  const medianStepS = medianStep(keptTime);
  return {
    source, timeS: keptTime, values: values.slice(0, kept * valueCols.length), columns: names,
    medianStepS, gaps: findGaps(keptTime, medianStepS, options.gapFactor ?? 1.5), droppedRows,
  };
}

/** Reads and parses a CSV time-series file. */
export function readCsvTimeSeries(path: string, options: CsvTimeSeriesOptions = {}): TimeSeries {
  return parseCsvTimeSeries(readFileSync(path, 'utf8'), path, options);
}

/** Median step of a strictly increasing time axis. */
export function medianStep(timeS: Float64Array): number {
  if (timeS.length < 2) return 0;
  const steps = new Float64Array(timeS.length - 1);
  for (let i = 1; i < timeS.length; i++) steps[i - 1] = timeS[i]! - timeS[i - 1]!;
  steps.sort();
  const mid = steps.length >> 1;
  return steps.length % 2 === 1 ? steps[mid]! : (steps[mid - 1]! + steps[mid]!) / 2;
}

/** Steps longer than `factor` x `stepS`. Pure; exported for streams built elsewhere. */
export function findGaps(timeS: Float64Array, stepS: number, factor: number): TimeGap[] {
  if (!(factor > 1)) throw new RangeError(`findGaps: factor must be > 1, got ${factor}`);
  const gaps: TimeGap[] = [];
  if (!(stepS > 0)) return gaps;
  for (let i = 1; i < timeS.length; i++) {
    const dt = timeS[i]! - timeS[i - 1]!;
    if (dt > factor * stepS) gaps.push({ afterIndex: i - 1, fromS: timeS[i - 1]!, toS: timeS[i]!, missingSteps: Math.round(dt / stepS) - 1 });
  }
  return gaps;
}

export interface TimeSeriesWindows extends Windows {
  /** Time of each window's first sample. */
  startS: Float64Array;
}

/**
 * Sliding windows over a series (see windows.ts: `[count, C, windowLength]`,
 * complete windows only). A series with gaps should be resampled first;
 * windows here count samples, not seconds.
 */
export function timeSeriesWindows(series: Pick<TimeSeries, 'timeS' | 'values'>, windowLength: number, stride: number): TimeSeriesWindows {
  const channels = series.timeS.length === 0 ? 1 : series.values.length / series.timeS.length;
  const w = slidingWindows(series.values, Math.max(1, channels), windowLength, stride);
  const startS = Float64Array.from({ length: w.count }, (_, k) => series.timeS[k * stride]!);
  return { ...w, startS };
}
