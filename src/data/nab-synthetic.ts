/**
 * A synthetic NAB-format stream: `timestamp,value` CSV at a fixed step plus a
 * combined_windows.json entry, so tests run the NAB reader without the shared
 * corpus. The signal is a daily sinusoid with noise (machine temperatures
 * follow load cycles); inside each anomaly window the level shifts up, a
 * crude stand-in for the failures NAB labels. Window ends are sample times,
 * written in NAB's "YYYY-MM-DD HH:MM:SS.ffffff" form.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Rng } from '../engine/random.js';
import { writeFileAtomicSync } from '../io/atomic-write.js';

export interface SyntheticNabOptions {
  /** Label-file key; default "synthetic/synthetic_stream.csv". */
  key?: string;
  samples?: number;
  /** Default 300 s, the 5-minute step of most NAB streams. */
  stepS?: number;
  /** Epoch seconds of the first sample; default 2014-01-01 00:00:00 UTC. */
  startS?: number;
  /** Windows as [first sample, last sample] index pairs. Default two windows. */
  windows?: readonly [number, number][];
  rng?: Rng;
}

export interface SyntheticNab {
  key: string;
  csv: string;
  windowsJson: string;
  timeS: Float64Array;
  values: Float64Array;
  windows: readonly [number, number][];
}

const DAY_S = 86_400;

export function synthesizeNab(options: SyntheticNabOptions = {}): SyntheticNab {
  const n = options.samples ?? 600;
  const step = options.stepS ?? 300;
  const start = options.startS ?? Date.UTC(2014, 0, 1) / 1000;
  const windows = options.windows ?? [[Math.floor(n * 0.3), Math.floor(n * 0.35)], [Math.floor(n * 0.8), Math.floor(n * 0.85)]];
  const rng = options.rng ?? new Rng(0);
  const key = options.key ?? 'synthetic/synthetic_stream.csv';
  for (const [a, b] of windows) {
    if (!Number.isInteger(a) || !Number.isInteger(b) || a < 0 || b < a || b >= n) throw new RangeError(`synthesizeNab: window [${a}, ${b}] is not a sample index range within ${n} samples`);
  }
  const timeS = Float64Array.from({ length: n }, (_, i) => start + i * step);
  const values = Float64Array.from(timeS, (t, i) => {
    const shift = windows.some(([a, b]) => i >= a && i <= b) ? 15 : 0;
    return Math.round((80 + 5 * Math.sin((2 * Math.PI * t) / DAY_S) + shift + rng.normal()) * 1e6) / 1e6;
  });
  const lines = ['timestamp,value', ...Array.from(timeS, (t, i) => `${formatNabTime(t, false)},${values[i]}`)];
  const json = { [key]: windows.map(([a, b]) => [formatNabTime(timeS[a]!, true), formatNabTime(timeS[b]!, true)]) };
  return { key, csv: lines.join('\n') + '\n', windowsJson: JSON.stringify(json, null, 4) + '\n', timeS, values, windows };
}

/** Writes `<dir>/<file>.csv` and `<dir>/combined_windows.json` atomically. */
export function writeSyntheticNab(dir: string, options: SyntheticNabOptions = {}): SyntheticNab {
  const nab = synthesizeNab(options);
  mkdirSync(dir, { recursive: true });
  writeFileAtomicSync(join(dir, nab.key.split('/').pop()!), nab.csv);
  writeFileAtomicSync(join(dir, 'combined_windows.json'), nab.windowsJson);
  return nab;
}

/** "YYYY-MM-DD HH:MM:SS" (stream) or with ".000000" (label file), UTC. */
export function formatNabTime(epochS: number, micro: boolean): string {
  const iso = new Date(epochS * 1000).toISOString(); // 2014-01-01T00:00:00.000Z
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)}${micro ? '.000000' : ''}`;
}
