/**
 * What the runtime knows about each variant: the energy model's cost on
 * this device, the measured quality (the accuracy proxy) and the last
 * measured switch to it — the candidates a controller chooses from — plus
 * the rule that turns a cost into the energy booked for one inference.
 */
import type { InferenceCost } from '../energy/inference-cost.js';
import type { CandidateVariant } from './controller.js';
import { activePowerW } from './energy-pressure.js';
import type { VariantExecutor } from './executor.js';

export interface VariantEntry {
  readonly cost: InferenceCost;
  readonly quality: number | null;
  /** cost.energyJ / cost.latencyS: the power a switch to this variant is charged at. */
  readonly activePowerW: number;
}

/**
 * The model's energy for one inference that took `latencyS`. A cost whose
 * latency was measured on this host (`cost.measured`) is rescaled to the
 * latency actually measured: the work-dependent part (energyJ − staticJ) is
 * kept and static power is charged over the real time, since a slower run
 * does the same MACs but leaks longer. A profile cost (another device's
 * latency) is booked as given: the host's wall time says nothing about
 * that device.
 */
export function modelEnergyJ(cost: InferenceCost, latencyS: number): number {
  if (!cost.measured || !(cost.latencyS > 0)) return cost.energyJ;
  return cost.energyJ - cost.staticJ + (cost.staticJ / cost.latencyS) * latencyS;
}

function checkedCost(id: string, cost: InferenceCost): InferenceCost {
  const fields = ['latencyS', 'energyJ', 'computeJ', 'memoryJ', 'staticJ'] as const;
  for (const f of fields) {
    const v = cost?.[f];
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) throw new RangeError(`EdgeRuntime: costOf("${id}").${f} must be a finite number >= 0, got ${JSON.stringify(v)}`);
  }
  if (cost.staticJ > cost.energyJ) throw new RangeError(`EdgeRuntime: costOf("${id}"): staticJ ${cost.staticJ} J exceeds energyJ ${cost.energyJ} J`);
  return cost;
}

export class VariantCatalog {
  private readonly entries: ReadonlyMap<string, VariantEntry>;
  private list: readonly CandidateVariant[];

  /** Asks `costOf` once per variant of the executor and checks every figure. */
  constructor(executor: VariantExecutor, costOf: (variantId: string) => InferenceCost) {
    const entries = new Map<string, VariantEntry>();
    for (const id of executor.variantIds) {
      const cost = checkedCost(id, costOf(id));
      entries.set(id, { cost, quality: executor.qualityOf(id), activePowerW: activePowerW(cost) });
    }
    this.entries = entries;
    this.list = executor.variantIds.map((id) => ({ id, cost: entries.get(id)!.cost, quality: entries.get(id)!.quality, switchCostS: null }));
  }

  get(variantId: string): VariantEntry {
    return this.entries.get(variantId)!;
  }

  /**
   * The candidates for the controller. The array is replaced, never
   * mutated, and only when a measured switch cost changes, so a controller
   * may cache what it derives from it per array.
   */
  get candidates(): readonly CandidateVariant[] {
    return this.list;
  }

  /** Records the measured time of a switch to `variantId`. */
  recordSwitch(variantId: string, switchS: number): void {
    if (this.list.find((c) => c.id === variantId)!.switchCostS === switchS) return;
    this.list = this.list.map((c) => (c.id === variantId ? { ...c, switchCostS: switchS } : c));
  }
}
