/**
 * The replay ring: slots fill in order and wrap over the oldest, a sample
 * copies whole transitions (never a half-written or empty slot), every held
 * transition is drawn about equally often, and the same seed draws the
 * same batch.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Rng } from '../../../src/engine/random.js';
import { ReplayBuffer } from '../../../src/scheduler/rl/index.js';

/** Transition k: observation [k, −k], action k mod 3, return 10k, next [k + 0.5, 0], discount 0.9. */
function addNumbered(buffer: ReplayBuffer, k: number, mask?: number[]): number {
  return buffer.add([k, -k], k % 3, 10 * k, [k + 0.5, 0], 0.9, mask);
}

test('the ring fills slots in order, then overwrites the oldest first', () => {
  const buffer = new ReplayBuffer({ capacity: 3, observationSize: 2, actionCount: 3 });
  assert.equal(buffer.size, 0);
  assert.deepEqual([0, 1, 2, 3, 4].map((k) => addNumbered(buffer, k)), [0, 1, 2, 0, 1]);
  assert.equal(buffer.size, 3, 'size stops at capacity');
  assert.equal(buffer.writeSlot, 2);
  const batch = buffer.createBatch(3);
  for (let slot = 0; slot < 3; slot++) buffer.copyRow(slot, slot, batch);
  // Slots 0 and 1 now hold transitions 3 and 4; slot 2 still holds 2.
  assert.deepEqual(Array.from(batch.returns), [30, 40, 20]);
  assert.deepEqual(Array.from(batch.observations), [3, -3, 4, -4, 2, -2]);
  assert.deepEqual(Array.from(batch.nextObservations), [3.5, 0, 4.5, 0, 2.5, 0]);
  assert.deepEqual(Array.from(batch.actions), [0, 1, 2]);
  assert.deepEqual(Array.from(batch.discounts), [0.9, 0.9, 0.9].map(Math.fround));
  assert.equal(batch.nextMasks, null, 'no masks unless asked for');
});

test('sampling before the ring is full draws only written slots, each row a whole transition', () => {
  const buffer = new ReplayBuffer({ capacity: 100, observationSize: 2, actionCount: 3 });
  for (let k = 0; k < 5; k++) addNumbered(buffer, k);
  const batch = buffer.sample(new Rng(1), buffer.createBatch(64));
  for (let i = 0; i < batch.size; i++) {
    const slot = batch.slots[i]!;
    assert.ok(slot >= 0 && slot < 5, `slot ${slot} was never written`);
    assert.deepEqual([batch.observations[2 * i], batch.observations[2 * i + 1], batch.returns[i], batch.actions[i], batch.nextObservations[2 * i]], [slot, -slot, 10 * slot, slot % 3, slot + 0.5]);
  }
});

test('uniform sampling: every transition of a full, wrapped ring is drawn about equally often', () => {
  const capacity = 10;
  const buffer = new ReplayBuffer({ capacity, observationSize: 2, actionCount: 3 });
  for (let k = 0; k < 25; k++) addNumbered(buffer, k);
  const counts = new Map<number, number>();
  const batch = buffer.createBatch(50);
  const rng = new Rng(7);
  const draws = 20_000;
  for (let n = 0; n < draws / batch.size; n++) {
    buffer.sample(rng, batch);
    for (const r of batch.returns) counts.set(r / 10, (counts.get(r / 10) ?? 0) + 1);
  }
  assert.deepEqual([...counts.keys()].sort((a, b) => a - b), [15, 16, 17, 18, 19, 20, 21, 22, 23, 24], 'only the last `capacity` transitions are held');
  // Pearson's χ² with 9 degrees of freedom: the 0.999 quantile is 27.88 (any χ² table).
  const expected = draws / capacity;
  const chi2 = [...counts.values()].reduce((s, c) => s + (c - expected) ** 2 / expected, 0);
  assert.ok(chi2 < 27.88, `χ² = ${chi2.toFixed(2)} rejects uniform sampling`);
});

test('the same seed draws the same batch', () => {
  const buffer = new ReplayBuffer({ capacity: 50, observationSize: 2, actionCount: 3 });
  for (let k = 0; k < 50; k++) addNumbered(buffer, k);
  const a = Array.from(buffer.sample(new Rng(3), buffer.createBatch(16)).slots);
  const b = Array.from(buffer.sample(new Rng(3), buffer.createBatch(16)).slots);
  assert.deepEqual(a, b);
});

test('next-state masks are stored per transition; an absent mask means every action is allowed', () => {
  const buffer = new ReplayBuffer({ capacity: 2, observationSize: 2, actionCount: 3, storeMasks: true });
  addNumbered(buffer, 0, [1, 0, 1]);
  addNumbered(buffer, 1);
  addNumbered(buffer, 2, [0, 0, 1]);
  const batch = buffer.createBatch(2);
  buffer.copyRow(0, 0, batch);
  buffer.copyRow(1, 1, batch);
  assert.deepEqual(Array.from(batch.nextMasks!), [0, 0, 1, 1, 1, 1]);
});

test('bad sizes and an empty buffer are refused with the option named', () => {
  assert.throws(() => new ReplayBuffer({ capacity: 0, observationSize: 2, actionCount: 3 }), /options\.capacity must be an integer >= 1, got 0/);
  assert.throws(() => new ReplayBuffer({ capacity: 4, observationSize: 2.5, actionCount: 3 }), /options\.observationSize/);
  const buffer = new ReplayBuffer({ capacity: 4, observationSize: 2, actionCount: 3 });
  assert.throws(() => buffer.sample(new Rng(1), buffer.createBatch(2)), /empty/);
  const other = new ReplayBuffer({ capacity: 4, observationSize: 3, actionCount: 3 });
  addNumbered(buffer, 0);
  assert.throws(() => buffer.sample(new Rng(1), other.createBatch(2)), /createBatch/);
});
