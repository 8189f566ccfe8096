/**
 * Stochastic arrivals with a daily cycle and bursts: a non-homogeneous
 * Poisson process whose rate is the diurnal profile (diurnal-rate.ts)
 * times the burst multiplier of a two-state Markov chain (burst-process.ts),
 *
 *   λ(t) = λ̄ (1 + A cos(2π(t − t_peak)/P)) · (M if bursting at t else 1),
 *
 * i.e. an MMPP (Fischer & Meier-Hellstern 1993) with a time-varying base
 * rate. Given the chain's path the arrivals are a Poisson process of rate
 * λ(t), sampled exactly by thinning (thinning.ts; Lewis & Shedler 1979)
 * under the bound λmax = λ̄(1 + A)·M. The chain's path is drawn first,
 * then the arrivals, both from `rng`.
 *
 * Because the chain starts stationary and is independent of the clock,
 * E[λ(t)] = λ̄ d(t) (1 + (M − 1) π_burst), and the expected count over
 * [0, T] is that factor times the diurnal integral
 * ({@link expectedPoissonBurstCount}).
 */
import type { RandomSource } from '../../engine/random.js';
import { checkPositive } from '../option-checks.js';
import { burstStationaryProbability, checkBurstProcess, sampleBurstIntervals, type BurstInterval, type BurstProcessOptions } from './burst-process.js';
import { checkDiurnalProfile, diurnalExpectedCount, diurnalPeakRatePerS, diurnalRatePerS, type DiurnalProfile } from './diurnal-rate.js';
import { resolveTemplate, stampTasks, type Task, type TaskTemplate } from './task.js';
import { thinPoisson } from './thinning.js';

export interface PoissonBurstOptions extends TaskTemplate {
  /** Length of the workload, s (> 0); time 0 is midnight. */
  durationS: number;
  diurnal: DiurnalProfile;
  /** Omit for a plain diurnal Poisson process (no bursts, no random draws for them). */
  burst?: BurstProcessOptions;
}

export interface PoissonBurstWorkload {
  /** Ascending; source 'poisson:burst' for arrivals during a burst, 'poisson:calm' otherwise. */
  tasks: Task[];
  /** The bursts of the sampled chain path (empty without `burst`). */
  bursts: BurstInterval[];
}

const WHO = 'poissonBurstTasks';

/** Arrivals and the burst path (default criticality 'normal', ids `poisson-<k>`). */
export function poissonBurstWorkload(options: PoissonBurstOptions, rng: RandomSource): PoissonBurstWorkload {
  const template = resolveTemplate(WHO, options, { criticality: 'normal', idPrefix: 'poisson' });
  const durationS = checkPositive(WHO, 'options.durationS', options.durationS, 's');
  const diurnal = checkDiurnalProfile(WHO, options.diurnal);
  const burst = options.burst === undefined ? undefined : checkBurstProcess(WHO, options.burst);
  const bursts = burst === undefined ? [] : sampleBurstIntervals(burst, durationS, rng);
  const multiplier = burst?.rateMultiplier ?? 1;
  const burstingForRate = burstCursor(bursts);
  const times = thinPoisson((tS) => diurnalRatePerS(diurnal, tS) * (burstingForRate(tS) ? multiplier : 1), diurnalPeakRatePerS(diurnal) * multiplier, 0, durationS, rng);
  const burstingForLabel = burstCursor(bursts);
  const tasks = stampTasks(template, times, (k) => (burstingForLabel(times[k]!) ? 'poisson:burst' : 'poisson:calm'));
  return { tasks, bursts };
}

/** The arrivals alone, ascending. */
export function poissonBurstTasks(options: PoissonBurstOptions, rng: RandomSource): Task[] {
  return poissonBurstWorkload(options, rng).tasks;
}

/** E[number of arrivals] over [0, durationS] (see the file comment). */
export function expectedPoissonBurstCount(options: Pick<PoissonBurstOptions, 'durationS' | 'diurnal' | 'burst'>): number {
  const durationS = checkPositive('expectedPoissonBurstCount', 'options.durationS', options.durationS, 's');
  const factor = options.burst === undefined ? 1 : 1 + (options.burst.rateMultiplier - 1) * burstStationaryProbability(options.burst);
  return factor * diurnalExpectedCount(options.diurnal, 0, durationS);
}

/** Whether time t lies in a burst, for increasing t: one cursor walks the sorted, disjoint bursts once. */
function burstCursor(bursts: readonly BurstInterval[]): (tS: number) => boolean {
  let k = 0;
  return (tS) => {
    while (k < bursts.length && bursts[k]!.endS <= tS) k++;
    return k < bursts.length && bursts[k]!.startS <= tS;
  };
}
