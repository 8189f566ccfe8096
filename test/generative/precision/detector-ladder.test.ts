/**
 * The VAE detector as a precision ladder: every rung's quality is the
 * ROC-AUC of its own reconstruction-error score on labelled windows (high
 * on sines with square-wave anomalies among them), the manifest reads back
 * through the ladder reader with its ONNX files pinned, the log-variance
 * head is in no rung, and the scheduler's device twin prices the rungs and
 * carries those qualities. Bad inputs are refused before anything is built.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Rng } from '../../../src/engine/index.js';
import { readLadder } from '../../../src/compress/index.js';
import { weightedLayers } from '../../../src/compress/ladder/quantized-rungs.js';
import { loadDeviceProfile } from '../../../src/energy/index.js';
import { sensorVae } from '../../../src/nn/index.js';
import { buildDetectorLadder, reconstructionErrors } from '../../../src/generative/precision/detector-ladder.js';
import { twinActions } from '../../../src/scheduler/sim/twin-actions.js';
import type { WindowSet } from '../../../src/generative/metrics/index.js';
import { noisySines, SMALL_VAE, trainedSmallVae } from '../helpers.js';

/** `normal` sines then `anomalous` square waves of the same period, labelled 0 then 1. */
function labelledTest(normal: number, anomalous: number): { windows: WindowSet; labels: Uint8Array } {
  const sines = noisySines(normal, 32, new Rng(40));
  const data = new Float32Array((normal + anomalous) * 32);
  data.set(sines.data);
  const rng = new Rng(41);
  for (let w = 0; w < anomalous; w++) {
    for (let t = 0; t < 32; t++) data[(normal + w) * 32 + t] = (Math.sin((2 * Math.PI * 2 * t) / 32) >= 0 ? 2 : -2) + 0.1 * rng.normal();
  }
  const labels = new Uint8Array(normal + anomalous).fill(1, normal);
  return { windows: { data, count: normal + anomalous, channels: 1, length: 32 }, labels };
}

test('a detector ladder: fp32, int8, int4 and mixed rungs, each with its measured ROC-AUC, read back and priced by the device twin', async () => {
  const { vae, train } = await trainedSmallVae();
  const testSet = labelledTest(40, 10);
  const dir = mkdtempSync(join(tmpdir(), 'edgewatt-detector-ladder-'));
  try {
    const result = await buildDetectorLadder({ vae, name: 'sine-vae', task: 'sine-anomaly', calibration: train, test: testSet, datasetLabel: 'sines vs square waves', outDir: dir, timeLatency: false, createdAt: '2026-11-22T00:00:00.000Z' });
    const m = readLadder(dir).manifest;
    assert.deepEqual(m.variants.map((v) => v.id), ['fp32', 'int8', 'int4', 'mixed']);
    assert.equal(m.model.task, 'sine-anomaly');
    assert.equal(m.model.numClasses, undefined);
    assert.deepEqual(m.model.inputShape, [1, 32]);
    for (const v of m.variants) {
      assert.equal(v.quality?.metric, 'roc-auc');
      assert.equal(v.quality?.samples, 50);
      assert.ok(v.quality!.value > 0.9, `${v.id}: ROC-AUC ${v.quality!.value} on square waves among sines`);
      assert.ok(v.quality!.value <= 1);
      assert.equal(v.latency.length, 0, 'not timed when timeLatency is false');
    }
    // The fp32 rung's quality is the ROC-AUC of the float model's own reconstruction errors.
    const errors = reconstructionErrors(vae, testSet.windows);
    const above = Array.from(errors.subarray(40)).filter((e) => e > Math.max(...errors.subarray(0, 40))).length;
    assert.ok(above >= 8, `square waves reconstruct worse than every sine: ${above} of 10`);
    // The log-variance head is training-only: not a weighted layer of any rung, not in the int8 bits.
    assert.ok(!weightedLayers(vae).some((l) => l.path.startsWith('logVar')));
    assert.ok(!Object.keys(m.variants[1]!.bitsPerLayer ?? {}).some((p) => p.startsWith('logVar')));
    assert.ok(m.variants[2]!.weightBytes < m.variants[1]!.weightBytes && m.variants[1]!.weightBytes < m.variants[0]!.weightBytes);
    assert.match(String(m.variants[3]!.recipe['sensitivity']), /squared error/);
    // The scheduler's twin offers every rung on a Raspberry Pi 4 with the measured quality as its quality term.
    const space = twinActions(result.manifest, loadDeviceProfile('raspberry-pi-4'), { opPoints: ['arm-1500'] });
    assert.deepEqual(space.actions.map((a) => [a.variantId, a.quality]), m.variants.map((v) => [v.id, v.quality!.value]));
    assert.ok(space.actions.every((a) => a.cost.energyJ > 0));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('buildDetectorLadder refuses a conditional VAE, mismatched windows and one-class labels before building anything', async () => {
  const train = noisySines(8, 32, new Rng(1));
  const ok = labelledTest(6, 2);
  const base = { name: 'x', task: 'x', calibration: train, datasetLabel: 'x', outDir: join(tmpdir(), 'edgewatt-never-written'), timeLatency: false };
  await assert.rejects(buildDetectorLadder({ ...base, vae: sensorVae({ ...SMALL_VAE, classes: 2 }), test: ok }), /conditional \(2 classes\)/);
  const vae = sensorVae(SMALL_VAE);
  await assert.rejects(buildDetectorLadder({ ...base, vae, test: { windows: noisySines(4, 16, new Rng(2)), labels: [0, 0, 1, 1] } }), /test windows are \[1, 16\], calibration windows \[1, 32\]/);
  await assert.rejects(buildDetectorLadder({ ...base, vae, test: { windows: ok.windows, labels: [0, 1] } }), /test\.labels has 2 entries for 8 windows/);
  await assert.rejects(buildDetectorLadder({ ...base, vae, test: { windows: ok.windows, labels: new Uint8Array(8) } }), /both normal \(0\) and anomalous \(1\).*0 anomalous of 8/);
});
