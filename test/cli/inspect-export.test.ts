/**
 * `edgewatt inspect` and `edgewatt export` as a user runs them: a checkpoint
 * exported to ONNX, the file inspected, the numbers agreeing with the
 * Edgewatt summary and the ONNX file running in onnxruntime-node like the
 * checkpoint does in Edgewatt; bad input gives one line naming what is wrong.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as ort from 'onnxruntime-node';
import { noGrad, randn, Rng, tidy } from '../../src/engine/index.js';
import { createModel, summarize } from '../../src/nn/index.js';
import { moduleArrays, saveCheckpoint } from '../../src/train/index.js';

const cli = resolve(fileURLToPath(import.meta.url), '../../../src/cli/main.js');

function run(args: string[]) {
  return spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', timeout: 60_000 });
}

function json(r: ReturnType<typeof run>): Record<string, unknown> {
  assert.equal(r.status, 0, r.stderr);
  const lines = r.stdout.trim().split('\n');
  assert.equal(lines.length, 1, 'exactly one line on stdout');
  return JSON.parse(lines[0]!) as Record<string, unknown>;
}

test('export a checkpoint to ONNX, inspect both: same params and MACs; onnxruntime reproduces the checkpoint', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'edgewatt-cli-onnx-'));
  try {
    const model = createModel('cnn1d', { width: 8, seed: 4 });
    await saveCheckpoint(join(dir, 'ckpt'), { arrays: moduleArrays(model), model: model.spec, training: { epoch: 2 } });
    const onnxFile = join(dir, 'out', 'cnn1d.onnx');
    const exported = json(run(['export', join(dir, 'ckpt'), '--onnx', onnxFile, '--json']));
    assert.equal(exported['file'], onnxFile);
    assert.deepEqual(exported['inputShape'], ['N', 3, 26]);
    assert.equal(exported['opset'], 17);

    const fromCkpt = json(run(['inspect', join(dir, 'ckpt'), '--json'])) as { totals: { macs: number; params: number }; details: { epoch: number } };
    const fromOnnx = json(run(['inspect', onnxFile, '--json'])) as { totals: { macs: number; params: number }; kind: string };
    const s = summarize(model, model.inputShape);
    assert.equal(fromCkpt.totals.macs, s.totalMacs);
    assert.equal(fromCkpt.details.epoch, 2);
    assert.equal(fromOnnx.kind, 'onnx');
    assert.equal(fromOnnx.totals.macs, s.totalMacs, 'the ONNX graph does the same multiply-accumulates per sample');
    assert.equal(fromOnnx.totals.params, s.totalParams + s.totalBuffers);

    const session = await ort.InferenceSession.create(readFileSync(onnxFile));
    const x = tidy(() => randn([4, 3, 26], new Rng(9)).toArray()) as Float32Array;
    const out = await session.run({ input: new ort.Tensor('float32', x, [4, 3, 26]) });
    const expected = tidy(() => noGrad(() => model.eval().call(randn([4, 3, 26], new Rng(9))).toArray()));
    const got = out['output']!.data as Float32Array;
    let maxDiff = 0;
    for (let i = 0; i < got.length; i++) maxDiff = Math.max(maxDiff, Math.abs(got[i]! - expected[i]!));
    assert.ok(maxDiff <= 1e-4, `max abs diff ${maxDiff}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('inspect accepts zoo names in kebab-case; the table goes to stdout', () => {
  const r = run(['inspect', 'fc-autoencoder']);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /^fcAutoencoder \(zoo: fcAutoencoder\): input \[640\] -> output \[640\]/);
  assert.match(r.stdout, /MACs: 264,192 \(float32 264,192\)/);
});

test('bad input: one error line naming the argument, file or offset', () => {
  const dir = mkdtempSync(join(tmpdir(), 'edgewatt-cli-bad-'));
  try {
    const missing = run(['inspect', 'no-such-model']);
    assert.equal(missing.status, 1);
    assert.match(missing.stderr, /model "no-such-model" not found: expected an \.onnx file, a checkpoint folder .* or a zoo model name \(resnet8, dscnn, fc-autoencoder, cnn1d, conv-autoencoder1d, sensor-vae, tcn-forecaster\)/);

    const exported = run(['export', 'resnet8', '--onnx', join(dir, 'r8.onnx')]);
    assert.equal(exported.status, 0, exported.stderr);
    const bytes = readFileSync(join(dir, 'r8.onnx'));
    writeFileSync(join(dir, 'cut.onnx'), bytes.subarray(0, 5000));
    const cut = run(['inspect', join(dir, 'cut.onnx')]);
    assert.equal(cut.status, 1);
    assert.match(cut.stderr, /cut\.onnx: ModelProto at byte \d+: truncated or corrupt protobuf/);
    assert.equal(cut.stderr.trim().split('\n').length, 1, 'one line, no stack trace');

    const again = run(['export', join(dir, 'r8.onnx'), '--onnx', join(dir, 'x.onnx')]);
    assert.equal(again.status, 1);
    assert.match(again.stderr, /is already an ONNX file; export takes a checkpoint folder or a zoo model name/);

    const opset = run(['export', 'resnet8', '--onnx', join(dir, 'y.onnx'), '--opset', '12']);
    assert.equal(opset.status, 1);
    assert.match(opset.stderr, /--opset: must be >= 17, got 12/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
