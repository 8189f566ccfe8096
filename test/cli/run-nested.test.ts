/**
 * `edgewatt run --nested`: the ladder's nested any-precision master served
 * over a stream, switching bit width in place; its widths priced from their
 * rungs, dominated widths (int2 on int8 kernels costs what int8 costs) never
 * chosen, and a ladder without a master refused with what to do.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Rng } from '../../src/engine/random.js';
import { buildLadder } from '../../src/compress/ladder/build-ladder.js';
import type { SensorInput } from '../../src/compress/ladder/manifest.js';
import type { Batch } from '../../src/train/index.js';
import { makeModel, settleBatchNorm, sinusoidTask, SMALL_ZOO } from '../compress/integer/helpers.js';

const cli = resolve(fileURLToPath(import.meta.url), '../../../src/cli/main.js');
const run = (args: string[]) => spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', timeout: 60_000 });
const work = mkdtempSync(join(tmpdir(), 'edgewatt-cli-run-nested-'));
after(() => rmSync(work, { recursive: true, force: true }));

const CNN1D = SMALL_ZOO[1]!;
const sensorInput: SensorInput = {
  layout: 'channels-first', sampleRateHz: 26, strideSamples: 13,
  channels: (['x', 'y', 'z'] as const).map((name) => ({ name, unit: 'mg', scale: 1e-3, mean: 0, std: 1 })),
};

function batches(n: number, size: number, rng: Rng): Batch[] {
  return Array.from({ length: n }, () => {
    const { x, y } = sinusoidTask(size, rng);
    return { x, y, shape: [size, ...CNN1D.inputShape], size };
  });
}

test('run --nested serves the master’s widths; the dominated int2 width is never picked, even at 1% charge', async () => {
  const rng = new Rng(21);
  const model = makeModel(CNN1D);
  settleBatchNorm(model, rng, CNN1D.inputShape);
  const dir = join(work, 'ladder');
  await buildLadder({
    name: 'cnn1d', task: 'har', inputShape: CNN1D.inputShape, numClasses: 3, classes: ['running', 'stationary', 'walking'], sensorInput,
    loadModel: () => model, train: [], calibration: batches(2, 16, rng), val: batches(2, 32, rng), datasetLabel: 'synthetic sinusoids', outDir: dir,
    quantize: ['int8', 'nested'], timeLatency: false, createdAt: '2026-11-22T10:00:00.000Z',
  });
  // The synthetic validation set cannot tell the widths apart; give them the spread real data shows
  // (the HAR master: 99.6 / 99.0 / 79.3 % top-1) so dominance is decided by the measured numbers.
  const manifestPath = join(dir, 'ladder.json');
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as { variants: { id: string; quality: { value: number } | null }[] };
  for (const [id, value] of [['nested-int8', 0.996], ['nested-int4', 0.99], ['nested-int2', 0.793]] as const) manifest.variants.find((v) => v.id === id)!.quality!.value = value;
  writeFileSync(manifestPath, JSON.stringify(manifest));
  const lines: string[] = [];
  for (let t = 0; t < 200; t++) lines.push([0, 1, 2].map((j) => Math.round(900 * Math.sin(0.4 * t + j))).join(','));
  const stream = join(work, 'walk_26Hz_.csv');
  writeFileSync(stream, lines.join('\n') + '\n');

  const r = run(['run', dir, '--nested', '--stream', stream, '--device', 'raspberry-pi-4', '--soc', '0.01', '--json']);
  assert.equal(r.status, 0, r.stderr);
  const report = JSON.parse(r.stdout) as { variants: { id: string; energyUj: number; served: number }[]; summary: { served: number }; controller: string };
  assert.deepEqual(report.variants.map((v) => v.id), ['nested-int8', 'nested-int4', 'nested-int2']);
  assert.match(report.controller, /nested master "nested"/);
  assert.equal(report.summary.served, 14);
  const int2 = report.variants.find((v) => v.id === 'nested-int2')!;
  const int8 = report.variants.find((v) => v.id === 'nested-int8')!;
  assert.equal(int2.energyUj, int8.energyUj, 'the Pi runs int2 weights on int8 kernels');
  assert.equal(int2.served, 0, 'a width no cheaper and worse is never chosen');

  const noMaster = run(['run', dir, '--nested', 'other', '--stream', stream, '--device', 'raspberry-pi-4']);
  assert.match(noMaster.stderr, /no nested master "other"; the ladder has "nested"/);
});
