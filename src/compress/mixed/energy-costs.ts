/**
 * The modelled energy of a mixed-precision assignment, split into one cost
 * per layer and bit width so that the knapsack of bit-allocation.ts can
 * search under an energy budget (µJ per inference on a device) as it does
 * under a byte budget.
 *
 * Why the split is exact. The energy model (src/energy/cost/estimate-inference.ts,
 * docs/energy-model.md) is
 *
 *   E = threads·α·P_dyn·T + Σ_l bytes_l·e_byte + P_static·T,
 *   T = Σ_l t_l + T_0        (roofline: t_l = max(compute, memory) + per-layer
 *                             overhead, T_0 the per-inference overhead;
 *                             cycles engines: t_l = cycles_l / f, T_0 = 0),
 *
 * so E = E_0 + Σ_l e_l, where e_l depends on layer l's work alone and E_0
 * = (threads·α·P_dyn + P_static)·T_0 on none. We therefore price each layer
 * by running the model itself on a one-layer work — e_l(b) = E({l at b}) −
 * E({}) — rather than re-deriving its terms here, and charge everything the
 * bit widths do not change (E_0, and the batch-norm, activation, pooling
 * and residual layers, which run at int8 whatever the weights) as `fixedJ`.
 * Then E(assignment) = fixedJ + Σ_l e_l(b_l) for every assignment, and every
 * cost is ≥ 0 as the knapsack needs. `layerEnergyCosts` checks that identity
 * against estimateInference on the all-reference and all-lowest assignments,
 * so a future term that is not a sum over layers fails loudly instead of
 * mis-pricing the search.
 *
 * The work is the integer model's, as the integer path builds it
 * (compress/integer/plan.ts: batch norm folded, ReLU fused into the
 * requantization), taken from the summary of its all-int8 build: a layer at
 * b bits runs its MACs as int<b> and stores its weight tensor packed to
 * ceil(n·b/8) bytes (integer/size-account.ts), while its bias, scales and
 * requantization parameters keep their size — the byte accounting of the
 * byte budget too. (Re-pricing the float summary at int8, as
 * scheduler/forecast/tcn-quantize.ts does, would also charge the batch-norm
 * and ReLU layers the integer model never runs: 7.1 instead of 4.1 µJ for
 * the HAR cnn1d on x86-host.) Engines without int4/int2 kernels run sub-byte
 * weights on their int8 kernels (estimate-inference.ts, FALLBACK), so there
 * fewer bits save only weight-memory traffic — nothing at all on a
 * microcontroller profile that prices flash reads inside its cycles.
 * `subByteKernels` says which case applies, and the impossible-budget error
 * says it too.
 */
import {
  estimateInference, opPointById, workFromSummary,
  type DeviceProfile, type InferenceWork, type Precision,
} from '../../energy/index.js';
import type { ModelSummary } from '../../nn/index.js';
import { allocateBits, costRange, type BitAllocation, type LayerChoices } from './bit-allocation.js';

/** Where the energy is modelled: a device profile, one of its engines and one DVFS operating point. */
export interface EnergyTarget {
  profile: DeviceProfile;
  /** Engine id in the profile; default its defaultEngine. */
  engine?: string;
  /** Operating point id; default the profile's nominal one. */
  opPoint?: string;
}

export interface LayerEnergyCosts {
  device: string;
  engine: string;
  opPoint: string;
  /** Energy per inference the weight bits do not change (per-inference overhead, layers without weights), J. */
  fixedJ: number;
  /** Per searched layer, in the order given: its own energy per inference at each candidate width, J. */
  layers: { name: string; byBitsJ: Record<number, number> }[];
  /** Totals per inference of the cheapest and of the dearest assignment, J. */
  minJ: number;
  maxJ: number;
  /** Whether the engine has int4 or int2 kernels; without them fewer bits save only weight-memory traffic. */
  subByteKernels: boolean;
}

const PRECISION_OF_BITS: Record<number, Precision> = { 8: 'int8', 4: 'int4', 2: 'int2' };

/** The profile's engine id (its default when none is given); an unknown one lists the engines it has. */
export function engineIdOf(profile: DeviceProfile, id: string | undefined): string {
  const name = id ?? profile.defaultEngine;
  if (profile.engines[name] === undefined) throw new RangeError(`device ${profile.id} has no engine "${name}"; it has ${Object.keys(profile.engines).join(', ')}`);
  return name;
}

/** The operating point's id (the nominal one when none is given); an unknown one lists those the profile has. */
export function opPointIdOf(profile: DeviceProfile, id: string | undefined): string {
  return opPointById(profile, id).id;
}

function precisionsOf(profile: DeviceProfile, engineId: string): string[] {
  const e = profile.engines[engineId]!;
  return Object.keys(e.kind === 'cycles' ? e.cyclesPerMac : e.macsPerSecond);
}

