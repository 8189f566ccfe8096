/**
 * Checks of quantizeModel's and buildNestedModel's arguments, at the public
 * entry, before any work: each error names the argument or field and what
 * was expected.
 */
import { formatShape, shapesEqual, Tensor } from '../../engine/index.js';
import { checkCalibrationMethod, CALIBRATION_METHODS, type CalibrationMethod, type CalibrationMethodName } from '../quantize/calibration/calibrate-range.js';
import type { WeightedGroup } from './plan.js';

export type WeightBits = 8 | 4 | 2;
export const WEIGHT_BITS: readonly WeightBits[] = [8, 4, 2];

export interface CommonQuantizeOptions {
  /** One sample's shape without the batch axis, e.g. [3, 32, 32]. */
  inputShape: readonly number[];
  /** How activation ranges are chosen from the calibration histograms (hD's methods); default 'minmax'. */
  calibration?: CalibrationMethodName | CalibrationMethod;
  /** Empirical bias correction (Nagel et al. 2019); default true. */
  biasCorrection?: boolean;
}

export function checkInputShape(shape: unknown, who: string): number[] {
  if (!Array.isArray(shape) || shape.length === 0 || !shape.every((d) => Number.isInteger(d) && d >= 1)) {
    throw new RangeError(`${who}: options.inputShape must list positive integers without the batch axis (e.g. [3, 32, 32]), got ${JSON.stringify(shape)}`);
  }
  return [...shape] as number[];
}

/** Each batch must be float32 [N, ...inputShape]. */
export function checkBatches(batches: unknown, inputShape: readonly number[], who: string, allowEmpty = false): Tensor[] {
  if (!Array.isArray(batches)) throw new TypeError(`${who}: calibrationBatches must be an array of tensors [N, ${inputShape.join(', ')}]`);
  if (batches.length === 0 && !allowEmpty) throw new RangeError(`${who}: calibrationBatches is empty; give at least one batch [N, ${inputShape.join(', ')}] of representative inputs`);
  batches.forEach((b, i) => {
    if (!(b instanceof Tensor)) throw new TypeError(`${who}: calibrationBatches[${i}] is not a Tensor`);
    if (b.dtype !== 'float32' || b.rank !== inputShape.length + 1 || b.shape[0]! < 1 || !shapesEqual(b.shape.slice(1), inputShape)) {
      throw new RangeError(`${who}: calibrationBatches[${i}] is ${b.dtype}${formatShape(b.shape)}, expected float32 [N, ${inputShape.join(', ')}] (options.inputShape with a batch axis)`);
    }
  });
  return batches as Tensor[];
}

export function resolveCalibration(c: CommonQuantizeOptions['calibration'], who: string): CalibrationMethod {
  const m: CalibrationMethod = c === undefined ? { method: 'minmax' } : typeof c === 'string' ? ({ method: c } as CalibrationMethod) : c;
  if (typeof m !== 'object' || m === null || !CALIBRATION_METHODS.includes(m.method)) {
    throw new RangeError(`${who}: options.calibration must be one of ${CALIBRATION_METHODS.join(', ')} (or { method, ... }), got ${JSON.stringify(c)}`);
  }
  checkCalibrationMethod(m, `${who}: options.calibration`);
  return m;
}

export function resolveBiasCorrection(v: unknown, who: string): boolean {
  if (v === undefined) return true;
  if (typeof v !== 'boolean') throw new TypeError(`${who}: options.biasCorrection must be true or false, got ${JSON.stringify(v)}`);
  return v;
}

function isWeightBits(b: unknown): b is WeightBits {
  return WEIGHT_BITS.includes(b as WeightBits);
}

/** The weight bits of every group: one width for all, or by layer path (others 8). */
export function resolveWeightBits(v: unknown, groups: readonly WeightedGroup[], who: string): Map<string, WeightBits> {
  const out = new Map<string, WeightBits>(groups.map((g) => [g.path, 8]));
  if (v === undefined) return out;
  if (typeof v === 'number') {
    if (!isWeightBits(v)) throw new RangeError(`${who}: options.weightBits must be 8, 4 or 2 (or a record of them by layer path), got ${v}`);
    for (const g of groups) out.set(g.path, v);
    return out;
  }
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new TypeError(`${who}: options.weightBits must be 8, 4, 2 or a record { layerPath: bits }, got ${JSON.stringify(v)}`);
  for (const [path, bits] of Object.entries(v)) {
    if (!out.has(path)) throw new RangeError(`${who}: options.weightBits names "${path}", which is not a Conv1d/Conv2d/Linear of the model; layers: ${[...out.keys()].join(', ')}`);
    if (!isWeightBits(bits)) throw new RangeError(`${who}: options.weightBits["${path}"] must be 8, 4 or 2, got ${JSON.stringify(bits)}`);
    out.set(path, bits);
  }
  return out;
}

/** Input channels (features) per weight scale block, or null for one scale per output channel. */
export function resolveGroupSize(v: unknown, who: string): number | null {
  if (v === undefined || v === null) return null;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 1) throw new RangeError(`${who}: options.groupSize must be a positive integer (input channels per weight scale), got ${JSON.stringify(v)}`);
  return v;
}
