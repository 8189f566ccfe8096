/**
 * runMachineTempSynthesis end to end on NAB's machine_temperature stream
 * (../shared/data/nab; skipped, with the reason, when absent), one epoch and
 * one classifier epoch to stay fast: three level regimes present in both
 * splits, counts that add up, every metric finite and TSTR/TRTR numbers at
 * fp32 and int8, the plot examples' shapes; the fall-back to one regime;
 * and the errors for missing files and bad fractions. Synthesis quality
 * after one epoch is not asserted.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runMachineTempSynthesis } from '../../../src/generative/tasks/machine-temp-synthesis.js';
import { sharedDataPath, skipUnlessShared } from '../../helpers/shared-data.js';

const skip = skipUnlessShared('nab', 'machine_temperature_system_failure.csv');
const dir = sharedDataPath('nab');
const sum = (a: number[]) => a.reduce((x, y) => x + y, 0);

test('three level regimes in both splits, finite metrics and TSTR at fp32 and int8', { skip }, async () => {
  const r = await runMachineTempSynthesis(dir, { epochs: 1, classifierEpochs: 1, precisions: ['fp32', 'int8'] });
  assert.equal(r.task, 'machine-temperature');
  assert.deepEqual(r.classes, ['low', 'mid', 'high']);
  assert.deepEqual(r.channels, ['temperature']);
  assert.equal(r.sampleRateHz, 1 / 1200);
  assert.equal(r.windowLength, 72);
  const g = r.regimes;
  assert.equal(g.merged, 0);
  // The levels the header describes: partial shut-downs and recovery, the usual running level, the hot spells.
  assert.deepEqual(g.centroids.map(Math.round), [78, 88, 97]);
  assert.deepEqual(g.thresholds, [(g.centroids[0]! + g.centroids[1]!) / 2, (g.centroids[1]! + g.centroids[2]!) / 2]);
  assert.ok([...g.counts.train, ...g.counts.heldOut].every((c) => c >= 3), JSON.stringify(g.counts));
  assert.deepEqual(r.counts, { train: sum(g.counts.train), validation: sum(g.counts.heldOut), epochSelection: sum(g.counts.epochSelection) });
  assert.equal(r.training.epochs.length, 1);
  assert.equal(r.realExamples.length, 3);
  assert.ok(r.realExamples.every((c) => c.length === 5 && c.every((w) => w.length === 72)));
  assert.deepEqual(r.results.map((q) => q.precision), ['fp32', 'int8']);
  for (const q of r.results) {
    for (const [name, v] of Object.entries({ mmd2: q.mmd2, psd: q.psdDistance, disc: q.discriminativeAccuracy, tstr: q.tstr, trtr: q.trtr, gap: q.tstrGapPts })) {
      assert.ok(typeof v === 'number' && Number.isFinite(v), `${q.precision} ${name} ${v}`);
    }
    assert.ok(q.tstr! >= 0 && q.tstr! <= 1 && q.trtr! >= 0 && q.trtr! <= 1, q.precision);
    assert.ok(Math.abs(q.tstrGapPts! - 100 * (q.trtr! - q.tstr!)) < 1e-9, q.precision);
    assert.equal(q.examples.length, 3);
    assert.ok(q.examples.every((c) => c.length === 5 && c.every((w) => w.length === 72 && w.every(Number.isFinite))), q.precision);
  }
  assert.ok(r.results[1]!.weightBytes < r.results[0]!.weightBytes);
});

test('when no regime split has enough windows, one unconditional model on the normal windows, said in the log', { skip }, async () => {
  const logs: string[] = [];
  const r = await runMachineTempSynthesis(dir, { epochs: 1, classifierEpochs: 1, minWindows: 100_000, log: (m) => logs.push(m) });
  assert.deepEqual(r.classes, ['normal']);
  assert.equal(r.regimes.merged, 2);
  assert.deepEqual(r.regimes.thresholds, []);
  assert.deepEqual(r.regimes.counts.heldOut, [r.counts.validation]);
  assert.ok(logs.some((m) => /falling back to an unconditional VAE/.test(m)), logs.join('; '));
  assert.equal(r.results.length, 1);
  assert.equal(r.results[0]!.tstr, null);
  assert.equal(r.results[0]!.examples.length, 1);
});

test('missing files and bad fractions are refused with the file or the option named', async () => {
  const bare = mkdtempSync(join(tmpdir(), 'machine-temp-'));
  try {
    await assert.rejects(runMachineTempSynthesis(bare), (e: unknown) => e instanceof Error && e.message.includes(join(bare, 'machine_temperature_system_failure.csv')));
    writeFileSync(join(bare, 'machine_temperature_system_failure.csv'), 'timestamp,value\n');
    await assert.rejects(runMachineTempSynthesis(bare), (e: unknown) => e instanceof Error && e.message.includes(join(bare, 'combined_windows.json')));
    writeFileSync(join(bare, 'combined_windows.json'), '{}');
    await assert.rejects(runMachineTempSynthesis(bare, { trainFraction: 0.8, validationFraction: 0.3 }), /their sum < 1, got 0\.8 and 0\.3/);
    await assert.rejects(runMachineTempSynthesis(bare, { stride: 0 }), /options\.stride must be an integer >= 1, got 0/);
  } finally {
    rmSync(bare, { recursive: true, force: true });
  }
});
