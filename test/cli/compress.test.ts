/**
 * `edgewatt compress` as a user runs it: train a HAR model on files the test
 * writes, build its ladder, read the ladder back through the runtime's
 * reader, and check that bad arguments fail before any work.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readLadder } from '../../src/compress/index.js';
import { writeSyntheticHar } from '../../src/data/index.js';
import { Rng } from '../../src/engine/index.js';

const cli = resolve(fileURLToPath(import.meta.url), '../../../src/cli/main.js');

function run(args: string[]) {
  return spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', timeout: 180_000 });
}

test('compress --prune --quantize int8,int4,mixed --json builds a verified ladder of measured rungs', () => {
  const dir = mkdtempSync(join(tmpdir(), 'edgewatt-compress-'));
  try {
    const data = join(dir, 'har');
    writeSyntheticHar(data, { recordingsPerClass: 5, samplesPerRecording: 260, rng: new Rng(7) });
    const trained = run(['train', 'har', '--data', data, '--epochs', '4', '--out', join(dir, 'ckpt'), '--quiet', '--json']);
    assert.equal(trained.status, 0, trained.stderr);
    const r = run(['compress', join(dir, 'ckpt'), '--calib', data, '--prune', '0.5', '--fine-tune-epochs', '2', '--quantize', 'int8,int4,mixed', '--calib-samples', '64', '--latency-runs', '2', '--out', join(dir, 'ladder'), '--json', '--quiet']);
    assert.equal(r.status, 0, r.stderr);
    const lines = r.stdout.trim().split('\n');
    assert.equal(lines.length, 1, 'one JSON object on stdout');
    const out = JSON.parse(lines[0]!);
    const ids = out.variants.map((v: { id: string }) => v.id);
    assert.deepEqual(ids, ['fp32', 'pruned50-kd', 'int8', 'int4', 'mixed', 'pruned50-kd-int8', 'pruned50-kd-int4', 'pruned50-kd-mixed']);
    const { manifest } = readLadder(join(dir, 'ladder'));
    const fp32 = manifest.variants[0]!;
    const pruned = manifest.variants[1]!;
    const int8 = manifest.variants[2]!;
    assert.ok(pruned.macs <= 0.5 * fp32.macs, `pruned MACs ${pruned.macs} vs ${fp32.macs}`);
    assert.equal(int8.macsByPrecision['int8'], fp32.macs);
    assert.ok(int8.weightBytes < fp32.weightBytes / 2.5, `int8 ${int8.weightBytes} B vs fp32 ${fp32.weightBytes} B`);
    for (const v of manifest.variants) {
      assert.ok(v.quality && v.quality.value >= 0 && v.quality.value <= 1, `${v.id} has a measured accuracy`);
      assert.deepEqual(v.latency.map((l) => l.backend.split('-')[0]), ['onnxruntime', 'edgewatt']);
      assert.ok(existsSync(join(dir, 'ladder', v.file)));
    }
    assert.equal(manifest.variants.find((v) => v.id === 'int4')!.bitsPerLayer!['block2.conv'], 4);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('bad compress arguments fail with one clear line before any work', () => {
  const cases: [string[], RegExp][] = [
    [['compress', 'cnn1d'], /compress needs a trained checkpoint folder/],
    [['compress', '/nonexistent/ckpt'], /model "\/nonexistent\/ckpt" not found/],
    [['compress', 'x', '--quantize', 'int3'], /--quantize: expected one or more of int8, int4, mixed/],
    [['compress', 'x', '--prune', '1.5'], /--prune: must be <= 1/],
    [['compress', 'x', '--calibration', 'magic'], /--calibration: expected one of minmax/],
    [['compress', 'x', '--distill-from', 'self'], /--distill-from self: .* add --prune/],
    [['compress', 'x', '--budget-bytes', '100'], /--budget-bytes applies to --quantize mixed/],
  ];
  for (const [args, message] of cases) {
    const r = run(args);
    assert.equal(r.status, 1, `${args.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, message);
    assert.equal(r.stderr.trim().split('\n').length, 1, `one line for ${args.join(' ')}: ${r.stderr}`);
  }
});
