/**
 * The deployment path: the plain-TypeScript forward of GreedyPolicy gives
 * the engine's Q-values within float32 rounding on every backend, picks
 * the engine's argmax, never picks a masked action, and follows the
 * normaliser.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { activeBackend, noGrad, registeredBackends, Rng, setBackend, tensor, tidy } from '../../../src/engine/index.js';
import type { Sequential } from '../../../src/nn/index.js';
import { buildQNetwork, denseLayersOf, GreedyPolicy, maskedArgmax, normaliseInto, type ObservationNormaliser } from '../../../src/scheduler/rl/index.js';

/** The scheduler-sized network of the brief: 16 features, two hidden layers of 64, 30 actions. */
const CONFIG = { observationSize: 16, actionCount: 30, hidden: [64, 64] };

function engineQ(network: Sequential, x: Float32Array): Float32Array {
  return noGrad(() => tidy(() => network.call(tensor(x, [1, x.length])).toArray() as Float32Array));
}

function randomObservation(rng: Rng, n: number, scale = 3): Float32Array {
  return Float32Array.from({ length: n }, () => scale * rng.normal());
}

/** |a − b| <= 1e-5·(1 + |b|): a few float32 ulps at the Q-values' scale, far below any gap between actions that matters. */
function assertClose(a: ArrayLike<number>, b: ArrayLike<number>, what: string): void {
  assert.equal(a.length, b.length);
  for (let i = 0; i < a.length; i++) assert.ok(Math.abs(a[i]! - b[i]!) <= 1e-5 * (1 + Math.abs(b[i]!)), `${what}: Q[${i}] = ${a[i]} vs engine ${b[i]}`);
}

for (const { name: backend } of registeredBackends()) {
  test(`fast greedy path equals the engine forward (${backend} backend)`, () => {
    const previous = activeBackend().name;
    setBackend(backend);
    try {
      const rng = new Rng(11);
      const network = buildQNetwork(CONFIG, rng.fork());
      network.eval();
      const policy = new GreedyPolicy(denseLayersOf(network));
      for (let n = 0; n < 200; n++) {
        const x = randomObservation(rng, 16);
        const want = engineQ(network, x);
        assertClose(policy.qValues(x), want, `observation ${n}`);
        assert.equal(policy.act(x), maskedArgmax(want), `observation ${n}: greedy action`);
      }
    } finally {
      setBackend(previous);
    }
  });
}

test('the normaliser is applied before the forward pass: Q(raw) = engine Q((raw − mean) / std)', () => {
  const rng = new Rng(12);
  const network = buildQNetwork(CONFIG, rng.fork());
  const normaliser: ObservationNormaliser = { mean: randomObservation(rng, 16, 100), std: Float32Array.from({ length: 16 }, () => 0.1 + 50 * rng.next()) };
  const policy = new GreedyPolicy(denseLayersOf(network), normaliser);
  for (let n = 0; n < 50; n++) {
    const raw = randomObservation(rng, 16, 200);
    assertClose(policy.qValues(raw), engineQ(network, normaliseInto(normaliser, raw, new Float32Array(16))), `observation ${n}`);
  }
});

test('a mask is respected: the best allowed action, never a masked one, however high its Q', () => {
  const rng = new Rng(13);
  const policy = new GreedyPolicy(denseLayersOf(buildQNetwork(CONFIG, rng.fork())));
  for (let n = 0; n < 300; n++) {
    const x = randomObservation(rng, 16);
    const q = Float32Array.from(policy.qValues(x));
    const mask = Uint8Array.from({ length: 30 }, () => (rng.next() < 0.3 ? 1 : 0));
    mask[rng.int(30)] = 1;
    const a = policy.act(x, mask);
    assert.equal(mask[a], 1, `observation ${n}: picked masked action ${a}`);
    for (let b = 0; b < 30; b++) if (mask[b]) assert.ok(q[a]! >= q[b]!, `observation ${n}: allowed action ${b} has higher Q than the pick ${a}`);
    // With only the lowest-valued action allowed, that is the pick.
    const worst = q.indexOf(Math.min(...q));
    const only = new Uint8Array(30);
    only[worst] = 1;
    assert.equal(policy.act(x, only), worst);
  }
  const booleans = Array.from({ length: 30 }, (_, i) => i === 7);
  assert.equal(policy.act(randomObservation(rng, 16), booleans), 7, 'boolean masks work too');
});

test('ties go to the lowest index; NaN never beats a number', () => {
  assert.equal(maskedArgmax([1, 3, 3, 2]), 1);
  assert.equal(maskedArgmax([NaN, 1, NaN, 0]), 1);
  assert.equal(maskedArgmax([5, 1, 4], [0, 1, 1]), 2);
  assert.equal(maskedArgmax([5, 1, 4], [0, 0, 0]), -1);
});

test('bad inputs are refused with what was expected', () => {
  const policy = new GreedyPolicy(denseLayersOf(buildQNetwork({ observationSize: 3, actionCount: 2, hidden: [4] }, new Rng(1))));
  assert.throws(() => policy.act([1, 2]), /observation has 2 features, expected 3/);
  assert.throws(() => policy.act([1, 2, 3], [1]), /mask has 1 entries, expected actionCount = 2/);
  assert.throws(() => policy.act([1, 2, 3], [0, 0]), /allows none of the 2 actions/);
  const layers = denseLayersOf(buildQNetwork({ observationSize: 3, actionCount: 2, hidden: [4] }, new Rng(1)));
  assert.throws(() => new GreedyPolicy([layers[1]!, layers[0]!]), /layer 1 takes 3 inputs but layer 0 gives 2/);
  assert.throws(() => new GreedyPolicy(layers, { mean: new Float32Array(3), std: Float32Array.of(1, 0, 1) }), /normaliser\.std\[1\] must be a finite number > 0/);
});

test('qValues without `out` reuses one buffer (no allocation per call); with `out` it copies', () => {
  const policy = new GreedyPolicy(denseLayersOf(buildQNetwork({ observationSize: 3, actionCount: 2, hidden: [4] }, new Rng(1))));
  assert.equal(policy.qValues([1, 2, 3]), policy.qValues([3, 2, 1]));
  const out = new Float32Array(2);
  assert.equal(policy.qValues([1, 2, 3], out), out);
});
