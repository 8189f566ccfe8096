/**
 * The burst modulation of a Markov-modulated Poisson process (MMPP; W.
 * Fischer & K. Meier-Hellstern, "The Markov-modulated Poisson process
 * (MMPP) cookbook", Performance Evaluation 18(2):149–171, 1993, §2): a
 * two-state continuous-time Markov chain, calm ⇄ burst, whose state
 * multiplies the arrival rate. Sojourns are exponential with means
 * `meanCalmS` and `meanBurstS` (the generator rates r₁ = 1/meanCalmS,
 * r₂ = 1/meanBurstS of the cookbook's 2-state MMPP), so the long-run share
 * of time in bursts is
 *
 *   π_burst = r₁ / (r₁ + r₂) = meanBurstS / (meanCalmS + meanBurstS).
 *
 * The chain starts in its stationary distribution (burst with probability
 * π_burst); by memorylessness the first sojourn is then an ordinary
 * exponential one, so the modulation is stationary from time 0 and the
 * expected rate multiplier is 1 + (M − 1) π_burst at every instant.
 */
import type { RandomSource } from '../../engine/random.js';
import { checkFinite, checkOptionsObject, checkPositive } from '../option-checks.js';
import { exponentialS } from './thinning.js';

export interface BurstProcessOptions {
  /** Mean length of a calm spell, s (> 0). */
  meanCalmS: number;
  /** Mean length of a burst, s (> 0). */
  meanBurstS: number;
  /** Rate multiplier during a burst, >= 1 (1: bursts change nothing). */
  rateMultiplier: number;
}

/** A burst: [startS, endS), clipped to the sampled span. */
export interface BurstInterval {
  readonly startS: number;
  readonly endS: number;
}

export function checkBurstProcess(who: string, options: BurstProcessOptions, name = 'options.burst'): BurstProcessOptions {
  checkOptionsObject(`${who} (${name})`, options);
  const meanCalmS = checkPositive(who, `${name}.meanCalmS`, options.meanCalmS, 's');
  const meanBurstS = checkPositive(who, `${name}.meanBurstS`, options.meanBurstS, 's');
  const m = options.rateMultiplier;
  if (typeof m !== 'number' || !Number.isFinite(m) || m < 1) throw new RangeError(`${who}: ${name}.rateMultiplier must be a finite number >= 1, got ${String(m)}`);
  return { meanCalmS, meanBurstS, rateMultiplier: m };
}

/** Long-run fraction of time spent in bursts, π_burst. */
export function burstStationaryProbability(options: BurstProcessOptions): number {
  const o = checkBurstProcess('burstStationaryProbability', options, 'options');
  return o.meanBurstS / (o.meanCalmS + o.meanBurstS);
}

/** The bursts of one path of the chain over [0, durationS), ascending and disjoint. */
export function sampleBurstIntervals(options: BurstProcessOptions, durationS: number, rng: RandomSource): BurstInterval[] {
  const o = checkBurstProcess('sampleBurstIntervals', options, 'options');
  checkFinite('sampleBurstIntervals', 'durationS', durationS, 's');
  if (durationS < 0) throw new RangeError(`sampleBurstIntervals: durationS must be >= 0 s, got ${durationS}`);
  const bursts: BurstInterval[] = [];
  let inBurst = rng.next() < o.meanBurstS / (o.meanCalmS + o.meanBurstS);
  for (let t = 0; t < durationS; inBurst = !inBurst) {
    const end = t + exponentialS(rng, 1 / (inBurst ? o.meanBurstS : o.meanCalmS));
    if (inBurst) bursts.push({ startS: t, endS: Math.min(end, durationS) });
    t = end;
  }
  return bursts;
}
