/**
 * Calibration of an interpreter engine (a `cycles` engine) from published
 * results, in two separate steps so that no board is tested on a number it
 * was fitted to (issue 5, "Calibration, as tests, out of sample"):
 *
 * 1. Structure: the engine's relative cost per MAC of each op class (conv,
 *    depthwise, dense) is a property of the kernel library, so it is fitted
 *    by least squares on the results of the same engine on ANOTHER board.
 * 2. Board: the board's cycle scale (flash wait states, caches, core
 *    microarchitecture) and active power are two numbers, fitted on ONE
 *    result of this board (its latency and its energy).
 *
 * The other results of the board are then predictions.
 */
import type { CyclesEngine } from '../profile/device-profile.js';
import type { MacOpClass, Precision } from '../profile/precision.js';
import type { InferenceWork } from '../work/inference-work.js';
import { leastSquares } from './least-squares.js';

export interface CyclesSample {
  work: InferenceWork;
  /** Published latency × clock frequency. */
  cycles: number;
}

function classOf(opClass: string): MacOpClass {
  return opClass === 'depthwise' || opClass === 'dense' ? opClass : 'conv';
}

/** MACs per op class of a work, at one precision. */
export function macsByClass(work: InferenceWork, precision: Precision): Record<MacOpClass, number> {
  const out: Record<MacOpClass, number> = { conv: 0, depthwise: 0, dense: 0 };
  for (const l of work.layers) if (l.macs > 0 && l.precision === precision) out[classOf(l.opClass)] += l.macs;
  return out;
}

/**
 * Cycles per MAC for each op class present in the samples (least squares;
 * exact for as many samples as classes). Per-output and per-layer cycles
 * are left at zero: three results cannot separate more than three terms.
 */
export function fitCyclesPerMac(samples: readonly CyclesSample[], precision: Precision): Partial<Record<MacOpClass, number>> {
  const classes = (['conv', 'depthwise', 'dense'] as const).filter((c) => samples.some((s) => macsByClass(s.work, precision)[c] > 0));
  const rows = samples.map((s) => {
    const m = macsByClass(s.work, precision);
    return classes.map((c) => m[c]);
  });
  const x = leastSquares(rows, samples.map((s) => s.cycles));
  const out: Partial<Record<MacOpClass, number>> = {};
  classes.forEach((c, i) => {
    if (!(x[i]! > 0)) throw new RangeError(`fitCyclesPerMac: the samples give ${c} a non-positive cost (${x[i]}); they do not support a per-class model`);
    out[c] = x[i]!;
  });
  return out;
}

/** The engine with every cycle coefficient multiplied by `scale` (the board's cycle scale). */
export function scaleCyclesEngine(engine: CyclesEngine, scale: number): CyclesEngine {
  const cyclesPerMac: CyclesEngine['cyclesPerMac'] = {};
  for (const [p, table] of Object.entries(engine.cyclesPerMac)) {
    cyclesPerMac[p as Precision] = Object.fromEntries(Object.entries(table).map(([c, v]) => [c, (v as number) * scale])) as CyclesEngine['cyclesPerMac'][Precision];
  }
  return { ...engine, cyclesPerMac, cyclesPerOutput: engine.cyclesPerOutput * scale, cyclesPerLayer: engine.cyclesPerLayer * scale };
}
