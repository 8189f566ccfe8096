/**
 * The reward on hand-made events (sign and scale of every term, the
 * accuracy budget's overspend), the
 * quality price against its definition — the per-request optimum stays
 * within the budget just above the floor and leaves it just below — on a
 * hand-made space and on the MCU and Pi action spaces, and the derived
 * constants.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { RequestEvent } from '../../../src/runtime/request-event.js';
import { topAction } from '../../../src/scheduler/eval/policies.js';
import {
  CRITICAL_QUALITY_WEIGHT, DEADLINE_MARGIN, QUALITY_BUDGET_RESERVE, QUALITY_PRICE_MARGIN,
  qualityCreditFor, qualityPriceFloor, reward, rewardOptionsFor, type RewardOptions,
} from '../../../src/scheduler/rl-policy/reward.js';
import { QualityCredit } from '../../../src/scheduler/rl-policy/quality-credit.js';
import { rlActionSpace, type RlActionSpace } from '../../../src/scheduler/rl-policy/rl-action-space.js';
import { HAND, mcu, mcuSpace, pi, piSpace } from './fixtures.js';

const O: RewardOptions = {
  referenceEnergyJ: 2, bestQuality: 0.9, referenceQuality: 0.9, qualityBudget: 0.009, creditScale: 0.02, unmeasuredQuality: 0.5, deadlineWeight: 10, qualityWeight: 50, criticalWeight: 10,
};
type Ev = Pick<RequestEvent, 'energyJ' | 'deadlineMet' | 'accuracyProxy' | 'criticality'>;
const ev = (patch: Partial<Ev>): { event: Ev } => ({ event: { energyJ: 2, deadlineMet: true, accuracyProxy: 0.9, criticality: 'normal', ...patch } });

test('reward: −1 at the reference energy and quality; each term with its sign and scale', () => {
  assert.equal(reward(ev({}), O, 0), -1);
  assert.equal(reward(ev({ energyJ: 1 }), O, 0), -0.5, 'energy in units of the reference');
  assert.equal(reward(ev({ energyJ: 0 }), O, 0) + 0, 0, 'nothing spent, nothing lost: the best possible reward');
  assert.equal(reward(ev({ deadlineMet: false }), O, 0), -1 - 10, 'a miss costs λ');
  assert.equal(reward(ev({ accuracyProxy: 0.89 }), O, 0), -1, 'a normal request\'s loss within the budget is free');
  assert.ok(Math.abs(reward(ev({ accuracyProxy: 0.89 }), O, 0.01) - (-1 - 50 * 0.01)) < 1e-12, 'one point of overspend costs μ/100');
  assert.ok(Math.abs(reward(ev({}), O, -0.009) - (-1 + 50 * 0.009)) < 1e-12, 'paying overspend back earns μ per unit');
  assert.ok(Math.abs(reward(ev({ accuracyProxy: 0.89, criticality: 'critical' }), O, 0) - (-1 - 10 * 50 * 0.01)) < 1e-12, 'critical requests pay ×w_crit against the best, budget or not');
  assert.equal(reward(ev({ criticality: 'critical' }), O, 0), -1, 'full quality on a critical request costs nothing extra');
  assert.ok(Math.abs(reward(ev({ accuracyProxy: null, criticality: 'critical' }), O, 0) - (-1 - 10 * 50 * 0.4)) < 1e-12, 'an unmeasured variant is booked at the unmeasured quality');
  assert.ok(reward(ev({ energyJ: 3 }), O, 0) < reward(ev({}), O, 0));
  assert.ok(reward(ev({ accuracyProxy: 0.95, criticality: 'critical' }), O, 0) === -1, 'above the best quality earns nothing');
});

test('qualityCreditFor: the budget is free until spent, then every unit over it costs μ; the sum over a run is μ × the final overspend', () => {
  const credit = qualityCreditFor(O);
  assert.equal(credit.credit, 0);
  assert.equal(credit.feature, 0);
  // Serving 1 point below the reference with a 0.9-point budget: 0.1 point over per request.
  let penalty = 0;
  for (let i = 0; i < 10; i++) penalty += credit.record(0.89);
  assert.ok(Math.abs(credit.credit - -0.001 * 10) < 1e-12);
  assert.ok(Math.abs(penalty - credit.overspend) < 1e-12, 'the increases telescope to the overspend');
  assert.ok(Math.abs(credit.feature - -0.01 / 0.02) < 1e-12, 'credit / scale');
  // Requests at the reference pay it back, then bank the rest.
  penalty += credit.record(0.9);
  assert.ok(Math.abs(credit.overspend - 0.001) < 1e-12);
  penalty += credit.record(0.9);
  assert.equal(credit.overspend, 0);
  assert.ok(Math.abs(penalty) < 1e-12, 'back within the budget: no penalty left over the run');
  assert.ok(Math.abs(credit.credit - 0.008) < 1e-12);
  credit.record(null);
  assert.ok(Math.abs(credit.credit - (0.008 + 0.009 - 0.4)) < 1e-12, 'unmeasured: the unmeasured quality');
  assert.equal(credit.feature, -1, 'clipped');
  credit.reset();
  assert.equal(credit.credit, 0);
  assert.throws(() => new QualityCredit({ referenceQuality: 0.9, budget: -0.1, scale: 1, unmeasuredQuality: 0 }), /options\.budget must be >= 0/);
  assert.throws(() => new QualityCredit({ referenceQuality: 0.9, budget: 0.1, scale: 0, unmeasuredQuality: 0 }), /options\.scale must be a finite number > 0/);
});

/** The allowed action minimising the per-request penalty E/E_ref + μ·(q_best − q) (a normal request, deadlines aside). */
function myopicChoice(s: RlActionSpace, mu: number): number {
  let best = -1;
  let bestCost = Infinity;
  for (let i = 0; i < s.size; i++) {
    if (!s.allowed[i]) continue;
    const c = s.energyJ[i]! / s.energyJ[s.referenceIndex]! + mu * (s.bestQuality - s.quality[i]!);
    if (c < bestCost) [best, bestCost] = [i, c];
  }
  return best;
}

