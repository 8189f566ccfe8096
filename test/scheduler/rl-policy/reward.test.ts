/**
 * The reward on hand-made events (sign and scale of every term), the
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
  qualityPriceFloor, reward, rewardOptionsFor, type RewardOptions,
} from '../../../src/scheduler/rl-policy/reward.js';
import { rlActionSpace, type RlActionSpace } from '../../../src/scheduler/rl-policy/rl-action-space.js';
import { HAND, mcu, mcuSpace, pi, piSpace } from './fixtures.js';

const O: RewardOptions = { referenceEnergyJ: 2, bestQuality: 0.9, unmeasuredQuality: 0.5, deadlineWeight: 10, qualityWeight: 50, criticalWeight: 10 };
type Ev = Pick<RequestEvent, 'energyJ' | 'deadlineMet' | 'accuracyProxy' | 'criticality'>;
const ev = (patch: Partial<Ev>): { event: Ev } => ({ event: { energyJ: 2, deadlineMet: true, accuracyProxy: 0.9, criticality: 'normal', ...patch } });

test('reward: −1 at the reference energy and best quality; each term with its sign and scale', () => {
  assert.equal(reward(ev({}), O), -1);
  assert.equal(reward(ev({ energyJ: 1 }), O), -0.5, 'energy in units of the reference');
  assert.equal(reward(ev({ energyJ: 0 }), O) + 0, 0, 'nothing spent, nothing lost: the best possible reward');
  assert.equal(reward(ev({ deadlineMet: false }), O), -1 - 10, 'a miss costs λ');
  assert.ok(Math.abs(reward(ev({ accuracyProxy: 0.89 }), O) - (-1 - 50 * 0.01)) < 1e-12, 'one point lost costs μ/100');
  assert.ok(Math.abs(reward(ev({ accuracyProxy: 0.89, criticality: 'critical' }), O) - (-1 - 10 * 50 * 0.01)) < 1e-12, '×w_crit on critical requests');
  assert.equal(reward(ev({ criticality: 'critical' }), O), -1, 'full quality on a critical request costs nothing extra');
  assert.ok(Math.abs(reward(ev({ accuracyProxy: null }), O) - (-1 - 50 * 0.4)) < 1e-12, 'an unmeasured variant is booked at the unmeasured quality');
  // More energy, a miss, or less quality never pays.
  assert.ok(reward(ev({ energyJ: 3 }), O) < reward(ev({}), O));
  assert.ok(reward(ev({ accuracyProxy: 0.95 }), O) === -1, 'above the best quality earns nothing');
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
  let worst = 0;
  for (let i = 0; i < s.size; i++) if (s.allowed[i]) worst = Math.max(worst, s.energyJ[i]! / o.referenceEnergyJ + o.qualityWeight * o.criticalWeight * (o.bestQuality - s.quality[i]!));
  assert.ok(Math.abs(o.deadlineWeight - DEADLINE_MARGIN * worst) < 1e-9);
  // No single choice of an allowed action, even on a critical request, is worth a miss.
  for (let i = 0; i < s.size; i++) {
    if (!s.allowed[i]) continue;
    const served = reward(ev({ energyJ: s.energyJ[i]!, accuracyProxy: s.quality[i]!, criticality: 'critical' }), o);
    assert.ok(served > reward(ev({ energyJ: 0, accuracyProxy: 0.866, deadlineMet: false }), o), s.ids[i]);
  }
  const custom = rewardOptionsFor(s, { qualityWeight: 5, deadlineWeight: 3, criticalWeight: 2 });
  assert.deepEqual([custom.qualityWeight, custom.deadlineWeight, custom.criticalWeight], [5, 3, 2]);
  assert.throws(() => rewardOptionsFor(s, { deadlineWeight: 0 }), /deadlineWeight must be a finite number > 0/);
});
