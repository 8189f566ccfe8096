/**
 * The observation noise a VAE's decoder mean leaves out, fitted to its
 * reconstruction residuals e = x − decode(μ(x)) and added to synthetic
 * windows: per class and channel a stationary Gaussian AR(1) process
 *
 *   e₁ ~ N(0, σ²),   e_t = ρ e_{t−1} + σ √(1 − ρ²) ε_t,   ε_t ~ N(0, 1)
 *
 * (Box & Jenkins, "Time Series Analysis", ch. 3: variance σ² at every step,
 * autocorrelation ρ^τ), with σ the root-mean-square residual (the
 * maximum-likelihood σ of the VAE's Gaussian likelihood given its decoder)
 * and ρ the Yule–Walker lag-1 estimate Σ e_t e_{t−1} / Σ e_t², which lies
 * in [−1, 1] by Cauchy–Schwarz.
 *
 * Why not i.i.d. noise with one σ: on STM32 HAR (docs/generative.md) the
 * residual of a running window is 6–7× that of a stationary one, so one σ
 * buries stationary windows in noise and under-noises running ones; and
 * the residual of stationary and walking windows is strongly correlated in
 * time (ρ ≈ 0.8 and 0.65: drift and gait harmonics the smooth decoder
 * misses), which white noise spreads over every frequency instead. Per
 * class σ and ρ are 2·K·C numbers.
 */
import { noGrad, tensor, tidy, type Rng } from '../../engine/index.js';
import type { WindowSet } from '../metrics/window-set.js';
import type { LatentCodec } from '../precision/latent-codec.js';

export interface ResidualNoise {
  /** σ per class and channel, [class][channel] (one row when fitted without classes). */
  std: number[][];
  /** Lag-1 autocorrelation ρ per class and channel; all 0 for white noise. */
  lag1: number[][];
}

export interface ResidualNoiseOptions {
  /** One σ and ρ per class (true) or one for all windows (false); default true for a conditional codec. */
  perClass?: boolean;
  /** Fit ρ (AR(1) noise) or keep it 0 (white noise); default true. */
  autoregressive?: boolean;
  /** Windows reconstructed per call; default 256. */
  batchSize?: number;
}

const WHO = 'fitResidualNoise';

/** Fits the noise to `codec`'s reconstructions of `windows` (labels required for a conditional codec). */
export function fitResidualNoise(codec: LatentCodec, windows: WindowSet, labels: ArrayLike<number> | undefined, options: ResidualNoiseOptions = {}): ResidualNoise {
  const { count, channels, length } = windows;
  if (codec.classes > 0 && (!labels || labels.length !== count)) throw new RangeError(`${WHO}: a conditional codec needs labels, one per window (${count}), got ${labels ? labels.length : 'none'}`);
  const batchSize = options.batchSize ?? 256;
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new RangeError(`${WHO}: options.batchSize must be a positive integer, got ${batchSize}`);
  const per = channels * length;
  const residuals = new Float32Array(count * per);
  for (let start = 0; start < count; start += batchSize) {
    const n = Math.min(batchSize, count - start);
    const x = Float32Array.from(windows.data.subarray(start * per, (start + n) * per));
    const lab = codec.classes > 0 ? Array.from({ length: n }, (_, i) => labels![start + i]!) : undefined;
    const y = noGrad(() => tidy(() => codec.decode(codec.encode(tensor(x, [n, channels, length]), lab), lab).toArray() as Float32Array));
    for (let i = 0; i < x.length; i++) residuals[start * per + i] = x[i]! - y[i]!;
  }
  const perClass = (options.perClass ?? true) && codec.classes > 0;
  const groups = perClass ? Int32Array.from({ length: count }, (_, i) => labels![i]!) : new Int32Array(count);
  return residualNoiseFromResiduals({ data: residuals, count, channels, length }, groups, perClass ? codec.classes : 1, options.autoregressive ?? true);
}