test('qualityPriceFloor: worked by hand on a small space', () => {
  const s = rlActionSpace(HAND, 'a@fast');
  // Budget 0.05 below 0.9: b (0.8) is out; against a@slow the cheaper b@slow needs μ ≥ (1.5 − 0.8)/2/0.1 = 3.5.
  assert.ok(Math.abs(qualityPriceFloor(s, 0.05) - 3.5) < 1e-12);
  assert.equal(qualityPriceFloor(s, 0.2), 0, 'every action within the budget: no price needed');
});

for (const [name, space, profile] of [['MCU', mcuSpace, mcu], ['Pi', piSpace, pi]] as const) {
  test(`qualityPriceFloor on the ${name}'s actions: the myopic optimum is within the budget just above the floor, outside just below`, () => {
    const s = rlActionSpace(space.actions, topAction(space, profile).id);
    for (const budget of [0.005, 0.009, 0.02]) {
      const floor = qualityPriceFloor(s, budget);
      const threshold = s.quality[s.referenceIndex]! - budget;
      assert.ok(s.quality[myopicChoice(s, floor * 1.001 + 1e-9)]! >= threshold - 1e-12, `${name} budget ${budget}: above the floor ${floor}`);
      if (floor > 0) assert.ok(s.quality[myopicChoice(s, floor * 0.999)]! < threshold, `${name} budget ${budget}: below the floor ${floor}`);
    }
  });
}

test('rewardOptionsFor: μ, λ and w_crit derived as documented; overrides win', () => {
  const s = rlActionSpace(mcuSpace.actions, topAction(mcuSpace, mcu).id);
  const o = rewardOptionsFor(s);
  assert.equal(o.referenceEnergyJ, s.energyJ[s.referenceIndex]);
  assert.equal(o.bestQuality, 0.866);
  assert.ok(Math.abs(o.qualityWeight - QUALITY_PRICE_MARGIN * qualityPriceFloor(s, 0.01 * (1 - QUALITY_BUDGET_RESERVE))) < 1e-9);
  assert.equal(o.criticalWeight, CRITICAL_QUALITY_WEIGHT);
  assert.equal(o.referenceQuality, s.quality[s.referenceIndex]);
  assert.ok(Math.abs(o.qualityBudget - 0.01 * (1 - QUALITY_BUDGET_RESERVE)) < 1e-15);
  let worst = 0;
  let largestLoss = 0;
  for (let i = 0; i < s.size; i++) {
    if (!s.allowed[i]) continue;
    worst = Math.max(worst, s.energyJ[i]! / o.referenceEnergyJ + o.qualityWeight * (o.criticalWeight * (o.bestQuality - s.quality[i]!) + Math.max(0, o.referenceQuality - s.quality[i]!)));
    largestLoss = Math.max(largestLoss, o.referenceQuality - s.quality[i]!);
  }
  assert.ok(Math.abs(o.deadlineWeight - DEADLINE_MARGIN * worst) < 1e-9);
  assert.equal(o.creditScale, Math.max(largestLoss, o.qualityBudget));
  // No single choice of an allowed action, even on a critical request with its whole loss over the budget, is worth a miss.
  for (let i = 0; i < s.size; i++) {
    if (!s.allowed[i]) continue;
    const served = reward(ev({ energyJ: s.energyJ[i]!, accuracyProxy: s.quality[i]!, criticality: 'critical' }), o, Math.max(0, o.referenceQuality - s.quality[i]!));
    assert.ok(served > reward(ev({ energyJ: 0, accuracyProxy: 0.866, deadlineMet: false }), o, 0), s.ids[i]);
  }
  const custom = rewardOptionsFor(s, { qualityWeight: 5, deadlineWeight: 3, criticalWeight: 2 });
  assert.deepEqual([custom.qualityWeight, custom.deadlineWeight, custom.criticalWeight], [5, 3, 2]);
  assert.throws(() => rewardOptionsFor(s, { deadlineWeight: 0 }), /deadlineWeight must be a finite number > 0/);
});