/** A conv/linear layer whose weight bits are searched: its path and the elements of its weight tensor. */
export interface SearchedLayer {
  readonly path: string;
  readonly weights: number;
}

/**
 * The work of the integer model with these weight bits (layers not named
 * stay int8), from the summary of its all-int8 build: each named layer's
 * MACs at its width and its weight tensor packed to it.
 */
export function mixedWork(int8Summary: ModelSummary, layers: readonly SearchedLayer[], bitsPerLayer: Readonly<Record<string, number>>): InferenceWork {
  const work = workFromSummary(int8Summary);
  const weights = new Map(layers.map((l) => [l.path, l.weights]));
  const out = work.layers.map((l) => {
    const b = bitsPerLayer[l.name];
    if (b === undefined) return l;
    const n = weights.get(l.name);
    if (n === undefined) throw new RangeError(`mixedWork: bits are given for "${l.name}", which is not one of the searched layers (${layers.map((x) => x.path).join(', ')})`);
    if (l.precision !== 'int8') throw new RangeError(`mixedWork: layer "${l.name}" runs in ${l.precision} in this summary; pass the summary of the all-int8 integer model`);
    const precision = PRECISION_OF_BITS[b];
    if (precision === undefined) throw new RangeError(`mixedWork: layer "${l.name}": bit widths must be 8, 4 or 2, got ${b}`);
    return { ...l, precision, weightBytes: l.weightBytes - n + Math.ceil((n * b) / 8) };
  });
  return { layers: out, peakActivationBytes: work.peakActivationBytes, weightBytes: out.reduce((s, l) => s + l.weightBytes, 0) };
}

export interface LayerEnergyOptions {
  /** The layers whose bits are searched (conv/linear), by path as in the summary. */
  layers: readonly SearchedLayer[];
  /** Candidate widths, the reference among them (e.g. [8, 4, 2]). */
  bits: readonly number[];
  target: EnergyTarget;
}

/**
 * Each searched layer's energy at each width, and the energy no width
 * changes, on the target (see the file comment). `int8Summary` is the
 * summary of the all-int8 integer model.
 */
export function layerEnergyCosts(int8Summary: ModelSummary, options: LayerEnergyOptions): LayerEnergyCosts {
  const { profile } = options.target;
  const engine = engineIdOf(profile, options.target.engine);
  const opPoint = opPointIdOf(profile, options.target.opPoint);
  const have = precisionsOf(profile, engine);
  if (!have.includes('int8')) {
    throw new RangeError(`device ${profile.id}, engine ${engine} has no int8 kernels (it has ${have.join(', ')}), so it cannot run a mixed-precision integer model; pick an engine or device with int8`);
  }
  for (const b of options.bits) if (PRECISION_OF_BITS[b] === undefined) throw new RangeError(`layerEnergyCosts: bit widths must be 8, 4 or 2, got ${b}`);
  if (options.layers.length === 0) throw new RangeError('layerEnergyCosts: options.layers is empty; name the layers whose bits are searched');
  const names = options.layers.map((l) => l.path);
  const reference = mixedWork(int8Summary, options.layers, {});
  const byName = new Map(reference.layers.map((l) => [l.name, l]));
  const missing = names.filter((n) => !byName.has(n));
  if (missing.length > 0) throw new RangeError(`layerEnergyCosts: no layer ${missing.map((n) => `"${n}"`).join(', ')} with work in the model summary (it has ${[...byName.keys()].join(', ')})`);

  const energy = (w: InferenceWork) => estimateInference(profile, w, { engine, opPoint }).energyJ;
  const only = (layers: InferenceWork['layers']): InferenceWork => ({ layers, peakActivationBytes: reference.peakActivationBytes, weightBytes: layers.reduce((n, l) => n + l.weightBytes, 0) });
  const emptyJ = energy(only([]));
  const searched = new Set(names);
  const fixedJ = energy(only(reference.layers.filter((l) => !searched.has(l.name))));
  const layers = names.map((name) => {
    const byBitsJ: Record<number, number> = {};
    for (const b of options.bits) {
      const layer = mixedWork(int8Summary, options.layers, { [name]: b }).layers.find((l) => l.name === name)!;
      byBitsJ[b] = energy(only([layer])) - emptyJ;
    }
    return { name, byBitsJ };
  });
  const minJ = fixedJ + layers.reduce((s, l) => s + Math.min(...Object.values(l.byBitsJ)), 0);
  const maxJ = fixedJ + layers.reduce((s, l) => s + Math.max(...Object.values(l.byBitsJ)), 0);
  const costs: LayerEnergyCosts = { device: profile.id, engine, opPoint, fixedJ, layers, minJ, maxJ, subByteKernels: have.includes('int4') || have.includes('int2') };
  for (const b of [Math.max(...options.bits), Math.min(...options.bits)]) {
    checkSeparable(costs, energy(mixedWork(int8Summary, options.layers, Object.fromEntries(names.map((n) => [n, b])))), b);
  }
  return costs;
}