/**
 * σ and ρ of given residual windows, per group in [0, groups) (the maths
 * of fitResidualNoise without a codec). A group with no windows gets the
 * values of all windows together.
 */
export function residualNoiseFromResiduals(residuals: WindowSet, group: ArrayLike<number>, groups: number, autoregressive = true): ResidualNoise {
  const { count, channels, length } = residuals;
  if (group.length !== count) throw new RangeError(`residualNoiseFromResiduals: ${group.length} group indices for ${count} windows`);
  // Sums of e_t² and e_t·e_{t−1} per group and channel; row `groups` pools every window.
  const s0 = Array.from({ length: groups + 1 }, () => new Float64Array(channels));
  const s1 = Array.from({ length: groups + 1 }, () => new Float64Array(channels));
  const windowsIn = new Float64Array(groups + 1);
  for (let w = 0; w < count; w++) {
    const g = group[w]!;
    if (!(Number.isInteger(g) && g >= 0 && g < groups)) throw new RangeError(`residualNoiseFromResiduals: group[${w}] = ${g}; expected an integer in [0, ${groups})`);
    windowsIn[g]!++;
    windowsIn[groups]!++;
    for (let c = 0; c < channels; c++) {
      const base = (w * channels + c) * length;
      let a0 = 0;
      let a1 = 0;
      for (let t = 0; t < length; t++) {
        const e = residuals.data[base + t]!;
        a0 += e * e;
        if (t > 0) a1 += e * residuals.data[base + t - 1]!;
      }
      for (const row of [g, groups]) {
        s0[row]![c]! += a0;
        s1[row]![c]! += a1;
      }
    }
  }
  const row = (r: number) => ({
    std: Array.from(s0[r]!, (a0) => Math.sqrt(a0 / (windowsIn[r]! * length))),
    lag1: Array.from(s0[r]!, (a0, c) => (autoregressive && a0 > 0 ? s1[r]![c]! / a0 : 0)),
  });
  const all = row(groups);
  const rows = Array.from({ length: groups }, (_, g) => (windowsIn[g]! > 0 ? row(g) : all));
  return { std: rows.map((r) => r.std), lag1: rows.map((r) => r.lag1) };
}

/** Checks a noise model against `classes` and `channels`; returns why it does not fit, or undefined. */
export function residualNoiseProblem(noise: ResidualNoise, classes: number, channels: number): string | undefined {
  const shapeOk = (m: unknown): m is number[][] => Array.isArray(m) && (m.length === classes || m.length === 1) && m.every((r) => Array.isArray(r) && r.length === channels);
  if (!shapeOk(noise.std) || !shapeOk(noise.lag1) || noise.std.length !== noise.lag1.length) return `std and lag1 must each be [${classes} or 1][${channels}]`;
  if (!noise.std.every((r) => r.every((v) => Number.isFinite(v) && v >= 0))) return 'every std must be finite and >= 0';
  if (!noise.lag1.every((r) => r.every((v) => Number.isFinite(v) && v >= -1 && v <= 1))) return 'every lag1 must lie in [-1, 1]';
  return undefined;
}

/**
 * Adds AR(1) noise in place to windows [count, C, L] (`data`), window w
 * taking row labels[w] of the noise (row 0 when the noise has one row).
 */
export function addResidualNoise(data: Float32Array, labels: ArrayLike<number>, noise: ResidualNoise, shape: readonly [number, number], rng: Rng): void {
  const [channels, length] = shape;
  for (let w = 0; w < labels.length; w++) {
    const row = noise.std.length === 1 ? 0 : labels[w]!;
    for (let c = 0; c < channels; c++) {
      const sigma = noise.std[row]![c]!;
      const rho = noise.lag1[row]![c]!;
      const innovation = sigma * Math.sqrt(1 - rho * rho);
      const base = (w * channels + c) * length;
      let e = sigma * rng.normal();
      data[base]! += e;
      for (let t = 1; t < length; t++) {
        e = rho * e + innovation * rng.normal();
        data[base + t]! += e;
      }
    }
  }
}
