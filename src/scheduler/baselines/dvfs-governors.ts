/**
 * Linux's stock frequency policies applied to one model variant, the
 * heuristics an SBC runs before any energy-aware scheduler:
 *
 * - race-to-idle (the `performance` governor): always the highest
 *   frequency, finish fast, then idle;
 * - `schedutil`: the frequency for the utilisation, next_freq =
 *   1.25 · max_freq · util / max (Linux kernel,
 *   Documentation/scheduler/schedutil.rst, "Frequency / CPU Invariance"),
 *   rounded up to the next available operating point. Utilisation here is
 *   the offered load at the highest frequency: arrival rate × latency.
 */
import type { CandidateVariant, Controller, ControllerAction, ControllerState } from '../../runtime/controller.js';

/** schedutil's headroom: the 1.25 in next_freq = 1.25 · max_freq · util (schedutil.rst). */
export const SCHEDUTIL_HEADROOM = 1.25;

export interface OpPointFrequency {
  readonly id: string;
  readonly frequencyHz: number;
}

function forVariant(state: ControllerState, variantId: string, freq: ReadonlyMap<string, number>): CandidateVariant[] {
  // The device's own operating points only (not an offload action of the same variant).
  const c = state.candidates.filter((x) => x.id.startsWith(`${variantId}@`) && freq.has(x.id.slice(x.id.lastIndexOf('@') + 1)));
  if (c.length === 0) throw new RangeError(`DVFS governor: no action runs variant "${variantId}"; the actions are ${state.candidates.map((x) => x.id).join(', ')}`);
  return c;
}

abstract class DvfsGovernor implements Controller {
  protected readonly freq: ReadonlyMap<string, number>;
  constructor(
    protected readonly variantId: string,
    opPoints: readonly OpPointFrequency[],
  ) {
    this.freq = new Map(opPoints.map((p) => [p.id, p.frequencyHz]));
  }
  protected frequencyOf(c: CandidateVariant): number {
    const f = this.freq.get(c.id.slice(c.id.lastIndexOf('@') + 1));
    if (f === undefined) throw new RangeError(`DVFS governor: action "${c.id}" names an operating point it was not given`);
    return f;
  }
  abstract decide(state: ControllerState): ControllerAction;
  observe(): void {}
}

export class RaceToIdleGovernor extends DvfsGovernor {
  decide(state: ControllerState): ControllerAction {
    const c = forVariant(state, this.variantId, this.freq);
    return { variantId: c.reduce((m, x) => (this.frequencyOf(x) > this.frequencyOf(m) ? x : m)).id };
  }
}

export class SchedutilGovernor extends DvfsGovernor {
  decide(state: ControllerState): ControllerAction {
    const c = [...forVariant(state, this.variantId, this.freq)].sort((a, b) => this.frequencyOf(a) - this.frequencyOf(b));
    const top = c[c.length - 1]!;
    const fMax = this.frequencyOf(top);
    const util = Math.min(1, state.arrivalRateHz * top.cost.latencyS);
    const want = SCHEDUTIL_HEADROOM * fMax * util;
    return { variantId: (c.find((x) => this.frequencyOf(x) >= want) ?? top).id };
  }
}
