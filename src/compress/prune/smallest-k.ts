/**
 * The selection at the heart of magnitude pruning: mark the `count` entries
 * with the smallest scores. Ties are broken by position (the earlier entry
 * goes first), so exactly `count` entries are marked and the same input
 * always gives the same mask, whatever the sort implementation.
 */

/** Indices of `scores` ordered by (score, index), ascending. */
export function ascendingOrder(scores: ArrayLike<number>): Int32Array {
  const order = Int32Array.from({ length: scores.length }, (_, i) => i);
  // TypedArray.prototype.sort with a comparator; the index tiebreak makes the order total.
  return order.sort((a, b) => scores[a]! - scores[b]! || a - b);
}

/** A keep mask over `scores` with 0 at the `count` smallest entries and 1 elsewhere. */
export function pruneSmallest(scores: ArrayLike<number>, count: number): Uint8Array {
  const mask = new Uint8Array(scores.length).fill(1);
  const order = ascendingOrder(scores);
  for (let k = 0; k < count; k++) mask[order[k]!] = 0;
  return mask;
}

/** Number of entries to prune for a sparsity: the nearest integer to sparsity·n (halves round up). */
export function pruneCount(sparsity: number, n: number): number {
  return Math.min(n, Math.round(sparsity * n));
}
