/**
 * A recorded sensor stream, read as it ships, for serving a model over it
 * (`edgewatt run <ladder> --stream <file>`): readings `[T, C]` at a known
 * rate, with column names where the file has them. Three formats:
 *
 * - WFDB (`.hea` + its signal files, e.g. MIT-BIH): physical units, the
 *   header's sampling frequency, signal descriptions (`MLII`, `V5`) as names;
 * - CSV with a header row (NAB, logger exports): a `timestamp`/`time`
 *   column when present gives the reading times and the rate (median step);
 * - CSV without a header (the STM32 HAR recordings, `x, y, z` in mg): the
 *   rate from a `_<rate>Hz_` part of the file name, else the caller's.
 *
 * Windowing and scaling into model inputs is the runtime's (it knows the
 * model's sensor input); this file only turns files into readings.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, extname } from 'node:path';
import { FileFormatError } from '../io/file-format-error.js';
import { isNumberCell, numberCell, parseCsvTable } from './csv-timeseries-table.js';
import { parseCsvTimeSeries, type DroppedRow } from './csv-timeseries.js';
import { readWfdbRecord } from './wfdb/record.js';

export type SensorStreamFormat = 'wfdb' | 'csv' | 'csv-headerless';

export interface SensorStream {
  source: string;
  format: SensorStreamFormat;
  /** Column names in value order; null when the file names none (match by position). */
  channels: string[] | null;
  /** Unit per column where the file states it (WFDB), else null. */
  units: (string | null)[];
  sampleRateHz: number;
  /** Row-major `[length, channels]`; NaN where a reading is marked invalid (WFDB). */
  values: Float32Array;
  length: number;
  /**
   * Seconds of each reading since the first, when the file time-stamps its
   * readings (gaps included); null when times follow from the rate.
   */
  timeS: Float64Array | null;
  /**
   * Unix time (s, UTC) of the first reading when the file stamps readings
   * with calendar date-times (NAB); absent otherwise. Lets a repair report
   * name a gap by its date rather than by seconds into the stream.
   */
  startUtcS?: number;
  /** Rows a time-stamped CSV read with `outOfOrder: 'drop'` left out (data/stream-check reports them); absent otherwise. */
  droppedRows?: DroppedRow[];
}

export interface SensorStreamOptions {
  /** Readings per second, for files that do not state it (headerless CSV without `_<rate>Hz_` in its name). */
  sampleRateHz?: number;
  /**
   * Time-stamped CSV rows whose time does not advance: `'error'` (default)
   * refuses the file; `'drop'` leaves them out and lists them in
   * `droppedRows` (NAB machine_temperature repeats an hour on 2014-01-07).
   */
  outOfOrder?: 'error' | 'drop';
}

/** A `_<rate>Hz_` (or `_<rate>Hz.`) part of a file name, as the STM32 HAR recordings are named; null when absent. */
export function sampleRateFromFileName(name: string): number | null {
  const match = /_(\d+(?:\.\d+)?)Hz(?:_|\.)/i.exec(basename(name));
  return match ? Number(match[1]) : null;
}

function checkRate(rate: number | undefined, source: string): number | undefined {
  if (rate === undefined) return undefined;
  if (!(rate > 0) || !Number.isFinite(rate)) throw new RangeError(`${source}: the sample rate must be a positive number of Hz, got ${rate}`);
  return rate;
}

export function readSensorStream(path: string, options: SensorStreamOptions = {}): SensorStream {
  const asked = checkRate(options.sampleRateHz, path);
  const hea = path.endsWith('.hea') ? path : extname(path) === '' && existsSync(`${path}.hea`) ? `${path}.hea` : null;
  if (hea !== null) return wfdbStream(hea, asked);
  if (!existsSync(path)) throw new Error(`stream file ${path} not found`);
  if (!statSync(path).isFile()) throw new Error(`stream ${path} is a folder; give one recording (a .csv file or a WFDB .hea header)`);
  const ext = extname(path).toLowerCase();
  if (ext === '.dat' || ext === '.atr') throw new Error(`${path}: give the WFDB record's header (${path.slice(0, -ext.length)}.hea), not its ${ext} file`);
  if (ext !== '.csv' && ext !== '.txt') throw new Error(`${path}: unknown stream format "${ext}"; expected a CSV file (.csv) or a WFDB header (.hea)`);
  return parseSensorCsv(readFileSync(path, 'utf8'), path, asked, options.outOfOrder);
}

