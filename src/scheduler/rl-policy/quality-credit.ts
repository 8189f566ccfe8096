/**
 * The accuracy budget as state: how much quality the scheduler may still
 * give up. The evaluation's constraint is on the MEAN quality over a run
 * (at most `maxLoss` below static fp32's), and the cheapest way to meet a
 * mean is usually to mix two rungs — the oracle does (oracle-plan.ts). A
 * policy that sees only the current request cannot mix: in a given state it
 * takes one action. So the policy also sees its remaining budget, the
 * state augmentation of Sauté RL (Sootla et al. 2022, "Sauté RL: Almost
 * surely safe reinforcement learning using state augmentation", ICML):
 *
 *   credit_t = Σ_{i ≤ t} (b − (q_ref − q_i))
 *
 * b the budget per request, q_ref the reference action's measured quality,
 * q_i the quality served. Credit ≥ 0 at the end of a run is the mean
 * constraint. The reward (reward.ts) charges only the overspend
 * max(0, −credit), by its increase per step, so quality given up while the
 * budget lasts is free and quality given up beyond it costs μ per unit —
 * its sum over a run is μ × the final overspend, and the optimal policy
 * spends the budget down to zero and then alternates, as the oracle does.
 *
 * The same object runs in training (twin-environment.ts) and on the device
 * (rl-controller.ts `observe`), so the feature means the same in both.
 */

export interface QualityCreditOptions {
  /** q_ref: the quality the budget is measured against. */
  readonly referenceQuality: number;
  /** b: quality that may be lost per request on average (0.009 = 0.9 points). */
  readonly budget: number;
  /** Credit that maps to a feature of 1: one request's largest possible loss, so the feature resolves a request's worth. */
  readonly scale: number;
  /** Quality booked for a request served without a measured one. */
  readonly unmeasuredQuality: number;
}

export class QualityCredit {
  private creditSum = 0;

  constructor(readonly options: QualityCreditOptions) {
    const who = 'QualityCredit';
    for (const f of ['referenceQuality', 'budget', 'unmeasuredQuality'] as const) {
      if (!Number.isFinite(options[f])) throw new RangeError(`${who}: options.${f} must be a finite number, got ${options[f]}`);
    }
    if (!(options.budget >= 0)) throw new RangeError(`${who}: options.budget must be >= 0, got ${options.budget}`);
    if (!(options.scale > 0) || !Number.isFinite(options.scale)) throw new RangeError(`${who}: options.scale must be a finite number > 0, got ${options.scale}`);
  }

  /** Σ (b − loss) so far, in quality units × requests. */
  get credit(): number {
    return this.creditSum;
  }

  /** max(0, −credit): how far the run is over its budget. */
  get overspend(): number {
    return this.creditSum < 0 ? -this.creditSum : 0;
  }

  /** credit / scale clipped to [−1, 1]: the observation's feature. */
  get feature(): number {
    const f = this.creditSum / this.options.scale;
    return f > 1 ? 1 : f < -1 ? -1 : f;
  }

  /** Books one served request; returns the increase of the overspend it caused (negative when it paid some back). */
  record(quality: number | null): number {
    const before = this.overspend;
    const q = quality ?? this.options.unmeasuredQuality;
    this.creditSum += this.options.budget - (this.options.referenceQuality - q);
    return this.overspend - before;
  }

  reset(): void {
    this.creditSum = 0;
  }
}
