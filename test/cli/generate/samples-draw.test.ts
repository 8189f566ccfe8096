/**
 * What `edgewatt generate --samples` relies on from the task runner: the
 * windows kept in SynthesisQuality.samples come from the very draw the
 * metrics were computed on. With as many samples as plot examples per
 * class the two selections coincide (examplesPerClass picks both), so the
 * samples must equal the examples; asking for more than the draw holds
 * gives the whole draw — about as many windows as the training set has
 * (evaluate-synthesis.ts) — and no more.
 */
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeSyntheticHar } from '../../../src/data/index.js';
import { Rng } from '../../../src/engine/index.js';
import { runHarSynthesis } from '../../../src/generative/tasks/har-synthesis.js';

const work = mkdtempSync(join(tmpdir(), 'edgewatt-generate-samples-'));
after(() => rmSync(work, { recursive: true, force: true }));
const har = join(work, 'har');
writeSyntheticHar(har, { recordingsPerClass: 5, samplesPerRecording: 400, rng: new Rng(5) });
const FAST = { epochs: 1, classifierEpochs: 1, precisions: ['int8'] as const };

test('samples are drawn with the metrics: as many as the plot examples, they are the examples', async () => {
  const r = await runHarSynthesis(har, { ...FAST, samplesPerClass: 5 });
  const q = r.results[0]!;
  assert.equal(q.samples!.length, 3);
  assert.deepEqual(q.samples, q.examples);
  assert.ok(q.examples.every((c) => c.length === 5));
  const none = await runHarSynthesis(har, FAST);
  assert.equal(none.results[0]!.samples, undefined, 'none kept unless asked');
  assert.deepEqual(none.results[0]!.examples, q.examples, 'asking for samples changes no draw');
  assert.equal(none.results[0]!.mmd2, q.mmd2, 'nor any metric');
});

test('more samples than the draw holds: the whole draw of each class, distinct windows', async () => {
  const r = await runHarSynthesis(har, { ...FAST, samplesPerClass: 100_000 });
  const samples = r.results[0]!.samples!;
  // The draw holds about as many windows as the training set (evaluate-synthesis.ts), so the whole of it comes back.
  const total = samples.reduce((n, windows) => n + windows.length, 0);
  assert.ok(total >= r.counts.train && total < r.counts.train + 3, `${total} windows for ${r.counts.train} training windows`);
  for (const windows of samples) assert.equal(new Set(windows.map((w) => w.join(','))).size, windows.length, 'distinct draws');
  await assert.rejects(runHarSynthesis(har, { ...FAST, samplesPerClass: 0 }), /runHarSynthesis: samplesPerClass must be a positive integer, got 0/);
});
