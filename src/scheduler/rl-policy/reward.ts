/**
 * The RL scheduler's reward for one served request, a pure function of its
 * event and of the accuracy budget's state (quality-credit.ts):
 *
 *   r = −energyJ / E_ref − λ · [deadline missed] − μ · Δoverspend − μ · w_crit · (q_best − q_served) · [critical]
 *
 * E_ref is the static top action's energy (the "standard edge AI"
 * deployment the evaluation compares with), so the energy term is 1 per
 * request at static quality and every device's rewards are on one scale.
 * q is the ladder's measured quality (the event's accuracyProxy).
 * Δoverspend is how much this request pushed the run past its accuracy
 * budget b per request (QualityCredit.record): quality given up within the
 * budget is free, beyond it it costs μ per unit, so over a run the quality
 * term sums to μ × the final overspend. Critical requests pay their loss
 * against the best quality on top, whatever the budget.
 *
 * The constants, and how they are chosen (`rewardOptionsFor`):
 *
 * - μ, the price of quality, is the Lagrange multiplier of the evaluation's
 *   accuracy budget (1 point against static fp32, scenario.ts
 *   `maxAccuracyLossPts`): `qualityPriceFloor` computes the smallest μ at
 *   which the per-request optimum −E/E_ref − μ·Δq picks no action more than
 *   the budget below the reference's quality — the price that, once the
 *   budget is spent, makes staying within it the better choice on every
 *   request. Two margins keep a learned, hence approximate, Q-function
 *   inside the budget: the budget b is the allowed loss less
 *   QUALITY_BUDGET_RESERVE (a tenth: a ladder often has rungs on both sides
 *   of the edge within a tenth of a point), and μ is the floor times
 *   QUALITY_PRICE_MARGIN. It comes from the action space alone (costs and
 *   measured qualities), not from any trace or test.
 * - w_crit = CRITICAL_QUALITY_WEIGHT: the runtime serves critical requests
 *   at the best quality (adaptive-precision-controller.ts rule 1); ten times
 *   the price makes every cheaper rung within the budget a loss on them.
 * - λ, the price of a missed deadline, is DEADLINE_MARGIN × the largest
 *   penalty any allowed action can earn on one critical request, so no
 *   saving of energy or quality on one request ever pays for a miss.
 */
import type { RequestEvent } from '../../runtime/request-event.js';
import { checkNonNegative, checkPositive } from '../option-checks.js';
import { QualityCredit } from './quality-credit.js';
import type { RlActionSpace } from './rl-action-space.js';

export interface RewardOptions {
  /** E_ref: the static top action's energy per request, J. */
  readonly referenceEnergyJ: number;
  /** q_best: the best measured quality of the action space. */
  readonly bestQuality: number;
  /** q_ref: the reference action's measured quality (q_best when it has none): what the budget is measured against. */
  readonly referenceQuality: number;
  /** b: quality the policy may give up per request on average, below q_ref (the budget less the reserve). */
  readonly qualityBudget: number;
  /** The credit that reads as a feature of 1 (QualityCreditOptions.scale). */
  readonly creditScale: number;
  /** Quality booked for a variant without a measured one (default: the space's worst). */
  readonly unmeasuredQuality: number;
  /** λ: penalty of a missed deadline, in units of E_ref. */
  readonly deadlineWeight: number;
  /** μ: penalty per unit of quality lost (0.01 = one point), in units of E_ref. */
  readonly qualityWeight: number;
  /** w_crit: multiplier of the quality penalty on critical requests. */
  readonly criticalWeight: number;
}

/** What the reward reads of an outcome; a runtime RequestOutcome fits. */
export interface RewardInput {
  readonly event: Pick<RequestEvent, 'energyJ' | 'deadlineMet' | 'accuracyProxy' | 'criticality'>;
}

/** `overspendIncrease`: what QualityCredit.record returned for this request. */
export function reward(outcome: RewardInput, o: RewardOptions, overspendIncrease: number): number {
  const e = outcome.event;
  const q = e.accuracyProxy ?? o.unmeasuredQuality;
  const critical = e.criticality === 'critical' ? o.criticalWeight * Math.max(0, o.bestQuality - q) : 0;
  return -e.energyJ / o.referenceEnergyJ - (e.deadlineMet ? 0 : o.deadlineWeight) - o.qualityWeight * (overspendIncrease + critical);
}

/** The budget tracker matching `o`, starting empty. */
export function qualityCreditFor(o: RewardOptions): QualityCredit {
  return new QualityCredit({ referenceQuality: o.referenceQuality, budget: o.qualityBudget, scale: o.creditScale, unmeasuredQuality: o.unmeasuredQuality });
}

/** The evaluation's default accuracy budget: 1 point (scenario.ts `maxAccuracyLossPts`). */
export const DEFAULT_MAX_QUALITY_LOSS = 0.01;
/** μ = 1.5 × the floor: the learned choice may misjudge the gap at the budget's edge by a third and stay inside it. */
export const QUALITY_PRICE_MARGIN = 1.5;
/**
 * The floor is priced for 90 % of the budget (0.9 points of 1): a tenth in
 * reserve, about a third of the standard error of one measured top-1 on a
 * 1,350-sample validation set (√(0.99·0.01/1350) ≈ 0.27 points, the demo
 * ladder's), below which rungs are not reliably ordered anyway.
 */
