/**
 * The device's replay (transition-chain.ts): each state stored once,
 * transition i is (s_i, a_i, r_i, s_{i+1}) also after the ring wraps, only
 * complete transitions are drawn, draws cover the held ones and only them,
 * and bad options are refused by name.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Rng } from '../../../src/engine/random.js';
import { TransitionChain } from '../../../src/scheduler/rl-policy/transition-chain.js';

const MASK = Uint8Array.from([1, 0, 1]);
const chain = (capacity: number): TransitionChain => new TransitionChain({ capacity, observationSize: 2, actionCount: 3, discount: 0.9, mask: MASK });
/** State k is [k, −k], action k mod 3, reward k / 10: every field says which entry it came from. */
const add = (c: TransitionChain, k: number): void => c.add([k, -k], k % 3, k / 10);

test('transition i pairs entry i with entry i + 1, the oldest dropped first, across wrap-arounds', () => {
  const c = chain(4);
  const b = c.createBatch(1);
  assert.equal(c.size, 0);
  add(c, 0);
  assert.equal(c.size, 0, 'one state is no transition yet');
  assert.throws(() => c.sample(new Rng(1), b), /no complete transition yet/);
  for (let k = 1; k <= 11; k++) {
    add(c, k);
    assert.equal(c.size, Math.min(k, 4));
    // Held: entries k − size … k − 1, each with its successor as s′.
    for (let i = 0; i < c.size; i++) {
      const e: number = k - c.size + i;
      c.copyTransition(i, 0, b);
      assert.deepEqual(Array.from(b.observations), [e, -e]);
      assert.deepEqual(Array.from(b.nextObservations), [e + 1, -(e + 1)]);
      assert.equal(b.actions[0], e % 3);
      assert.equal(b.returns[0], Math.fround(e / 10));
      assert.equal(b.discounts[0], Math.fround(0.9));
      assert.deepEqual(Array.from(b.nextMasks!), [1, 0, 1]);
    }
  }
  assert.throws(() => c.copyTransition(4, 0, b), /i must be an integer in \[0, 4\), got 4/);
  assert.equal(c.bytes, 5 * (2 * 4 + 2 + 4), 'capacity + 1 states with their action and reward');
});

test('sampling draws every held transition and nothing else', () => {
  const c = chain(8);
  for (let k = 0; k <= 20; k++) add(c, k);
  const batch = c.createBatch(400);
  c.sample(new Rng(5), batch);
  const seen = new Map<number, number>();
  for (let r = 0; r < batch.size; r++) {
    const s = batch.observations[2 * r]!;
    assert.equal(batch.nextObservations[2 * r], s + 1);
    seen.set(s, (seen.get(s) ?? 0) + 1);
  }
  assert.deepEqual([...seen.keys()].sort((a, b) => a - b), [12, 13, 14, 15, 16, 17, 18, 19]);
  // 400 draws over 8: each about 50; a count below 20 would be p < 1e-6 under uniform draws.
  for (const n of seen.values()) assert.ok(n > 20, `${[...seen.values()]}`);
  assert.throws(() => c.sample(new Rng(1), new TransitionChain({ capacity: 8, observationSize: 3, actionCount: 3, discount: 0.9, mask: MASK }).createBatch(4)), /not made by this chain/);
});

test('bad options are refused by name', () => {
  const base = { capacity: 4, observationSize: 2, actionCount: 3, discount: 0.9, mask: MASK };
  assert.throws(() => new TransitionChain({ ...base, capacity: 0 }), /options\.capacity must be an integer >= 1, got 0/);
  assert.throws(() => new TransitionChain({ ...base, discount: 1.5 }), /options\.discount must be a number in \[0, 1\], got 1\.5/);
  assert.throws(() => new TransitionChain({ ...base, mask: Uint8Array.from([1, 1]) }), /options\.mask must be a Uint8Array of actionCount = 3 entries/);
  assert.throws(() => new TransitionChain({ ...base, mask: new Uint8Array(3) }), /options\.mask allows no action/);
  assert.throws(() => new TransitionChain({ ...base, actionCount: 70_000, mask: new Uint8Array(70_000).fill(1) }), /options\.actionCount must be <= 65536/);
});
