/**
 * One entry point over the calibration methods: a histogram and a method in,
 * a clipping range out. The range is what the values should be clipped to;
 * `asymmetricFromRange` then widens it to contain 0 and picks the grid.
 */
import type { Histogram } from './histogram.js';
import type { ClipRange } from './histogram-density.js';
import { calibrateEntropy, checkEntropyOptions } from './entropy.js';
import { calibrateMse, checkMseOptions } from './mse.js';
import { calibratePercentile, checkPercentile, DEFAULT_PERCENTILE } from './percentile.js';

export type CalibrationMethod =
  | { method: 'minmax' }
  | { method: 'percentile'; /** In [50, 100]; default 99.99. */ percentile?: number }
  | { method: 'entropy'; /** Quantized bins of the KL search; default 128. */ levels?: number }
  | { method: 'mse'; /** Bit width of the quantizer; default 8. */ bits?: number };

export type CalibrationMethodName = CalibrationMethod['method'];

export const CALIBRATION_METHODS: readonly CalibrationMethodName[] = ['minmax', 'percentile', 'entropy', 'mse'];

/** The exact smallest and largest values seen. */
export function calibrateMinMax(h: Histogram): ClipRange {
  return { min: h.min, max: h.max };
}

export function calibrateRange(h: Histogram, m: CalibrationMethod): ClipRange {
  switch (m.method) {
    case 'minmax':
      return calibrateMinMax(h);
    case 'percentile':
      return calibratePercentile(h, m.percentile ?? DEFAULT_PERCENTILE);
    case 'entropy':
      return calibrateEntropy(h, m.levels === undefined ? {} : { levels: m.levels });
    case 'mse':
      return calibrateMse(h, m.bits === undefined ? {} : { bits: m.bits });
    default:
      return m satisfies never;
  }
}

/** Throws unless `m` names a known method with valid options; `who` names the caller. */
export function checkCalibrationMethod(m: CalibrationMethod, who: string): void {
  const name = (m as { method?: unknown } | undefined)?.method;
  if (!CALIBRATION_METHODS.includes(name as CalibrationMethodName)) {
    throw new RangeError(`${who}: method must be one of ${CALIBRATION_METHODS.join(', ')}, got ${JSON.stringify(name)}`);
  }
  if (m.method === 'percentile' && m.percentile !== undefined) checkPercentile(m.percentile, who);
  if (m.method === 'entropy') checkEntropyOptions({ levels: m.levels }, who);
  if (m.method === 'mse') checkMseOptions({ bits: m.bits }, who);
}
