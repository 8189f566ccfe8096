/**
 * One gradient step wired correctly: the loss the learner reports equals
 * the Huber loss of Q(s, a) against the target worked out here from the
 * two networks' Q-values (online picks a′, target values it, when double),
 * and the step moves Q(s, a) toward that target.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Rng } from '../../../src/engine/random.js';
import { DqnLearner, denseLayersOf, GreedyPolicy, maskedArgmax, ReplayBuffer } from '../../../src/scheduler/rl/index.js';

const CONFIG = { observationSize: 4, actionCount: 5, hidden: [8] };
const S = Float32Array.of(0.5, -1, 2, 0.25);
const S2 = Float32Array.of(-0.3, 0.8, -1.5, 1);
const ACTION = 3;
const RETURN = 0.7;
const DISCOUNT = 0.9;

function huber(d: number): number {
  return Math.abs(d) <= 1 ? 0.5 * d * d : Math.abs(d) - 0.5;
}

function setup(double: boolean): { learner: DqnLearner; expected: number; qBefore: number; target: number } {
  const buffer = new ReplayBuffer({ capacity: 1, observationSize: 4, actionCount: 5 });
  buffer.add(S, ACTION, RETURN, S2, DISCOUNT);
  const learner = new DqnLearner(CONFIG, buffer, { lr: 1e-2, batchSize: 1, double, huberDelta: 1, maxGradNorm: Infinity }, new Rng(3));
  // Make the target network differ from the online one (they start equal).
  const rng = new Rng(4);
  for (const p of learner.target.parameters()) {
    const v = p.view();
    for (let i = 0; i < v.length; i++) v[i] = v[i]! + 0.5 * rng.normal();
  }
  const online = new GreedyPolicy(denseLayersOf(learner.online));
  const target = new GreedyPolicy(denseLayersOf(learner.target));
  const qNextOnline = Float32Array.from(online.qValues(S2));
  const qNextTarget = Float32Array.from(target.qValues(S2));
  const next = double ? qNextTarget[maskedArgmax(qNextOnline)]! : Math.max(...qNextTarget);
  const y = RETURN + DISCOUNT * next;
  const qBefore = online.qValues(S)[ACTION]!;
  return { learner, expected: huber(qBefore - y), qBefore, target: y };
}

for (const double of [true, false]) {
  test(`the reported loss is Huber(Q(s, a) − y) with the ${double ? 'double-DQN' : 'DQN'} target, and a step moves Q(s, a) toward y`, () => {
    const { learner, expected, qBefore, target } = setup(double);
    const loss = learner.update(new Rng(5));
    assert.ok(Math.abs(loss - expected) <= 1e-5 * (1 + expected), `loss ${loss}, expected ${expected}`);
    const qAfter = new GreedyPolicy(denseLayersOf(learner.online)).qValues(S)[ACTION]!;
    assert.ok(Math.abs(qAfter - target) < Math.abs(qBefore - target), `Q(s, a) went from ${qBefore} to ${qAfter}, away from ${target}`);
    assert.equal(learner.updates, 1);
  });
}

test('the two targets differ on this fixture (so the tests above tell double from plain DQN)', () => {
  assert.notEqual(setup(true).target, setup(false).target);
});

test('updateTarget: τ = 1 copies the online weights; τ < 1 moves part of the way', () => {
  const { learner } = setup(true);
  const online = learner.online.parameters()[0]!.toArray();
  const before = learner.target.parameters()[0]!.toArray();
  learner.updateTarget(0.25);
  const mid = learner.target.parameters()[0]!.toArray();
  for (let i = 0; i < mid.length; i++) assert.ok(Math.abs(mid[i]! - (0.25 * online[i]! + 0.75 * before[i]!)) < 1e-6);
  learner.updateTarget(1);
  assert.deepEqual(Array.from(learner.target.parameters()[0]!.toArray()), Array.from(online));
});
