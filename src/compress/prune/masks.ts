/**
 * Pruning masks: per pruned weight tensor, one byte per element, 1 to keep
 * and 0 to prune, in the tensor's row-major order. Masks are keyed by the
 * weight's dotted parameter name ('stack1.main.conv1.weight'), so they can be
 * stored, compared and re-applied to the same model.
 *
 * Applying a mask writes zeros into the live weight (Han et al. 2015,
 * "Learning both Weights and Connections", §3: pruned connections are removed
 * and the network is retrained with them held at zero).
 */
import type { Tensor } from '../../engine/index.js';
import type { Module } from '../../nn/index.js';

/** Weight name -> keep mask (1 keep, 0 pruned), one entry per weight element. */
export type WeightMasks = ReadonlyMap<string, Uint8Array>;

/**
 * Resolves every mask to its parameter among `params` (name -> tensor) and
 * checks its length; throws naming the first mask that does not fit, before
 * anything is written.
 */
export function resolveMasks(params: ReadonlyMap<string, Tensor>, masks: WeightMasks, who: string): [Tensor, Uint8Array][] {
  const out: [Tensor, Uint8Array][] = [];
  for (const [name, mask] of masks) {
    const p = params.get(name);
    if (!p) {
      const known = [...params.keys()].filter((k) => k.endsWith('weight'));
      throw new RangeError(`${who}: mask "${name}" names no parameter; weight parameters: ${known.join(', ') || '(none)'}`);
    }
    if (!(mask instanceof Uint8Array)) throw new TypeError(`${who}: mask "${name}" must be a Uint8Array of 0/1`);
    if (mask.length !== p.size) throw new RangeError(`${who}: mask "${name}" has ${mask.length} entries, but the weight has ${p.size} elements`);
    if (p.dtype !== 'float32' && p.dtype !== 'float64') throw new TypeError(`${who}: weight "${name}" is ${p.dtype}; masks apply to float weights`);
    out.push([p, mask]);
  }
  return out;
}

/** Zeros, in place, every element whose mask entry is 0. */
export function zeroMasked(pairs: readonly (readonly [Tensor, Uint8Array])[]): void {
  for (const [p, mask] of pairs) {
    const w = p.view();
    for (let i = 0; i < mask.length; i++) if (mask[i] === 0) w[i] = 0;
  }
}

/** Zeros the pruned weights of `model` in place. Every mask is checked before any weight is written. */
export function applyMasks(model: Module, masks: WeightMasks): void {
  zeroMasked(resolveMasks(new Map(model.namedParameters()), masks, 'applyMasks'));
}

/** Number of kept (1) entries of one mask. */
export function keptCount(mask: Uint8Array): number {
  let n = 0;
  for (let i = 0; i < mask.length; i++) n += mask[i] === 0 ? 0 : 1;
  return n;
}

/** Fraction of pruned entries over all masks together (0 for no masks). */
export function maskSparsity(masks: WeightMasks): number {
  let total = 0;
  let kept = 0;
  for (const mask of masks.values()) {
    total += mask.length;
    kept += keptCount(mask);
  }
  return total === 0 ? 0 : 1 - kept / total;
}
