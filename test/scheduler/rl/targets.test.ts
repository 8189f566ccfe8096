/**
 * The pure pieces of a DQN update, each against numbers worked by hand:
 * the (double) DQN target with terminal rows and masks, n-step returns,
 * the Huber loss and its gradient, and gradient-norm clipping.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { noGrad, tensor, tidy } from '../../../src/engine/index.js';
import { clipGradNorm, epsilonAt, huberLoss, NStepAccumulator, resolveDqnOptions, tdTargets } from '../../../src/scheduler/rl/index.js';

const close = (a: number, b: number, tol = 1e-6) => Math.abs(a - b) <= tol;

// Two next states, three actions. Online Q prefers action 2 in row 0; the target net values it at 5.
const qOnline = Float32Array.from([1, 0, 3, /* row 1 */ 4, 2, 0]);
const qTarget = Float32Array.from([9, 7, 5, /* row 1 */ 1, 8, 6]);
const base = { size: 2, returns: Float32Array.from([1, 2]), discounts: Float32Array.from([0.5, 0.5]), nextMasks: null };

test('DQN target: R + γ′·max_a Q⁻(s′, a)', () => {
  const y = tdTargets(base, 3, qTarget, null, new Float32Array(2));
  assert.deepEqual(Array.from(y), [1 + 0.5 * 9, 2 + 0.5 * 8]);
});

test('double DQN target: the online net picks a′, the target net values it (van Hasselt et al. 2016, eq. 4)', () => {
  const y = tdTargets(base, 3, qTarget, qOnline, new Float32Array(2));
  assert.deepEqual(Array.from(y), [1 + 0.5 * 5, 2 + 0.5 * 1]);
});

test('a terminal row (γ′ = 0) is its return alone, whatever the next state holds', () => {
  const y = tdTargets({ ...base, discounts: Float32Array.from([0, 0.5]) }, 3, Float32Array.from([NaN, NaN, NaN, 1, 8, 6]), null, new Float32Array(2));
  assert.deepEqual(Array.from(y), [1, 6]);
});

test('masks: the maximisation runs over the actions feasible in s′ only', () => {
  const nextMasks = Uint8Array.from([1, 1, 0, /* row 1 */ 0, 0, 1]);
  assert.deepEqual(Array.from(tdTargets({ ...base, nextMasks }, 3, qTarget, qOnline, new Float32Array(2))), [1 + 0.5 * 9, 2 + 0.5 * 6], 'double');
  assert.deepEqual(Array.from(tdTargets({ ...base, nextMasks }, 3, qTarget, null, new Float32Array(2))), [1 + 0.5 * 9, 2 + 0.5 * 6], 'plain');
  assert.throws(() => tdTargets({ ...base, nextMasks: Uint8Array.from([0, 0, 0, 1, 1, 1]) }, 3, qTarget, null, new Float32Array(2)), /row 0 .* allows no action/);
});

test('n-step returns: full windows bootstrap with γⁿ; at the end the rest flush with shorter returns', () => {
  const out: [number, number, number, number][] = [];
  const acc = new NStepAccumulator(3, 0.5, 1, (s, a, r, s2, d) => out.push([s[0]!, a, r, d]));
  const obs = (x: number) => Float32Array.of(x);
  // Rewards 1, 2, 4, 8 then a terminal step with reward 16.
  acc.push(obs(0), 0, 1, obs(1), null, false, false);
  acc.push(obs(1), 1, 2, obs(2), null, false, false);
  assert.equal(out.length, 0, 'nothing until n steps are pending');
  acc.push(obs(2), 2, 4, obs(3), null, false, false);
  acc.push(obs(3), 0, 8, obs(4), null, false, false);
  acc.push(obs(4), 1, 16, obs(5), null, true, false);
  assert.deepEqual(out, [
    [0, 0, 1 + 0.5 * 2 + 0.25 * 4, 0.125],
    [1, 1, 2 + 0.5 * 4 + 0.25 * 8, 0.125],
    [2, 2, 4 + 0.5 * 8 + 0.25 * 16, 0],
    [3, 0, 8 + 0.5 * 16, 0],
    [4, 1, 16, 0],
  ]);
});