function wfdbStream(hea: string, asked: number | undefined): SensorStream {
  const record = readWfdbRecord(hea);
  const c = record.signals.length;
  if (c === 0 || record.length === 0) throw new FileFormatError(hea, 'signals', 'the record holds no samples');
  const fs = record.header.samplingFrequencyHz;
  if (asked !== undefined && asked !== fs) throw new RangeError(`${hea}: the header says ${fs} Hz; a sample rate of ${asked} Hz was also given — leave it out for WFDB records`);
  const values = new Float32Array(record.length * c);
  record.signals.forEach((s, j) => {
    for (let t = 0; t < record.length; t++) values[t * c + j] = s.physical[t]!;
  });
  return {
    source: hea, format: 'wfdb',
    channels: record.signals.map((s, j) => s.spec.description || `signal ${j}`),
    units: record.signals.map((s) => s.spec.units),
    sampleRateHz: fs, values, length: record.length, timeS: null,
  };
}

const TIME_COLUMNS = ['timestamp', 'time', 'datetime', 'date'];

/**
 * Parses CSV text (`source` names the file in errors and gives the rate when
 * its name has `_<rate>Hz_`); `outOfOrder` as in {@link SensorStreamOptions}.
 */
export function parseSensorCsv(text: string, source: string, sampleRateHz?: number, outOfOrder: 'error' | 'drop' = 'error'): SensorStream {
  const table = parseCsvTable(text, source);
  if (table.rows.length === 0) throw new FileFormatError(source, 'rows', 'no readings (the file is empty or holds only a header)');
  const timeColumn = table.header?.find((h) => TIME_COLUMNS.includes(h.trim().toLowerCase()));
  if (table.header !== undefined && timeColumn !== undefined) {
    const series = parseCsvTimeSeries(text, source, { timeColumn, outOfOrder });
    if (series.timeS.length < 2) throw new FileFormatError(source, timeColumn, 'a time-stamped stream needs at least two readings to know its rate');
    const rate = 1 / series.medianStepS;
    const t0 = series.timeS[0]!;
    const calendar = !isNumberCell(table.rows[0]!.cells[table.header.indexOf(timeColumn)] ?? '');
    return {
      source, format: 'csv', channels: series.columns, units: series.columns.map(() => null),
      sampleRateHz: sampleRateHz ?? rate, values: series.values, length: series.timeS.length,
      timeS: Float64Array.from(series.timeS, (t) => t - t0),
      ...(calendar ? { startUtcS: t0 } : {}),
      ...(outOfOrder === 'drop' ? { droppedRows: series.droppedRows } : {}),
    };
  }
  const rate = sampleRateHz ?? sampleRateFromFileName(source);
  if (rate === null) {
    throw new Error(`${source}: the file gives no reading times and its name no "_<rate>Hz_" part; give the sample rate (--rate <Hz>)`);
  }
  const width = table.header?.length ?? table.rows[0]!.cells.length;
  const names = table.header ?? null;
  const values = new Float32Array(table.rows.length * width);
  table.rows.forEach((row, t) => {
    for (let j = 0; j < width; j++) values[t * width + j] = numberCell(row, j, names?.[j] ?? `column ${j + 1}`, source);
  });
  return {
    source, format: names === null ? 'csv-headerless' : 'csv', channels: names, units: Array(width).fill(null),
    sampleRateHz: rate, values, length: table.rows.length, timeS: null,
  };
}
