/**
 * The regression targets of a DQN update, a pure function of one batch.
 *
 *   DQN (Mnih et al., Nature 2015):       y = R + γ′ · max_a′ Q⁻(s′, a′)
 *   double DQN (H. van Hasselt, A. Guez & D. Silver, "Deep reinforcement
 *   learning with double Q-learning", AAAI 2016, eq. 4):
 *                                          y = R + γ′ · Q⁻(s′, argmax_a′ Q(s′, a′))
 *
 * Q is the online network, Q⁻ the target network, R the (n-step) return
 * and γ′ the stored discount (γⁿ, or 0 after a terminal state: then y = R
 * and s′ is not looked at). Double DQN picks the action with the online
 * network and evaluates it with the target network, which removes most of
 * max-operator overestimation. With action masks, a′ ranges over the
 * actions feasible in s′ only: an infeasible action's value must not leak
 * into the target.
 */

export interface TargetInputs {
  readonly size: number;
  readonly returns: Float32Array;
  readonly discounts: Float32Array;
  /** [size, actionCount] 0/1, or null: every action allowed. */
  readonly nextMasks: Uint8Array | null;
}

/**
 * Writes y for rows 0..size−1 into `out`. `qNextTarget` and `qNextOnline`
 * are [size, actionCount] row-major; with `qNextOnline` null the plain DQN
 * target is computed. Returns `out`.
 */
export function tdTargets(batch: TargetInputs, actionCount: number, qNextTarget: ArrayLike<number>, qNextOnline: ArrayLike<number> | null, out: Float32Array): Float32Array {
  const select = qNextOnline ?? qNextTarget;
  const masks = batch.nextMasks;
  for (let i = 0; i < batch.size; i++) {
    const discount = batch.discounts[i]!;
    if (discount === 0) {
      out[i] = batch.returns[i]!;
      continue;
    }
    const row = i * actionCount;
    let best = -1;
    for (let a = 0; a < actionCount; a++) {
      if (masks && !masks[row + a]) continue;
      if (best < 0 || select[row + a]! > select[row + best]!) best = a;
    }
    if (best < 0) throw new RangeError(`tdTargets: row ${i} bootstraps from a state whose mask allows no action`);
    out[i] = batch.returns[i]! + discount * qNextTarget[row + best]!;
  }
  return out;
}
