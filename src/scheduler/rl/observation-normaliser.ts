/**
 * Fixed per-feature standardisation of observations, x' = (x − mean) / std,
 * applied before the Q-network both in training and on the device, and
 * saved with the policy so the two agree. Networks train poorly on
 * features of very different scales (Y. LeCun, L. Bottou, G. Orr &
 * K.-R. Müller, "Efficient BackProp", 1998, §4.3: "the inputs should be
 * normalised"); the scheduler's state mixes joules, hertz and 0..1 ratios.
 *
 * Fixed, not running: statistics that drift during training move the
 * target of every stored transition; the caller computes them once (from a
 * random-policy rollout or the features' known ranges).
 */

export interface ObservationNormaliser {
  readonly mean: Float32Array;
  /** Every entry finite and > 0. */
  readonly std: Float32Array;
}

/** mean 0, std 1: observations pass unchanged. */
export function identityNormaliser(observationSize: number): ObservationNormaliser {
  return { mean: new Float32Array(observationSize), std: new Float32Array(observationSize).fill(1) };
}

/** Checks lengths and values; `who` and `name` go into the error. Returns Float32Array copies. */
export function checkNormaliser(who: string, name: string, n: ObservationNormaliser, observationSize: number): ObservationNormaliser {
  if (typeof n !== 'object' || n === null) throw new TypeError(`${who}: ${name} must be an object { mean, std }, got ${n === null ? 'null' : typeof n}`);
  const mean = Float32Array.from(n.mean ?? []);
  const std = Float32Array.from(n.std ?? []);
  if (mean.length !== observationSize || std.length !== observationSize) {
    throw new RangeError(`${who}: ${name}.mean and ${name}.std must both have observationSize = ${observationSize} entries, got ${mean.length} and ${std.length}`);
  }
  for (let i = 0; i < observationSize; i++) {
    if (!Number.isFinite(mean[i]!)) throw new RangeError(`${who}: ${name}.mean[${i}] must be finite, got ${mean[i]}`);
    if (!(std[i]! > 0 && Number.isFinite(std[i]!))) throw new RangeError(`${who}: ${name}.std[${i}] must be a finite number > 0, got ${std[i]}`);
  }
  return { mean, std };
}

/** Writes (x − mean) / std into `out` (length observationSize); returns `out`. */
export function normaliseInto(n: ObservationNormaliser, x: ArrayLike<number>, out: Float32Array): Float32Array {
  const { mean, std } = n;
  for (let i = 0; i < out.length; i++) out[i] = (x[i]! - mean[i]!) / std[i]!;
  return out;
}
