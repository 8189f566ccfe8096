/**
 * Exact sampling of a non-homogeneous Poisson process with rate λ(t) on
 * [startS, endS) by thinning (P. A. W. Lewis & G. S. Shedler, "Simulation
 * of nonhomogeneous Poisson processes by thinning", Naval Research
 * Logistics Quarterly 26(3):403–413, 1979, Algorithm 1): draw candidate
 * times from a homogeneous process of rate λmax >= λ(t), and keep a
 * candidate at t with probability λ(t)/λmax. The kept times are exactly a
 * Poisson process of rate λ(t) — no discretisation — provided the bound
 * holds everywhere; a rate above the bound is therefore an error, not a
 * silent clip. The efficiency is ∫λ / (λmax · T), so λmax should be tight.
 *
 * `rateAt` is called with increasing times only, so a caller may keep a
 * cursor into piecewise data (the burst intervals of poisson-burst.ts).
 */
import type { RandomSource } from '../../engine/random.js';
import { checkFinite, checkNonNegative } from '../option-checks.js';

const WHO = 'thinPoisson';

/** An exponential variate of rate `ratePerS` (inversion; 1 − U lies in (0, 1], so the log is finite). */
export function exponentialS(rng: RandomSource, ratePerS: number): number {
  return -Math.log(1 - rng.next()) / ratePerS;
}

/** Event times in [startS, endS), ascending. */
export function thinPoisson(rateAt: (tS: number) => number, rateMaxPerS: number, startS: number, endS: number, rng: RandomSource): number[] {
  if (typeof rateAt !== 'function') throw new TypeError(`${WHO}: rateAt must be a function of time (s) returning a rate (1/s), got ${typeof rateAt}`);
  checkNonNegative(WHO, 'rateMaxPerS', rateMaxPerS, '1/s');
  checkFinite(WHO, 'startS', startS, 's');
  checkFinite(WHO, 'endS', endS, 's');
  if (endS < startS) throw new RangeError(`${WHO}: endS (${endS}) must be >= startS (${startS})`);
  const times: number[] = [];
  if (rateMaxPerS === 0) return times;
  for (let t = startS + exponentialS(rng, rateMaxPerS); t < endS; t += exponentialS(rng, rateMaxPerS)) {
    const rate = rateAt(t);
    if (!(rate >= 0 && rate <= rateMaxPerS)) {
      throw new RangeError(`${WHO}: rateAt(${t}) = ${rate} is outside [0, rateMaxPerS = ${rateMaxPerS}]; thinning is exact only under a true upper bound`);
    }
    if (rng.next() * rateMaxPerS < rate) times.push(t);
  }
  return times;
}