/** The per-layer split must reproduce the model's own total, or the knapsack would search a different model. */
function checkSeparable(costs: LayerEnergyCosts, whole: number, bits: number): void {
  const split = assignmentEnergyJ(costs, Object.fromEntries(costs.layers.map((l) => [l.name, bits])));
  if (Math.abs(whole - split) > 1e-9 * Math.max(whole, 1e-30)) {
    throw new Error(`layerEnergyCosts: on ${costs.device} (${costs.engine}) the energy model gives ${whole} J for the whole model but ${split} J summed over layers; it is no longer a sum over layers, so the bit search cannot price layers one at a time`);
  }
}

/** fixedJ plus each layer's cost at its width: the modelled energy per inference of an assignment, J. */
export function assignmentEnergyJ(costs: LayerEnergyCosts, bits: Readonly<Record<string, number>>): number {
  return costs.layers.reduce((s, l) => {
    const b = bits[l.name];
    const j = b === undefined ? undefined : l.byBitsJ[b];
    if (j === undefined) throw new RangeError(`assignmentEnergyJ: layer "${l.name}" has no cost at ${b} bits (it has ${Object.keys(l.byBitsJ).join(', ')})`);
    return s + j;
  }, costs.fixedJ);
}

const uj = (j: number) => `${(j * 1e6).toPrecision(6)} µJ`;

/** Where the target is, for messages: "x86-host (engine edgewatt-wasm, op point base-2400)". */
export function describeTarget(costs: Pick<LayerEnergyCosts, 'device' | 'engine' | 'opPoint'>): string {
  return `${costs.device} (engine ${costs.engine}, op point ${costs.opPoint})`;
}

/**
 * Refuses a budget below the cheapest assignment, naming the cheapest and
 * dearest totals, the device, and why the range is narrow when it is.
 */
export function checkEnergyBudget(costs: LayerEnergyCosts, budgetJ: number): void {
  if (!(budgetJ > 0) || !Number.isFinite(budgetJ)) throw new RangeError(`energy budget must be a finite number of joules > 0, got ${budgetJ}`);
  if (budgetJ >= costs.minJ) return;
  const why = costs.subByteKernels
    ? ''
    : costs.maxJ - costs.minJ <= 1e-12 * costs.maxJ
      ? `; engine ${costs.engine} has no int4/int2 kernels (sub-byte weights run on its int8 kernels) and the profile charges nothing per weight byte read, so the weight bits do not change the modelled energy at all`
      : `; engine ${costs.engine} has no int4/int2 kernels (sub-byte weights run on its int8 kernels), so fewer bits save only weight-memory traffic`;
  throw new RangeError(
    `a budget of ${uj(budgetJ)} per inference is impossible on ${describeTarget(costs)}: every bit assignment needs between ${uj(costs.minJ)} (cheapest) and ${uj(costs.maxJ)} (dearest)${why}`,
  );
}

export interface EnergyAllocation extends BitAllocation {
  /** Modelled energy per inference of the chosen assignment (fixed part included), J. */
  energyJ: number;
  budgetJ: number;
}

/**
 * The least-sensitive assignment whose modelled energy per inference is
 * within `budgetJ`. `sensitivityByLayer[layer][bits]` is the single-layer
 * loss (sensitivity.ts); its layers must be those of `costs`.
 */
export function allocateBitsForEnergy(
  costs: LayerEnergyCosts,
  sensitivityByLayer: Readonly<Record<string, Readonly<Record<number, number>>>>,
  budgetJ: number,
  resolution?: number,
): EnergyAllocation {
  checkEnergyBudget(costs, budgetJ);
  const choices: LayerChoices[] = costs.layers.map((l) => {
    const s = sensitivityByLayer[l.name];
    if (s === undefined) throw new RangeError(`allocateBitsForEnergy: no sensitivity for layer "${l.name}"`);
    return {
      name: l.name,
      choices: Object.entries(l.byBitsJ).map(([b, j]) => {
        const sensitivity = s[Number(b)];
        if (sensitivity === undefined) throw new RangeError(`allocateBitsForEnergy: no sensitivity for layer "${l.name}" at ${b} bits`);
        return { bits: Number(b), cost: j, sensitivity };
      }),
    };
  });
  // The budget left to the searched layers, which checkEnergyBudget showed covers their cheapest total;
  // the max only absorbs the last-bit rounding of subtracting fixedJ back out.
  const layerBudget = Math.max(budgetJ - costs.fixedJ, costRange(choices).min);
  const alloc = allocateBits(choices, { budget: layerBudget, unit: 'J', ...(resolution !== undefined ? { resolution } : {}) });
  return { ...alloc, energyJ: costs.fixedJ + alloc.cost, budgetJ };
}
