/**
 * Mixed precision as a multiple-choice knapsack: each layer takes exactly one
 * bit width; each choice has a cost (bytes, bit-operations, modelled joules —
 * whatever the budget is in) and a sensitivity (how much accuracy or output
 * fidelity is lost when that layer alone drops to those bits). Pick one
 * choice per layer minimising the summed sensitivity with the summed cost
 * within the budget.
 *
 * Summing single-layer sensitivities assumes their effects add, the
 * first-order assumption of HAWQ (Dong et al. 2019, "HAWQ: Hessian AWare
 * Quantization", sec. 3) and of its ILP formulation in HAWQ-V3 (Yao et al.
 * 2021, sec. 3.4). We solve it exactly by dynamic programming over the cost
 * discretised into `resolution` steps; each cost is rounded *up* to a whole
 * step, so an answer the DP accepts never exceeds the true budget.
 */

export interface BitChoice {
  readonly bits: number;
  /** In the budget's unit (bytes, BOPs, J). Non-negative. */
  readonly cost: number;
  /** Loss of quality when this layer alone takes these bits; lower is better. 0 for the reference precision. */
  readonly sensitivity: number;
}

export interface LayerChoices {
  /** Layer path (`stack1.main.conv1`). */
  readonly name: string;
  readonly choices: readonly BitChoice[];
}

export interface BitAllocation {
  /** Chosen bits by layer name, in the input order. */
  readonly bits: Readonly<Record<string, number>>;
  readonly cost: number;
  readonly sensitivity: number;
  /** The budget the search ran under and the cheapest and dearest totals possible. */
  readonly budget: number;
  readonly minCost: number;
  readonly maxCost: number;
}

export interface AllocateOptions {
  /** Upper bound on the summed cost. */
  budget: number;
  /** Cost steps of the DP; more is finer and slower (time ∝ layers × choices × resolution). Default 4096. */
  resolution?: number;
  /** What the budget measures, for error messages ('bytes', 'bit-operations'). */
  unit?: string;
}

function checkLayers(layers: readonly LayerChoices[]): void {
  if (layers.length === 0) throw new RangeError('allocateBits: no layers to assign bits to');
  const seen = new Set<string>();
  for (const l of layers) {
    if (seen.has(l.name)) throw new RangeError(`allocateBits: layer "${l.name}" is listed twice`);
    seen.add(l.name);
    if (l.choices.length === 0) throw new RangeError(`allocateBits: layer "${l.name}" has no bit-width choices`);
    for (const c of l.choices) {
      if (!Number.isInteger(c.bits) || c.bits < 1) throw new RangeError(`allocateBits: layer "${l.name}": bits must be a positive integer, got ${c.bits}`);
      if (!(c.cost >= 0) || !Number.isFinite(c.cost)) throw new RangeError(`allocateBits: layer "${l.name}" at ${c.bits} bits: cost must be a finite number >= 0, got ${c.cost}`);
      if (!Number.isFinite(c.sensitivity)) throw new RangeError(`allocateBits: layer "${l.name}" at ${c.bits} bits: sensitivity must be finite, got ${c.sensitivity}`);
    }
  }
}

/** Totals of the cheapest and of the dearest choice per layer. */
export function costRange(layers: readonly LayerChoices[]): { min: number; max: number } {
  let min = 0;
  let max = 0;
  for (const l of layers) {
    min += Math.min(...l.choices.map((c) => c.cost));
    max += Math.max(...l.choices.map((c) => c.cost));
  }
  return { min, max };
}

/**
 * The least-sensitivity assignment within the budget. An impossible budget
 * (below the all-cheapest total) is an error that states the cheapest total,
 * raised before any search.
 */
export function allocateBits(layers: readonly LayerChoices[], options: AllocateOptions): BitAllocation {
  checkLayers(layers);
  const { budget } = options;
  const unit = options.unit ?? 'cost units';
  const resolution = options.resolution ?? 4096;
  if (!Number.isInteger(resolution) || resolution < 1) throw new RangeError(`allocateBits: resolution must be a positive integer, got ${resolution}`);
  if (!(budget >= 0) || !Number.isFinite(budget)) throw new RangeError(`allocateBits: budget must be a finite number >= 0, got ${budget}`);
  const { min, max } = costRange(layers);
  if (budget < min) {
    throw new RangeError(`allocateBits: a budget of ${budget} ${unit} is impossible: the cheapest assignment (every layer at its lowest-cost choice) already needs ${min} ${unit}`);
  }
  const pick = budget >= max ? cheapestSensitivity(layers) : knapsack(layers, budget, resolution, min);
  return summarise(layers, pick, budget, min, max);
}

/** With room for everything, each layer independently takes its least sensitive choice (the cheaper on ties). */
function cheapestSensitivity(layers: readonly LayerChoices[]): number[] {
  return layers.map((l) => {
    let best = 0;
    l.choices.forEach((c, i) => {
      const b = l.choices[best]!;
      if (c.sensitivity < b.sensitivity || (c.sensitivity === b.sensitivity && c.cost < b.cost)) best = i;
    });
    return best;
  });
}

/**
 * dp[s] = least total sensitivity of the layers so far using s cost steps.
 * Costs are measured above each layer's cheapest choice, so the steps are
 * spent only on the part of the budget that is a real decision.
 */
function knapsack(layers: readonly LayerChoices[], budget: number, resolution: number, minCost: number): number[] {
  const slack = budget - minCost;
  const step = slack > 0 ? slack / resolution : 1;
  const steps = slack > 0 ? resolution : 0;
  const base = layers.map((l) => Math.min(...l.choices.map((c) => c.cost)));
  let dp = new Float64Array(steps + 1).fill(Infinity);
  dp[0] = 0;
  const choiceAt: Int16Array[] = [];
  for (let li = 0; li < layers.length; li++) {
    const l = layers[li]!;
    const next = new Float64Array(steps + 1).fill(Infinity);
    const chosen = new Int16Array(steps + 1).fill(-1);
    l.choices.forEach((c, ci) => {
      // Rounded up, with a relative guard so exact multiples do not gain a step from floating-point noise.
      const w = Math.ceil((c.cost - base[li]!) / step - 1e-9);
      if (w > steps) return;
      for (let s = w; s <= steps; s++) {
        const v = dp[s - w]! + c.sensitivity;
        if (v < next[s]!) {
          next[s] = v;
          chosen[s] = ci;
        }
      }
    });
    dp = next;
    choiceAt.push(chosen);
  }
  let s = 0;
  for (let k = 1; k <= steps; k++) if (dp[k]! < dp[s]!) s = k;
  const pick = new Array<number>(layers.length);
  for (let li = layers.length - 1; li >= 0; li--) {
    const ci = choiceAt[li]![s]!;
    pick[li] = ci;
    const c = layers[li]!.choices[ci]!;
    s -= Math.ceil((c.cost - base[li]!) / step - 1e-9);
  }
  return pick;
}

function summarise(layers: readonly LayerChoices[], pick: readonly number[], budget: number, minCost: number, maxCost: number): BitAllocation {
  const bits: Record<string, number> = {};
  let cost = 0;
  let sensitivity = 0;
  layers.forEach((l, i) => {
    const c = l.choices[pick[i]!]!;
    bits[l.name] = c.bits;
    cost += c.cost;
    sensitivity += c.sensitivity;
  });
  return { bits, cost, sensitivity, budget, minCost, maxCost };
}