test('n-step: a truncated episode still bootstraps, with γ to the remaining length', () => {
  const out: [number, number][] = [];
  const acc = new NStepAccumulator(3, 0.5, 1, (_s, _a, r, _s2, d) => out.push([r, d]));
  acc.push(Float32Array.of(0), 0, 1, Float32Array.of(1), null, false, false);
  acc.push(Float32Array.of(1), 0, 1, Float32Array.of(2), null, false, true);
  assert.deepEqual(out, [[1.5, 0.25], [1, 0.5]]);
  // The accumulator starts clean for the next episode.
  acc.push(Float32Array.of(9), 0, 3, Float32Array.of(9), null, true, false);
  assert.deepEqual(out.at(-1), [3, 0]);
});

test('n = 1 is one-step Q-learning', () => {
  const out: number[][] = [];
  const acc = new NStepAccumulator(1, 0.9, 1, (s, a, r, s2, d) => out.push([s[0]!, a, r, s2[0]!, d]));
  acc.push(Float32Array.of(0), 1, 2, Float32Array.of(1), null, false, false);
  acc.push(Float32Array.of(1), 0, 3, Float32Array.of(2), null, true, false);
  assert.deepEqual(out, [[0, 1, 2, 1, 0.9], [1, 0, 3, 2, 0]]);
});

test('Huber loss: ½d² inside δ, δ(|d| − ½δ) outside, mean over elements; gradient clipped to ±δ', () => {
  const d = [-3, -0.5, 0, 0.25, 2];
  const delta = 1;
  const expected = d.map((x) => (Math.abs(x) <= delta ? 0.5 * x * x : delta * (Math.abs(x) - 0.5 * delta)));
  const pred = tensor(Float32Array.from(d));
  pred.requiresGrad = true;
  const value = tidy(() => {
    const l = huberLoss(pred, tensor(new Float32Array(5)), delta);
    l.backward();
    return l.item();
  });
  assert.ok(close(value, expected.reduce((a, b) => a + b) / 5), `loss ${value}`);
  const grad = Array.from(pred.grad!.toArray());
  const want = d.map((x) => Math.max(-delta, Math.min(delta, x)) / 5);
  grad.forEach((g, i) => assert.ok(close(g, want[i]!), `grad[${i}] = ${g}, expected ${want[i]}`));
  assert.ok(close(noGrad(() => tidy(() => huberLoss(tensor([4]), tensor([0]), 2).item())), 2 * (4 - 1)), 'δ = 2');
  assert.throws(() => huberLoss(tensor([1, 2]), tensor([1])), /differ in size/);
});

test('gradient clipping scales all gradients together to maxNorm, and leaves small ones alone', () => {
  const a = tensor([3, 0]);
  const b = tensor([4]);
  a.grad = tensor([3, 0]);
  b.grad = tensor([4]);
  assert.equal(clipGradNorm([a, b], 10), 5, 'returns the norm');
  assert.deepEqual(Array.from(a.grad.toArray()), [3, 0], 'under the limit: unchanged');
  assert.equal(clipGradNorm([a, b], 1), 5);
  const scaled = [...a.grad.toArray(), ...b.grad.toArray()];
  assert.ok(close(Math.hypot(...scaled), 1, 1e-5), `norm after clipping ${Math.hypot(...scaled)}`);
  assert.ok(close(scaled[0]! / scaled[2]!, 3 / 4), 'direction kept');
});

test('ε falls linearly over the exploration fraction, then stays at its final value', () => {
  const o = resolveDqnOptions({ totalSteps: 1000, explorationFraction: 0.2, explorationInitialEps: 1, explorationFinalEps: 0.1 });
  assert.equal(epsilonAt(0, o), 1);
  assert.ok(close(epsilonAt(100, o), 0.55));
  assert.ok(close(epsilonAt(200, o), 0.1));
  assert.ok(close(epsilonAt(999, o), 0.1));
});
