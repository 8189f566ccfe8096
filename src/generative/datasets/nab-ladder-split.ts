/**
 * The split of a NAB stream for ONE deployable detector — the model a
 * device is flashed with, as opposed to the cross-fitted pair of
 * tasks/nab-anomaly.ts, which scores every reading out of sample but is no
 * single model a device runs.
 *
 * A device learns "normal" from what it has seen before it is deployed, so
 * training uses only the leading stretch of the stream: its first
 * `trainFraction` of the decimated readings (default 0.5, the training
 * block of the ECG split, datasets/ecg-beat-task.ts). Training windows are
 * the windows of that stretch that touch no labelled reading (normal data
 * only, as in the cross-fitted task), 20% of them held out at random for
 * early stopping; the series is standardised with the mean and deviation
 * of the stretch's normal readings. Everything after it — the rest of the
 * stream, which the model never saw — is the test set: every sliding window
 * of `windowLength` decimated readings lying wholly after the training
 * stretch (stride one reading: the window the device scores at each new
 * reading). A test window is positive (1) when at least one of its
 * readings lies in a labelled anomaly window (ends included, data/nab.ts),
 * else negative (0): the window holds anomalous data, whether the anomaly
 * began, is going on or ended within its span.
 *
 * The stretch must hold at least two windows' worth of readings (the
 * least the cross-fitted task accepts per fold) and two normal windows
 * (one to train on, one held out); the rest must hold both positive and
 * negative windows, or no ROC-AUC is defined. Each is checked here, before
 * any training.
 */
import type { Rng } from '../../engine/index.js';
import type { NabStream } from '../../data/index.js';
import type { WindowSet } from '../metrics/window-set.js';
import { windowsAt } from './series-windows.js';
import { decimateNabStream, standardiseOn, usableWindowStarts, type DecimatedNab } from './nab-series.js';

export interface NabLadderSplitOptions {
  /** Raw readings averaged into one; default 4 (5-min readings → 20 min, as tasks/nab-anomaly.ts). */
  decimation?: number;
  /** Decimated readings per window; default 64 (21 h at 20 min, as tasks/nab-anomaly.ts). */
  windowLength?: number;
  /** Leading fraction of the decimated readings the detector is trained on, in (0, 1); default 0.5. */
  trainFraction?: number;
}

export interface NabLadderSplit {
  decimation: number;
  windowLength: number;
  trainFraction: number;
  series: DecimatedNab;
  /** Decimated readings [0, trainReadings) are the training stretch; the rest is scored. */
  trainReadings: number;
  /** Standardisation of the training stretch's normal readings (original units). */
  standardisation: { mean: number; std: number };
  train: WindowSet;
  validation: WindowSet;
  test: WindowSet;
  /** Per test window: 1 when one of its readings lies in a labelled window, else 0. */
  testLabels: Uint8Array;
  /** First decimated reading of each test window. */
  testStarts: Int32Array;
  counts: { train: number; validation: number; test: number; testPositive: number };
}

/** Why a stream cannot be split; the CLI wraps it into an error naming the file. */
export class NabLadderSplitError extends RangeError {
  override readonly name = 'NabLadderSplitError';
}

/** Checks what can be checked without a random source (the CLI's pre-training check); returns the split's shape. */
export function checkNabLadderSplit(stream: NabStream, o: NabLadderSplitOptions = {}): { series: DecimatedNab; trainReadings: number; normalStarts: number[]; testStarts: number[]; testLabels: Uint8Array } {
  const who = 'nabLadderSplit';
  const D = o.decimation ?? 4;
  const L = o.windowLength ?? 64;
  const fraction = o.trainFraction ?? 0.5;
  if (!Number.isInteger(D) || D < 1) throw new RangeError(`${who}: decimation must be an integer >= 1, got ${D}`);
  if (!Number.isInteger(L) || L < 2) throw new RangeError(`${who}: windowLength must be an integer >= 2, got ${L}`);
  if (!(fraction > 0 && fraction < 1)) throw new RangeError(`${who}: trainFraction must lie in (0, 1) (a leading stretch to train on and a rest to score), got ${fraction}`);
  const series = decimateNabStream(stream, D);
  const n = series.values.length;
  const split = Math.floor(fraction * n);
  const pct = `${+(fraction * 100).toFixed(2)} %`;
  if (split < 2 * L) {
    throw new NabLadderSplitError(`the training stretch (the first ${pct} of ${n} readings after decimation by ${D}) holds ${split} readings; the detector needs at least ${2 * L} (two windows of ${L})`);
  }
  const { labelled } = series;
  const normalStarts = usableWindowStarts(split, L, (i) => !labelled[i]);
  if (normalStarts.length < 2) {
    throw new NabLadderSplitError(
      `the training stretch (the first ${pct}, ${split} readings after decimation by ${D}) holds ${normalStarts.length} window${normalStarts.length === 1 ? '' : 's'} of ${L} readings outside every labelled anomaly window; training needs at least 2 (one to train on, one held out)`,
    );
  }
  const testStarts: number[] = [];
  for (let a = split; a + L <= n; a++) testStarts.push(a);
  const testLabels = Uint8Array.from(testStarts, (a) => (labelled.subarray(a, a + L).some((y) => y === 1) ? 1 : 0));
  const positives = testLabels.reduce((s, y) => s + y, 0);
  if (positives === 0 || positives === testLabels.length) {
    throw new NabLadderSplitError(
      `the rest of the stream after the training stretch (readings ${split}..${n - 1} after decimation by ${D}) holds ${testLabels.length} windows of ${L}, ${positives} touching a labelled anomaly window; the ROC-AUC needs both windows that do and windows that do not`,
    );
  }
  return { series, trainReadings: split, normalStarts, testStarts, testLabels };
}

/** The split (see the file comment); `rng` picks the held-out 20% of the training windows. */
export function nabLadderSplit(stream: NabStream, rng: Rng, o: NabLadderSplitOptions = {}): NabLadderSplit {
  const checked = checkNabLadderSplit(stream, o);
  const { series, trainReadings: split, testStarts, testLabels } = checked;
  const L = o.windowLength ?? 64;
  const { z, mean, std } = standardiseOn(series.values, (i) => i < split && !series.labelled[i]);
  const starts = [...checked.normalStarts];
  rng.shuffle(starts);
  const nVal = Math.max(1, Math.floor(starts.length * 0.2));
  const validation = windowsAt(z, starts.slice(0, nVal), L);
  const train = windowsAt(z, starts.slice(nVal), L);
  const test = windowsAt(z, testStarts, L);
  return {
    decimation: o.decimation ?? 4, windowLength: L, trainFraction: o.trainFraction ?? 0.5, series, trainReadings: split,
    standardisation: { mean, std }, train, validation, test, testLabels, testStarts: Int32Array.from(testStarts),
    counts: { train: train.count, validation: validation.count, test: test.count, testPositive: testLabels.reduce((s, y) => s + y, 0) },
  };
}