export const QUALITY_BUDGET_RESERVE = 0.1;
/** See the header: critical quality is worth ten times normal quality. */
export const CRITICAL_QUALITY_WEIGHT = 10;
/** λ = 2 × the worst one-request penalty of any allowed action. */
export const DEADLINE_MARGIN = 2;
/**
 * A floor under μ for spaces where every action is within the budget (the
 * floor computes 0): losing all quality then still costs one reference
 * inference, so ties go to quality and critical requests keep a price.
 */
export const MIN_QUALITY_WEIGHT = 1;

/**
 * The smallest μ at which, for every allowed action b below the budget
 * (quality under q_ref − maxLoss, q_ref the reference action's measured
 * quality, the best when it has none), some allowed action a within it has
 * E_a/E_ref + μ·Δq_a ≤ E_b/E_ref + μ·Δq_b — i.e. at which the per-request
 * optimum of the reward (critical weight aside) stays within the budget:
 *
 *   μ* = max over b of min over a of ((E_a − E_b) / E_ref) / (q_a − q_b), floored at 0.
 *
 * Unmeasured actions are left out (their loss is unknown).
 */
export function qualityPriceFloor(space: RlActionSpace, maxLoss: number = DEFAULT_MAX_QUALITY_LOSS): number {
  checkNonNegative('qualityPriceFloor', 'maxLoss', maxLoss);
  const eRef = space.energyJ[space.referenceIndex]!;
  const qRef = space.quality[space.referenceIndex]!;
  const threshold = (Number.isNaN(qRef) ? space.bestQuality : qRef) - maxLoss;
  const q = space.quality;
  let floor = 0;
  for (let b = 0; b < space.size; b++) {
    if (!space.allowed[b] || Number.isNaN(q[b]!) || !(q[b]! < threshold)) continue;
    let need = Infinity;
    for (let a = 0; a < space.size; a++) {
      if (!space.allowed[a] || Number.isNaN(q[a]!) || q[a]! < threshold) continue;
      need = Math.min(need, (space.energyJ[a]! - space.energyJ[b]!) / eRef / (q[a]! - q[b]!));
    }
    if (Number.isFinite(need)) floor = Math.max(floor, need);
  }
  return floor;
}

/** A floor under the credit scale (a tenth of a point) for a space whose actions all match the reference. */
export const MIN_CREDIT_SCALE = 0.001;

export interface RewardChoice {
  /** Accuracy budget μ is priced for (default 0.01, one point). */
  maxQualityLoss?: number;
  qualityWeight?: number;
  criticalWeight?: number;
  deadlineWeight?: number;
}

/** The reward's constants for `space`, derived as the header says; any given here replaces the derived one. */
export function rewardOptionsFor(space: RlActionSpace, choice: RewardChoice = {}): RewardOptions {
  const who = 'rewardOptionsFor';
  const maxLoss = checkNonNegative(who, 'maxQualityLoss', choice.maxQualityLoss ?? DEFAULT_MAX_QUALITY_LOSS);
  const referenceEnergyJ = space.energyJ[space.referenceIndex]!;
  const bestQuality = Number.isNaN(space.bestQuality) ? 0 : space.bestQuality;
  let worst = bestQuality;
  for (let i = 0; i < space.size; i++) if (!Number.isNaN(space.quality[i]!)) worst = Math.min(worst, space.quality[i]!);
  const qualityBudget = maxLoss * (1 - QUALITY_BUDGET_RESERVE);
  const qualityWeight = choice.qualityWeight ?? Math.max(MIN_QUALITY_WEIGHT, QUALITY_PRICE_MARGIN * qualityPriceFloor(space, qualityBudget));
  const criticalWeight = choice.criticalWeight ?? CRITICAL_QUALITY_WEIGHT;
  checkNonNegative(who, 'qualityWeight', qualityWeight);
  checkNonNegative(who, 'criticalWeight', criticalWeight);
  const qRef = space.quality[space.referenceIndex]!;
  const referenceQuality = Number.isNaN(qRef) ? bestQuality : qRef;
  // Per allowed action: its worst penalty on one critical request (the critical term plus, at most, its whole loss as
  // overspend) for λ, and its loss against the reference for the credit's scale (the feature resolves one request's worth).
  let worstPenalty = 0;
  let largestLoss = 0;
  for (let i = 0; i < space.size; i++) {
    if (!space.allowed[i]) continue;
    const q = Number.isNaN(space.quality[i]!) ? worst : space.quality[i]!;
    worstPenalty = Math.max(worstPenalty, space.energyJ[i]! / referenceEnergyJ + qualityWeight * (criticalWeight * (bestQuality - q) + Math.max(0, referenceQuality - q)));
    largestLoss = Math.max(largestLoss, referenceQuality - q);
  }
  const deadlineWeight = choice.deadlineWeight ?? DEADLINE_MARGIN * worstPenalty;
  checkPositive(who, 'deadlineWeight', deadlineWeight);
  const creditScale = Math.max(largestLoss, qualityBudget, MIN_CREDIT_SCALE);
  return { referenceEnergyJ, bestQuality, referenceQuality, qualityBudget, creditScale, unmeasuredQuality: worst, deadlineWeight, qualityWeight, criticalWeight };
}
