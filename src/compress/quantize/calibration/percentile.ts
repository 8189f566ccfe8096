/**
 * Percentile calibration: clip the (100 − p)% tails on each side, so a few
 * extreme values do not stretch the quantization grid over a range the bulk
 * never reaches. Wu et al. 2020 ("Integer Quantization for Deep Learning
 * Inference: Principles and Empirical Evaluation", arXiv:2004.09602) compare
 * 99.9 to 99.9999 for activations; 99.99 is the usual middle ground.
 */
import type { Histogram } from './histogram.js';
import { quantile, type ClipRange } from './histogram-density.js';

export const DEFAULT_PERCENTILE = 99.99;

/** [q((100 − p)/100), q(p/100)] for p in [50, 100]; p = 100 gives the exact [min, max]. */
export function calibratePercentile(h: Histogram, p: number = DEFAULT_PERCENTILE): ClipRange {
  checkPercentile(p, 'calibratePercentile');
  return { min: quantile(h, (100 - p) / 100), max: quantile(h, p / 100) };
}

export function checkPercentile(p: unknown, who: string): void {
  if (typeof p !== 'number' || !(p >= 50 && p <= 100)) {
    throw new RangeError(`${who}: percentile must be a number from 50 to 100 (e.g. 99.99), got ${String(p)}`);
  }
}
