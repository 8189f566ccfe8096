import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequest, type Criticality } from '../../src/runtime/request.js';
import { ARRIVAL_EWMA_ALPHA, RequestQueue } from '../../src/runtime/request-queue.js';

const x = Float32Array.of(1, 2);
const req = (id: string, arrivalS: number, deadlineS: number, criticality: Criticality = 'normal') => createRequest({ id, input: x, arrivalS, deadlineS, criticality });

test('requests are checked with errors naming the request and the field', () => {
  assert.equal(createRequest({ id: 'a', input: x, arrivalS: 1 }).deadlineS, Infinity);
  assert.equal(createRequest({ id: 'a', input: x, arrivalS: 1, relativeDeadlineS: 0.5 }).deadlineS, 1.5);
  assert.equal(createRequest({ id: 'a', input: x, arrivalS: 1 }).criticality, 'normal');
  assert.throws(() => createRequest({ id: '', input: x, arrivalS: 0 }), /id must be a non-empty string/);
  assert.throws(() => createRequest({ id: 'a', input: [1, 2] as unknown as Float32Array, arrivalS: 0 }), /"a": input must be a Float32Array.*got object/);
  assert.throws(() => createRequest({ id: 'a', input: new Float32Array(0), arrivalS: 0 }), /input is empty/);
  assert.throws(() => createRequest({ id: 'a', input: x, arrivalS: NaN }), RangeError);
  assert.throws(() => createRequest({ id: 'b', input: x, arrivalS: 10, deadlineS: 2 }), /"b": deadlineS 2 s is before arrivalS 10 s.*relativeDeadlineS/);
  assert.throws(() => createRequest({ id: 'a', input: x, arrivalS: 0, deadlineS: 1, relativeDeadlineS: 1 }), /not both/);
  assert.throws(() => createRequest({ id: 'a', input: x, arrivalS: 0, criticality: 'urgent' as Criticality }), /criticality must be one of critical, normal, background, got "urgent"/);
});

test('serving order: critical first, then earliest deadline, ties by criticality then arrival', () => {
  const q = new RequestQueue();
  q.push(req('n-late', 0, 9));
  q.push(req('bg-early', 0, 2, 'background'));
  q.push(req('crit-late', 0, 50, 'critical'));
  q.push(req('n-mid', 0, 5));
  q.push(req('bg-mid', 0, 5, 'background'));
  q.push(req('crit-early', 0, 20, 'critical'));
  q.push(req('n-mid-2', 0, 5));
  const order: string[] = [];
  for (let r = q.popReady(0); r; r = q.popReady(0)) order.push(r.id);
  assert.deepEqual(order, ['crit-early', 'crit-late', 'bg-early', 'n-mid', 'n-mid-2', 'bg-mid', 'n-late']);
  assert.equal(q.length, 0);
  assert.equal(q.nextReadyS(), null);
});

test('a request is not served before it is ready; requeue defers without counting an arrival', () => {
  const q = new RequestQueue();
  q.push(req('now', 0, 30));
  q.push(req('future', 10, 20, 'critical'));
  assert.equal(q.popReady(1)?.id, 'now', 'the critical one has not arrived yet');
  assert.equal(q.popReady(1), undefined);
  assert.equal(q.nextReadyS(), 10);
  const r = q.popReady(10)!;
  q.requeue(r, 15);
  assert.equal(q.popReady(12), undefined);
  assert.equal(q.nextReadyS(), 15);
  assert.equal(q.popReady(15)?.id, 'future');
  assert.equal(q.arrivalRateHz(10), 1 / 10, 'one gap of 10 s: requeueing added none');
});

test('arrival rate: EWMA of the gaps, capped by the time since the last arrival', () => {
  const q = new RequestQueue();
  assert.equal(q.arrivalRateHz(0), 0);
  q.push(req('a', 0, 100));
  assert.equal(q.arrivalRateHz(0), 0, 'one arrival says nothing about a rate');
  q.push(req('b', 1, 100));
  assert.equal(q.arrivalRateHz(1), 1);
  q.push(req('c', 1.5, 100));
  const gap = ARRIVAL_EWMA_ALPHA * 0.5 + (1 - ARRIVAL_EWMA_ALPHA) * 1;
  assert.ok(Math.abs(q.arrivalRateHz(1.5) - 1 / gap) < 1e-12);
  assert.equal(q.arrivalRateHz(11.5), 1 / 10, 'a stream that went quiet 10 s ago is not arriving at 1 Hz');
  // Ten arrivals at 10 Hz move the gap estimate 1 − 0.8^10 ≈ 89 % of the way from 0.9 s to 0.1 s.
  for (let i = 1; i <= 10; i++) q.push(req(`f${i}`, 1.5 + i * 0.1, 100));
  const want = 0.8 ** 10 * gap + (1 - 0.8 ** 10) * 0.1;
  assert.ok(Math.abs(1 / q.arrivalRateHz(2.5) - want) < 1e-9, `gap ${1 / q.arrivalRateHz(2.5)} vs ${want}`);
});

test('expired requests can be inspected and removed', () => {
  const q = new RequestQueue();
  q.push(req('a', 0, 1));
  q.push(req('b', 0, 5));
  q.push(req('c', 0, 2, 'critical'));
  assert.deepEqual(q.expired(3).map((r) => r.id), ['c', 'a']);
  assert.equal(q.length, 3);
  assert.deepEqual(q.removeExpired(3).map((r) => r.id), ['c', 'a']);
  assert.deepEqual([q.length, q.peek()?.id], [1, 'b']);
  assert.deepEqual(q.expired(5), [], 'a deadline equal to now has not passed');
});
