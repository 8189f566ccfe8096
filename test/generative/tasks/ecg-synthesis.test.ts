/**
 * runEcgSynthesis end to end on MIT-BIH record 100 (../shared/data/ecg-mitbih;
 * skipped, with the reason, when absent), one epoch and one classifier
 * epoch to stay fast: the beat counts of the split, one class and one
 * channel, every metric finite at fp32 and int8, no TSTR for a one-class
 * model, the plot examples' shapes; and the error naming a missing file.
 * Synthesis quality after one epoch is not asserted.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readWfdbAnnotations, readWfdbRecord } from '../../../src/data/index.js';
import { ecgBeatTask } from '../../../src/generative/datasets/ecg-beat-task.js';
import { runEcgSynthesis } from '../../../src/generative/tasks/ecg-synthesis.js';
import { sharedDataPath, skipUnlessShared } from '../../helpers/shared-data.js';

const skip = skipUnlessShared('ecg-mitbih', '100.hea');
const dir = sharedDataPath('ecg-mitbih');

test('record 100: normal beats split by time, one class, finite metrics at fp32 and int8, no TSTR', { skip }, async () => {
  const logs: string[] = [];
  const r = await runEcgSynthesis(dir, { epochs: 1, classifierEpochs: 1, precisions: ['fp32', 'int8'], log: (m) => logs.push(m) });
  const header = join(dir, '100.hea');
  const split = ecgBeatTask(readWfdbRecord(header), readWfdbAnnotations(header));
  // Held out: the normal beats after the validation block; the validation beats only pick the epoch.
  assert.deepEqual(r.counts, { train: split.counts.train, validation: split.counts.testNormal, epochSelection: split.counts.validation });
  assert.ok(r.counts.train > 1000 && r.counts.validation > 800, JSON.stringify(r.counts));
  assert.equal(r.task, 'ecg-normal');
  assert.equal(r.record, '100');
  assert.deepEqual(r.classes, ['normal']);
  assert.deepEqual(r.channels, ['MLII']);
  assert.equal(r.sampleRateHz, 90);
  assert.equal(r.windowLength, 128);
  assert.equal(r.training.epochs.length, 1);
  assert.ok(logs.some((m) => /training a VAE on \d+ normal beats of record 100/.test(m)), logs.join('; '));
  assert.equal(r.realExamples.length, 1);
  assert.equal(r.realExamples[0]!.length, 5);
  assert.ok(r.realExamples[0]!.every((w) => w.length === 128));
  assert.deepEqual(r.results.map((q) => q.precision), ['fp32', 'int8']);
  for (const q of r.results) {
    for (const [name, v] of Object.entries({ mmd2: q.mmd2, psd: q.psdDistance, disc: q.discriminativeAccuracy })) assert.ok(Number.isFinite(v), `${q.precision} ${name} ${v}`);
    assert.ok(q.psdDistance >= 0 && q.discriminativeAccuracy >= 0 && q.discriminativeAccuracy <= 1, q.precision);
    assert.equal(q.tstr, null);
    assert.equal(q.trtr, null);
    assert.equal(q.tstrGapPts, null);
    assert.equal(q.examples.length, 1);
    assert.equal(q.examples[0]!.length, 5);
    assert.ok(q.examples[0]!.every((w) => w.length === 128 && w.every(Number.isFinite)), q.precision);
  }
  assert.ok(r.results[1]!.weightBytes < r.results[0]!.weightBytes);
});

test('a missing record file is named in the error', { skip }, async () => {
  await assert.rejects(runEcgSynthesis(dir, { record: 'no-such-record', epochs: 1 }), /no-such-record\.hea not found/);
  const bare = mkdtempSync(join(tmpdir(), 'ecg-synthesis-'));
  try {
    await assert.rejects(runEcgSynthesis(bare, { epochs: 1 }), (e: unknown) => e instanceof Error && e.message.includes(join(bare, '100.hea')));
    // Header and signal file present, annotations absent.
    for (const f of ['100.hea', '100.dat']) copyFileSync(join(dir, f), join(bare, f));
    await assert.rejects(runEcgSynthesis(bare, { epochs: 1 }), (e: unknown) => e instanceof Error && e.message.includes(join(bare, '100.atr')));
  } finally {
    rmSync(bare, { recursive: true, force: true });
  }
});
