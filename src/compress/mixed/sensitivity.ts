/**
 * Per-layer quantization sensitivity: lower one layer to each candidate bit
 * width while every other layer stays at the reference width, and record how
 * much the quality measure worsens (the single-layer probe of HAWQ's
 * ablations and of "Mixed Precision DNNs", Uhlich et al. 2020; cheaper than a
 * Hessian and measured on the real data). `evaluate` owns the measure —
 * accuracy drop, or the KL divergence of the outputs from the reference
 * model's — and is called layers × bits + 1 times.
 */

export interface SensitivityOptions {
  /** Layer paths to probe, in the order to report them. */
  layers: readonly string[];
  /** Candidate bit widths to lower each layer to (e.g. [4, 2]). */
  bits: readonly number[];
  /** The width every other layer keeps (default 8). */
  referenceBits?: number;
  /**
   * Quality loss of a model quantized with these bits per layer (every
   * layer named); lower is better. Must be deterministic for a fair comparison.
   */
  evaluate(bits: Readonly<Record<string, number>>): number | Promise<number>;
  /** Called after each probe (done, total, layer, bits). */
  onProgress?: (done: number, total: number, layer: string, bits: number) => void;
}

export interface LayerSensitivity {
  layer: string;
  /** Extra loss over the reference assignment, by bit width; the reference width maps to 0. */
  byBits: Record<number, number>;
}

export interface SensitivityReport {
  referenceBits: number;
  /** The loss of the all-reference model. */
  referenceLoss: number;
  layers: LayerSensitivity[];
}

export async function measureSensitivity(options: SensitivityOptions): Promise<SensitivityReport> {
  const ref = options.referenceBits ?? 8;
  if (options.layers.length === 0) throw new RangeError('measureSensitivity: options.layers is empty; name the layers to probe');
  if (new Set(options.layers).size !== options.layers.length) throw new RangeError('measureSensitivity: options.layers lists a layer twice');
  for (const b of [...options.bits, ref]) {
    if (!Number.isInteger(b) || b < 1 || b > 32) throw new RangeError(`measureSensitivity: bit widths must be integers in [1, 32], got ${b}`);
  }
  const candidates = options.bits.filter((b) => b !== ref);
  const base: Record<string, number> = Object.fromEntries(options.layers.map((l) => [l, ref]));
  const referenceLoss = await options.evaluate(base);
  if (!Number.isFinite(referenceLoss)) throw new Error(`measureSensitivity: evaluate() gave ${referenceLoss} for the reference assignment; it must return a finite loss`);
  const total = options.layers.length * candidates.length;
  let done = 0;
  const layers: LayerSensitivity[] = [];
  for (const layer of options.layers) {
    const byBits: Record<number, number> = { [ref]: 0 };
    for (const b of candidates) {
      const loss = await options.evaluate({ ...base, [layer]: b });
      if (!Number.isFinite(loss)) throw new Error(`measureSensitivity: evaluate() gave ${loss} with layer "${layer}" at ${b} bits`);
      byBits[b] = loss - referenceLoss;
      options.onProgress?.(++done, total, layer, b);
    }
    layers.push({ layer, byBits });
  }
  return { referenceBits: ref, referenceLoss, layers };
}
