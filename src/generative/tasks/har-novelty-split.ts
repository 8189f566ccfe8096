/**
 * The training side of a leave-one-activity-out novelty split: the training
 * recordings of the known activities (every activity but the held-out one),
 * divided by recording into the windows a model is fitted on and the windows
 * its threshold is calibrated on (and its best epoch chosen by).
 *
 * Why by recording: windows of one recording overlap and share its session,
 * so calibration windows cut from a fitting recording would score like
 * training data and put the threshold too low (data/file-split.ts cites the
 * leakage literature). Why a calibration set apart from the test set: a
 * threshold taken as a quantile of the very windows whose false alarms are
 * counted gives a false-alarm rate of 1 − q by construction, not a
 * measurement. The held-out activity's training recordings are left out
 * altogether: the model and its threshold never see the novel activity.
 */
import type { Rng } from '../../engine/index.js';
import { splitByFileStratified } from '../../data/index.js';

/** One training recording and how many windows it gave, in the order its windows are stored. */
export interface RecordingWindows {
  file: string;
  label: number;
  windows: number;
}

export interface KnownActivitySplit {
  /** Indices of the fitting windows among all training windows, ascending. */
  fit: number[];
  /** Indices of the calibration windows among all training windows, ascending. */
  calibration: number[];
  fitFiles: string[];
  calibrationFiles: string[];
}

/**
 * Splits the known activities' recordings, per activity, `calibrationFraction`
 * of them (at least one, at most all but one) to calibration — the stratified
 * split of data/file-split.ts over the known activities alone. `recordings`
 * lists the training recordings in storage order: recording r owns the
 * `recordings[r].windows` windows after those of recordings 0..r−1.
 */
export function knownActivitySplit(recordings: readonly RecordingWindows[], classes: readonly string[], heldOut: number, calibrationFraction: number, rng: Rng): KnownActivitySplit {
  const who = 'knownActivitySplit';
  if (!Number.isInteger(heldOut) || heldOut < 0 || heldOut >= classes.length) {
    throw new RangeError(`${who}: heldOut must be a class index in 0..${classes.length - 1} (${classes.join(', ')}), got ${heldOut}`);
  }
  if (!(calibrationFraction > 0 && calibrationFraction < 1)) throw new RangeError(`${who}: calibrationFraction must lie in (0, 1), got ${calibrationFraction}`);
  const known = classes.filter((_, k) => k !== heldOut);
  const knownIndex = (label: number): number => (label < heldOut ? label : label - 1);
  const starts: number[] = [];
  let next = 0;
  recordings.forEach((r, i) => {
    if (!Number.isInteger(r.windows) || r.windows < 0) throw new RangeError(`${who}: recordings[${i}].windows (${r.file}) must be an integer >= 0, got ${r.windows}`);
    if (!Number.isInteger(r.label) || r.label < 0 || r.label >= classes.length) throw new RangeError(`${who}: recordings[${i}].label (${r.file}) must be a class index in 0..${classes.length - 1}, got ${r.label}`);
    starts.push(next);
    next += r.windows;
  });
  const items = recordings.map((r, i) => ({ file: r.file, label: r.label, index: i })).filter((r) => r.label !== heldOut && recordings[r.index]!.windows > 0);
  const split = splitByFileStratified(items.map((r) => ({ ...r, label: knownIndex(r.label) })), { classes: known, valFraction: calibrationFraction, rng });
  const indices = (chosen: readonly { index: number }[]): number[] => {
    const out: number[] = [];
    for (const r of [...chosen].sort((a, b) => a.index - b.index)) for (let w = 0; w < recordings[r.index]!.windows; w++) out.push(starts[r.index]! + w);
    return out;
  };
  return { fit: indices(split.train), calibration: indices(split.val), fitFiles: split.train.map((r) => r.file), calibrationFiles: split.val.map((r) => r.file) };
}
