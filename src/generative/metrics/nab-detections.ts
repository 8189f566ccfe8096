/**
 * Event-level scoring of an anomaly-score series against labelled anomaly
 * windows, after the Numenta Anomaly Benchmark (A. Lavin, S. Ahmad,
 * "Evaluating Real-time Anomaly Detection Algorithms – the Numenta Anomaly
 * Benchmark", IEEE ICMLA 2015). A real-time detector is judged by
 * the alarms it raises, not by its per-sample scores: one alarm inside a
 * window catches the anomaly, earlier is better, and every alarm outside the
 * windows is a false alarm somebody has to answer.
 *
 * What NAB defines and this keeps: labelled windows around each anomaly, a
 * window counts as detected by any detection inside it (only the first one
 * matters, and its delay from the window start is reported), detections
 * outside all windows are false positives, and the probationary period at the
 * start of the stream, during which a detector is still learning, is not
 * scored. What this leaves out: NAB's scaled sigmoid weighting of a detection
 * by its position in the window and the application profiles' weights; the
 * counts and delays are reported raw so a report can weigh them.
 *
 * A detection is a rising edge: a sample whose score is above the threshold
 * while the previous scored sample's was not (the first scored sample is a
 * detection when it is already above). Crossings within `minGap` samples
 * after the last reported detection are the same event (a score jittering
 * around the threshold) and are not reported again. The probationary samples
 * are not seen at all: the detector's state starts at sample `probation`.
 * The threshold comes from normal data (threshold.ts), never from these labels.
 */
import { requireFinite, requireFiniteValues, requireInteger, type NumericArray } from './argument-checks.js';

/** An anomaly window as inclusive sample indices (data/nab.ts's NabWindow has this shape). */
export interface LabelledWindow {
  firstIndex: number;
  lastIndex: number;
}

export interface DetectionOptions {
  /** Samples after a detection during which further crossings are the same event; default 0. */
  minGap?: number;
  /** Leading samples not scored (NAB's probationary period); default 0. No window may start inside it. */
  probation?: number;
}

export interface DetectionReport {
  /** Sample indices of the reported detections, ascending. */
  detections: number[];
  windowsDetected: number;
  windowsTotal: number;
  /** Detections outside every window. */
  falseAlarms: number;
  /** Per window, in the given order: samples from its first index to its first detection, or null when missed. */
  firstDetectionDelay: (number | null)[];
}

/** Detections of `scores` above `threshold`, matched to the labelled `windows`. */
export function scoreDetections(scores: NumericArray, threshold: number, windows: readonly LabelledWindow[], options: DetectionOptions = {}): DetectionReport {
  const who = 'scoreDetections';
  const length = requireFiniteValues(who, 'scores', scores);
  requireFinite(who, 'threshold', threshold);
  const minGap = options.minGap ?? 0;
  const probation = options.probation ?? 0;
  requireInteger(who, 'options.minGap', minGap, 0);
  requireInteger(who, 'options.probation', probation, 0);
  if (probation >= length) throw new RangeError(`${who}: options.probation is ${probation} but scores has only ${length} samples; nothing would be scored`);
  if (!Array.isArray(windows)) throw new TypeError(`${who}: windows must be an array of { firstIndex, lastIndex }`);
  windows.forEach((w, i) => checkWindow(who, i, w, length, probation));

  const detections: number[] = [];
  let above = false;
  for (let t = probation; t < length; t++) {
    const now = scores[t]! > threshold;
    if (now && !above) {
      const last = detections[detections.length - 1];
      if (last === undefined || t - last > minGap) detections.push(t);
    }
    above = now;
  }

  const firstDetectionDelay = windows.map((w) => {
    const hit = detections.find((d) => d >= w.firstIndex && d <= w.lastIndex);
    return hit === undefined ? null : hit - w.firstIndex;
  });
  const falseAlarms = detections.filter((d) => !windows.some((w) => d >= w.firstIndex && d <= w.lastIndex)).length;
  return {
    detections,
    windowsDetected: firstDetectionDelay.filter((d) => d !== null).length,
    windowsTotal: windows.length,
    falseAlarms,
    firstDetectionDelay,
  };
}

function checkWindow(who: string, i: number, w: LabelledWindow, length: number, probation: number): void {
  if (w === null || typeof w !== 'object') throw new TypeError(`${who}: windows[${i}] must be { firstIndex, lastIndex }, got ${String(w)}`);
  requireInteger(who, `windows[${i}].firstIndex`, w.firstIndex, 0);
  requireInteger(who, `windows[${i}].lastIndex`, w.lastIndex, w.firstIndex);
  if (w.lastIndex >= length) throw new RangeError(`${who}: windows[${i}] ends at sample ${w.lastIndex}, past the last score (index ${length - 1})`);
  if (w.firstIndex < probation) {
    throw new RangeError(`${who}: windows[${i}] starts at sample ${w.firstIndex}, inside the probationary period of ${probation} samples, where it could never be detected`);
  }
}
