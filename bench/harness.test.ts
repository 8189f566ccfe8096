/**
 * The harness's arithmetic and ordering, which every published figure goes
 * through. Run: node --test dist/bench/
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { interleave, summarize } from './harness.js';

test('summarize: median, min and p90 by linear interpolation (NumPy default)', () => {
  const t = summarize([5, 1, 4, 2, 3]);
  assert.equal(t.medianS, 3);
  assert.equal(t.minS, 1);
  assert.ok(Math.abs(t.p90S - 4.6) < 1e-12); // numpy.percentile([1..5], 90) = 4.6
  assert.equal(summarize([1, 2, 3, 4]).medianS, 2.5);
  assert.throws(() => summarize([]), /no samples/);
});

test('interleave: warm-up first, then contenders alternate, reversing order each round', async () => {
  const calls: string[] = [];
  const mk = (name: string) => ({ name, run: () => void calls.push(name) });
  const result = await interleave([mk('A'), mk('B')], { warmup: 1, reps: 2, minTimeMs: 0, quantumMs: 0 });
  assert.deepEqual(calls, ['A', 'B', 'A', 'B', 'B', 'A']);
  assert.equal(result.get('A')!.samples, 2);
  assert.equal(result.get('B')!.samples, 2);
});

test('interleave: maxReps caps a slow contender while the others keep sampling', async () => {
  const calls: string[] = [];
  const result = await interleave(
    [
      { name: 'slow', run: () => void calls.push('slow'), maxReps: 1, reps: 1 },
      { name: 'fast', run: () => void calls.push('fast') },
    ],
    { warmup: 0, reps: 3, minTimeMs: 0, quantumMs: 0 },
  );
  assert.equal(result.get('slow')!.samples, 1);
  assert.equal(result.get('fast')!.samples, 3);
  assert.deepEqual(calls, ['slow', 'fast', 'fast', 'fast']);
});

test('interleave: maxTimeMs stops the run but every contender gets one sample', async () => {
  const busy = (ms: number) => () => {
    const end = Date.now() + ms;
    while (Date.now() < end);
  };
  const result = await interleave(
    [{ name: 'a', run: busy(20) }, { name: 'b', run: busy(1) }],
    { warmup: 0, reps: 1000, minTimeMs: 0, maxTimeMs: 10, quantumMs: 1000 },
  );
  assert.equal(result.get('a')!.samples, 1);
  assert.equal(result.get('b')!.samples, 1);
});
