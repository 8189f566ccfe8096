import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { RequestEvent, RuntimeEvent } from '../../src/runtime/request-event.js';
import { jsonLinesWriter } from '../../src/runtime/request-event.js';
import { nearestRankPercentile, RuntimeSummary } from '../../src/runtime/runtime-summary.js';

function served(i: number, variantId: string, latencyS: number, extra: Partial<RequestEvent> = {}): RequestEvent {
  return {
    type: 'request', t: i, requestId: `r${i}`, variantId, criticality: 'normal', queueWaitS: 0, latencyS, energyJ: 0.001, switchJ: 0,
    energySource: 'model', estimate: true, deadlineS: Infinity, deadlineMet: true, accuracyProxy: 0.9, soc: 1 - i / 100, switched: false, switchS: 0, wakeS: 0, wakeJ: 0, ...extra,
  };
}

test('the summary counts per variant, sums energy, takes nearest-rank latency percentiles and counts misses and drops', () => {
  const s = new RuntimeSummary();
  // Latencies 1..20 ms: nearest-rank p50 is the 10th (10 ms), p95 the 19th (19 ms).
  for (let i = 1; i <= 20; i++) s.add(served(i, i % 4 === 0 ? 'int8' : 'fp32', i / 1000, { deadlineMet: i !== 7, switched: i === 4, energySource: i === 1 ? 'meter' : 'model' }));
  s.add({ type: 'dropped', t: 21, requestId: 'x', criticality: 'background', deadlineS: 20 });
  s.add({ type: 'deferred', t: 21, requestId: 'y', criticality: 'background', untilS: 30 });
  s.add({ type: 'meter-fallback', t: 21, meter: 'm', reason: 'gone' });
  const snap = s.snapshot();
  assert.equal(snap.served, 20);
  assert.deepEqual(Object.keys(snap.perVariant), ['fp32', 'int8']);
  assert.deepEqual([snap.perVariant.fp32!.requests, snap.perVariant.int8!.requests], [15, 5]);
  assert.ok(Math.abs(snap.perVariant.int8!.energyJ - 0.005) < 1e-15);
  assert.ok(Math.abs(snap.energyJ - 0.02) < 1e-15);
  assert.ok(Math.abs(snap.meteredJ - 0.001) < 1e-15);
  assert.equal(snap.latencyP50S, 0.01);
  assert.equal(snap.latencyP95S, 0.019);
  assert.deepEqual([snap.missed, snap.dropped, snap.deferred, snap.switches], [2, 1, 1, 1]);
  assert.equal(snap.lastSoc, 0.8);
  assert.match(s.formatLine(), /^20 served \(fp32 15, int8 5\) · 20\.000 mJ · p50 10\.00 ms p95 19\.00 ms · 2 missed \(1 dropped\) · 1 switches · SoC 80\.0%$/);
  s.add({ type: 'depleted', t: 22, soc: 0, remainingJ: 0, pending: 3 });
  assert.match(s.formatLine(), /SoC 0\.0% · DEPLETED$/);
  assert.equal(nearestRankPercentile([], 0.5), null);
  assert.equal(new RuntimeSummary().snapshot().latencyP50S, null);
});

test('the JSON-lines writer writes one parsable object per line', () => {
  const chunks: string[] = [];
  const write = jsonLinesWriter({ write: (c: string) => chunks.push(c) });
  const events: RuntimeEvent[] = [served(1, 'int8', 0.002), { type: 'depleted', t: 3, soc: 0, remainingJ: 0, pending: 0 }];
  for (const e of events) write(e);
  const text = chunks.join('');
  assert.ok(text.endsWith('\n'));
  const lines = text.trimEnd().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
  assert.equal(lines.length, 2);
  assert.deepEqual(lines[0], { ...events[0], deadlineS: null }, 'an Infinity deadline is written as null');
  assert.deepEqual(lines[1], events[1]);
  assert.throws(() => jsonLinesWriter({} as never), /must have a write/);
});
