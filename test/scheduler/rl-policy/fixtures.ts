/**
 * Shared fixtures of the RL scheduler tests: the evaluation tests'
 * ResNet-8-sized ladder on an STM32U5 (latencies of 70–915 ms, so requests
 * queue and deadlines bind) and on a Raspberry Pi 4, a synthetic solar day
 * through the real SolarHarvest, and workloads with bursts, deadlines and
 * critical requests.
 */
import { Rng } from '../../../src/engine/random.js';
import { loadDeviceProfile, SolarHarvest, standardPanel, type HarvestSource } from '../../../src/energy/index.js';
import type { RlActionInput } from '../../../src/scheduler/rl-policy/rl-action-space.js';
import { twinActions } from '../../../src/scheduler/sim/twin-actions.js';
import { mergeWorkloads } from '../../../src/scheduler/workload/merge.js';
import { periodicTasks } from '../../../src/scheduler/workload/periodic.js';
import { poissonBurstTasks } from '../../../src/scheduler/workload/poisson-burst.js';
import type { Task } from '../../../src/scheduler/workload/task.js';
import { LADDER } from '../eval/fixtures.js';

export const mcu = loadDeviceProfile('nucleo-u575zi');
export const pi = loadDeviceProfile('raspberry-pi-4');
/** 12 actions: int8, int4, pruned-int8 × 4 operating points (no float kernels on the MCU). */
export const mcuSpace = twinActions(LADDER, mcu);
export const piSpace = twinActions(LADDER, pi);

/** A clear-sky-like day from sunrise: GHI = 900 W/m² · max(0, sin(π t / 12 h)), one sample a minute, repeated daily. */
export function solarDay(panelCm2: number): HarvestSource {
  const timeS: number[] = [];
  const ghiWPerM2: number[] = [];
  for (let t = 0; t <= 86_400; t += 60) {
    timeS.push(t);
    ghiWPerM2.push(Math.max(0, 900 * Math.sin((Math.PI * t) / 43_200)));
  }
  return new SolarHarvest({ timeS, ghiWPerM2 }, standardPanel(panelCm2 / 1e4), { repeat: true });
}

/**
 * Bursty normal requests (1.2/s mean, ×4 in bursts, 1 s deadline) and
 * critical checks every ~7 s (0.5 s deadline): the MCU's slow rungs queue
 * and miss, so order, deadlines and the arrival-rate estimate all matter.
 */
export function busyWorkload(durationS: number, seed: number): Task[] {
  const rng = new Rng(seed);
  return mergeWorkloads([
    poissonBurstTasks({ durationS, diurnal: { meanRatePerS: 1.2, amplitude: 0.5, peakTimeOfDayS: 43_200 }, burst: { meanCalmS: 600, meanBurstS: 60, rateMultiplier: 4 }, relativeDeadlineS: 1, idPrefix: 'n' }, rng.fork()),
    periodicTasks({ periodS: 7, jitterS: 0.5, durationS, relativeDeadlineS: 0.5, criticality: 'critical', idPrefix: 'c' }, rng.fork()),
  ]);
}

/**
 * The training test's workload: a sensing loop every 2 s with a 1 s
 * deadline, and a critical check every 10 s, 1 s after a loop tick, with a
 * 0.25 s deadline. On the MCU's ladder the cheapest full-quality rung that
 * meets each deadline differs: int8 at 25 MHz (915 ms) for the loop, at
 * 110 MHz (208 ms) for the checks.
 */
export function sensingLoop(durationS: number, seed: number): Task[] {
  const rng = new Rng(seed);
  return mergeWorkloads([
    periodicTasks({ periodS: 2, jitterS: 0.05, durationS, relativeDeadlineS: 1, idPrefix: 'w' }, rng.fork()),
    periodicTasks({ periodS: 10, phaseS: 1, jitterS: 0.05, durationS, relativeDeadlineS: 0.25, criticality: 'critical', idPrefix: 'c' }, rng.fork()),
  ]);
}

export const act = (id: string, latencyS: number, energyJ: number, quality: number | null): RlActionInput => ({ id, cost: { latencyS, energyJ }, quality });

/** Two variants at two operating points, a third that a is better than in every way, and a duplicate of b@fast. */
export const HAND = [
  act('a@fast', 0.01, 2, 0.9),
  act('a@slow', 0.03, 1.5, 0.9),
  act('b@fast', 0.005, 1, 0.8),
  act('b@slow', 0.015, 0.8, 0.8),
  act('c@fast', 0.01, 2.5, 0.85),
  act('b2@fast', 0.005, 1, 0.8),
];
