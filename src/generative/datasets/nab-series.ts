/**
 * A NAB stream as the VAE detectors see it: decimated (the mean of each run
 * of `factor` readings), with its labelled windows mapped onto the
 * decimated readings, standardised on a chosen set of normal readings, and
 * cut into the windows that touch no labelled reading. Shared by the
 * cross-fitted task (tasks/nab-anomaly.ts: the normal readings outside each
 * fold) and the deployable detector (datasets/nab-ladder-split.ts: the
 * normal readings of the stream's leading stretch), so both read the
 * stream the same way.
 */
import type { NabStream } from '../../data/index.js';
import { decimateSeries } from './series-windows.js';

export interface DecimatedNabWindow {
  /** First and last decimated reading inside the window (a decimated reading is inside when its first raw reading's index maps into it). */
  firstIndex: number;
  lastIndex: number;
  /** The window's timestamps as the label file writes them. */
  start: string;
  end: string;
}

export interface DecimatedNab {
  /** The decimated readings (original units). */
  values: Float32Array;
  /** Seconds since the first raw reading, of each decimated reading's first raw reading. */
  timeS: Float64Array;
  /** Step between decimated readings (0 with a single reading). */
  stepS: number;
  /** The labelled windows that hold at least one raw reading, on the decimated axis. */
  windows: DecimatedNabWindow[];
  /** 1 where a decimated reading lies in a labelled window, else 0. */
  labelled: Uint8Array;
}

/** Decimates the stream by `factor` (a trailing partial run is dropped) and maps its labelled windows onto the result. */
export function decimateNabStream(stream: NabStream, factor: number): DecimatedNab {
  const values = decimateSeries(stream.series.values, factor);
  const n = values.length;
  const t = stream.series.timeS;
  const timeS = Float64Array.from({ length: n }, (_, i) => t[i * factor]! - t[0]!);
  const stepS = timeS.length > 1 ? timeS[1]! - timeS[0]! : 0;
  const windows = stream.windows
    .filter((w) => w.firstIndex >= 0)
    .map((w) => ({ firstIndex: Math.floor(w.firstIndex / factor), lastIndex: Math.min(n - 1, Math.floor(w.lastIndex / factor)), start: w.start, end: w.end }));
  const labelled = new Uint8Array(n);
  for (const w of windows) labelled.fill(1, w.firstIndex, w.lastIndex + 1);
  return { values, timeS, stepS, windows, labelled };
}

/**
 * The series standardised with the mean and (population) standard
 * deviation of the readings `use` selects — the normal training readings,
 * so no labelled or held-out reading shapes the scale. A constant selection
 * keeps a scale of 1.
 */
export function standardiseOn(values: Float32Array, use: (i: number) => boolean): { z: Float32Array; mean: number; std: number } {
  let mean = 0;
  let count = 0;
  for (let i = 0; i < values.length; i++) if (use(i)) (mean += values[i]!), count++;
  mean /= count;
  let variance = 0;
  for (let i = 0; i < values.length; i++) if (use(i)) variance += (values[i]! - mean) ** 2;
  const std = Math.sqrt(variance / count) || 1;
  return { z: Float32Array.from(values, (v) => (v - mean) / std), mean, std };
}

/** Start indices, ascending, of the windows of `length` readings all of whose readings `usable` accepts. */
export function usableWindowStarts(n: number, length: number, usable: (i: number) => boolean): number[] {
  const starts: number[] = [];
  for (let a = 0; a + length <= n; a++) {
    let ok = true;
    for (let j = a; j < a + length && ok; j++) ok = usable(j);
    if (ok) starts.push(a);
  }
  return starts;
}
