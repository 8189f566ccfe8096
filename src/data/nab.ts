/**
 * Numenta Anomaly Benchmark streams and their labelled anomaly windows
 * (https://github.com/numenta/NAB, README "The NAB corpus" and
 * labels/combined_windows.json). A stream is a CSV `timestamp,value` with
 * timestamps "YYYY-MM-DD HH:MM:SS"; the label file maps
 * "<category>/<file>.csv" to a list of [start, end] timestamp strings
 * ("2013-12-10 06:25:00.000000"). NAB scores detections inside a window as
 * true positives; here a sample is labelled anomalous (1) when its time lies
 * in any window, ends included, as NAB's labeller builds the windows from
 * sample timestamps.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FileFormatError } from '../io/file-format-error.js';
import { parseCsvTimeSeries, type TimeSeries } from './csv-timeseries.js';
import { parseTimestampS } from './csv-timeseries-table.js';

export interface NabWindow {
  startS: number;
  endS: number;
  /** The window's timestamps as written in the label file. */
  start: string;
  end: string;
  /** First and last sample index inside the window (-1 when no sample falls in it). */
  firstIndex: number;
  lastIndex: number;
  /** Whether both ends coincide with sample timestamps (true for the NAB corpus). */
  endsOnSamples: boolean;
}

export interface NabStream {
  /** Label-file key, e.g. "realKnownCause/machine_temperature_system_failure.csv". */
  key: string;
  series: TimeSeries;
  /** 1 where the sample lies in an anomaly window, else 0. */
  labels: Uint8Array;
  windows: NabWindow[];
}

/** Windows per key, as [startS, endS] with the original strings. */
export type NabLabelFile = Map<string, { startS: number; endS: number; start: string; end: string }[]>;

/** Parses combined_windows.json (or any NAB label file of that shape). */
export function parseNabWindows(jsonText: string, source: string): NabLabelFile {
  let data: unknown;
  try {
    data = JSON.parse(jsonText);
  } catch (err) {
    throw new FileFormatError(source, 'JSON', `not valid JSON: ${err instanceof Error ? err.message : String(err)}`);
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) throw new FileFormatError(source, '(root)', 'expected an object mapping "<category>/<file>.csv" to a list of [start, end] pairs');
  const out: NabLabelFile = new Map();
  for (const [key, list] of Object.entries(data)) {
    if (!Array.isArray(list)) throw new FileFormatError(source, key, `expected a list of [start, end] pairs, got ${typeof list}`);
    out.set(key, list.map((pair: unknown, k) => {
      const field = `${key}[${k}]`;
      if (!Array.isArray(pair) || pair.length !== 2 || typeof pair[0] !== 'string' || typeof pair[1] !== 'string') {
        throw new FileFormatError(source, field, `expected ["YYYY-MM-DD HH:MM:SS.ffffff", "YYYY-MM-DD HH:MM:SS.ffffff"], got ${JSON.stringify(pair)}`);
      }
      const [start, end] = pair as [string, string];
      const startS = windowTime(start, `${field}[0]`, source);
      const endS = windowTime(end, `${field}[1]`, source);
      if (endS < startS) throw new FileFormatError(source, field, `window ends (${end}) before it starts (${start})`);
      return { startS, endS, start, end };
    }));
  }
  return out;
}

export interface NabStreamOptions {
  /**
   * Rows whose timestamp does not advance. Default `'drop'`, listed in
   * `series.droppedRows`: the corpus has such rows (machine_temperature
   * repeats 02:00-02:55 on 2014-01-07, lines 10151-10162) and a time axis must
   * increase for windows to be matched. `'error'` refuses the file instead.
   */
  outOfOrder?: 'error' | 'drop';
}

/**
 * Builds a labelled stream from CSV text and parsed label windows. `key` is
 * the label-file key, or just the file name when it is unique among the keys.
 */
export function parseNabStream(csvText: string, source: string, labels: NabLabelFile, key: string, options: NabStreamOptions = {}): NabStream {
  const fullKey = resolveNabKey(labels, key, source);
  const outOfOrder = options.outOfOrder ?? 'drop';
  const series = parseCsvTimeSeries(csvText, source, { timeColumn: 'timestamp', valueColumns: ['value'], outOfOrder });
  return labelNabSeries(series, labels, fullKey);
}

/**
 * Labels a time series (UTC seconds) with the windows of `key` (a full
 * label-file key): a reading is anomalous when its time lies in a window,
 * ends included. Also the way a repaired stream gets its windows back.
 */
export function labelNabSeries(series: TimeSeries, labels: NabLabelFile, key: string): NabStream {
  const t = series.timeS;
  const flags = new Uint8Array(t.length);
  const windows = (labels.get(key) ?? []).map((w) => {
    const firstIndex = firstAtOrAfter(t, w.startS);
    const lastIndex = firstAfter(t, w.endS) - 1;
    const inside = firstIndex <= lastIndex && firstIndex < t.length;
    if (inside) flags.fill(1, firstIndex, lastIndex + 1);
    const endsOnSamples = inside && t[firstIndex] === w.startS && t[lastIndex] === w.endS;
    return { ...w, firstIndex: inside ? firstIndex : -1, lastIndex: inside ? lastIndex : -1, endsOnSamples };
  });
  return { key, series, labels: flags, windows };
}

/** Reads `<dir>/<file>` and its windows from `windowsPath` (default `<dir>/combined_windows.json`). */
export function readNabStream(dir: string, file: string, windowsPath = join(dir, 'combined_windows.json'), options: NabStreamOptions = {}): NabStream {
  const labels = parseNabWindows(readFileSync(windowsPath, 'utf8'), windowsPath);
  const name = file.split('/').pop()!;
  return parseNabStream(readFileSync(join(dir, name), 'utf8'), join(dir, name), labels, file, options);
}

/** The label-file key `key` names: itself, or the one key whose file name it is; otherwise an error listing the keys. */
export function resolveNabKey(labels: NabLabelFile, key: string, source: string): string {
  if (labels.has(key)) return key;
  const matches = [...labels.keys()].filter((k) => k.split('/').pop() === key);
  if (matches.length === 1) return matches[0]!;
  const why = matches.length === 0 ? 'no label-file key names it' : `it is ambiguous (${matches.join(', ')})`;
  throw new FileFormatError(source, 'label key', `${JSON.stringify(key)}: ${why}; keys: ${[...labels.keys()].join(', ')}`);
}

function windowTime(text: string, field: string, source: string): number {
  const seconds = parseTimestampS(text);
  if (seconds === undefined) throw new FileFormatError(source, field, `expected "YYYY-MM-DD HH:MM:SS[.ffffff]" (UTC), got ${JSON.stringify(text)}`);
  return seconds;
}

/** First index with t[i] >= x. */
function firstAtOrAfter(t: Float64Array, x: number): number {
  let lo = 0;
  let hi = t.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (t[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** First index with t[i] > x (windows include their end sample; no epsilon, which epoch seconds would swallow). */
function firstAfter(t: Float64Array, x: number): number {
  let lo = 0;
  let hi = t.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (t[mid]! <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
