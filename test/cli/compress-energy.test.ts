/**
 * `edgewatt compress --quantize mixed --budget-uj <µJ> --device <name>`: the
 * mixed rung under a modelled energy budget. Bad combinations fail before
 * any work; an impossible budget fails before the data is read, with the
 * cheapest and dearest µJ; a feasible one gives a rung whose modelled energy
 * (recomputed here from the checkpoint) is within it and is recorded in the
 * ladder.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readLadder } from '../../src/compress/index.js';
import { quantizeModel, type WeightBits } from '../../src/compress/index.js';
import { writeSyntheticHar } from '../../src/data/index.js';
import { builtinDeviceIds, estimateInference, loadDeviceProfile, workFromSummary, type Precision } from '../../src/energy/index.js';
import { randn, Rng } from '../../src/engine/index.js';
import { summarize } from '../../src/nn/index.js';
import { loadModelCheckpoint } from '../../src/train/index.js';

const cli = resolve(fileURLToPath(import.meta.url), '../../../src/cli/main.js');

function run(args: string[]) {
  return spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', timeout: 180_000 });
}

function fails(args: string[], message: RegExp): string {
  const r = run(args);
  assert.equal(r.status, 1, `${args.join(' ')}: ${r.stderr}`);
  assert.match(r.stderr, message);
  assert.equal(r.stderr.trim().split('\n').length, 1, `one line for ${args.join(' ')}: ${r.stderr}`);
  return r.stderr;
}

test('energy-budget options that do not fit together fail with one line naming them, before any work', () => {
  const mixed = ['compress', 'x', '--quantize', 'int8,mixed'];
  fails(['compress', 'x', '--budget-uj', '5', '--device', 'x86-host'], /option --budget-uj applies to --quantize mixed/);
  fails([...mixed, '--budget-uj', '5', '--device', 'x86-host', '--budget-bytes', '100'], /options --budget-uj and --budget-bytes: .* give one of them/);
  fails([...mixed, '--budget-uj', '5'], new RegExp(`option --budget-uj needs --device <name>.*: one of ${builtinDeviceIds().join(', ')}`));
  fails([...mixed, '--budget-uj', '0', '--device', 'x86-host'], /option --budget-uj: must be > 0 µJ per inference, got 0/);
  fails([...mixed, '--budget-uj', 'lots', '--device', 'x86-host'], /option --budget-uj: expected a number, got "lots"/);
  fails([...mixed, '--device', 'x86-host'], /option --device applies to --budget-uj/);
  fails([...mixed, '--op-point', 'arm-600'], /option --op-point applies to --budget-uj/);
  fails([...mixed, '--budget-uj', '5', '--device', 'esp32'], new RegExp(`option --device: unknown device "esp32"; known devices: ${builtinDeviceIds().join(', ')}`));
  fails([...mixed, '--budget-uj', '5', '--device', 'nucleo-l4r5zi', '--engine', 'tensorrt'], /option --engine: device nucleo-l4r5zi has no engine "tensorrt"; it has tflm-reference, x-cube-ai-7.3/);
  fails([...mixed, '--budget-uj', '5', '--device', 'raspberry-pi-4', '--op-point', 'turbo'], /option --op-point: .*unknown operating point "turbo"; it has arm-600, arm-1500, arm-1800/);
});

test('compress --budget-uj: an impossible budget stops before the data is read; a feasible one gives a mixed rung within it', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'edgewatt-compress-energy-'));
  try {
    const data = join(dir, 'har');
    writeSyntheticHar(data, { recordingsPerClass: 5, samplesPerRecording: 260, rng: new Rng(7) });
    const ckpt = join(dir, 'ckpt');
    const trained = run(['train', 'har', '--data', data, '--epochs', '2', '--out', ckpt, '--quiet', '--json']);
    assert.equal(trained.status, 0, trained.stderr);

    // A data folder that does not exist: the budget error must come first, so no data was read.
    const impossible = fails(
      ['compress', ckpt, '--calib', join(dir, 'missing'), '--quantize', 'mixed', '--budget-uj', '0.5', '--device', 'x86-host'],
      /option --budget-uj: a budget of 0\.500000 µJ per inference is impossible on x86-host \(engine edgewatt-wasm, op point base-2400\): every bit assignment needs between ([\d.]+) µJ \(cheapest\) and ([\d.]+) µJ \(dearest\); .*no int4\/int2 kernels/,
    );
    const [, cheapestUj, dearestUj] = /between ([\d.]+) µJ \(cheapest\) and ([\d.]+) µJ/.exec(impossible)!.map(Number);
    assert.ok(cheapestUj! < dearestUj!, `on x86-host int4/int2 weights save memory traffic: ${cheapestUj} vs ${dearestUj} µJ`);
    fails(
      ['compress', ckpt, '--calib', join(dir, 'missing'), '--quantize', 'mixed', '--budget-uj', '1', '--device', 'nucleo-l4r5zi'],
      /option --budget-uj: .* on nucleo-l4r5zi .* the weight bits do not change the modelled energy at all/,
    );

    fails(
      ['compress', ckpt, '--calib', join(dir, 'missing'), '--quantize', 'mixed', '--budget-uj', '1', '--device', 'jetson-nano'],
      /option --device: device jetson-nano, engine ncnn-vulkan-gpu has no int8 kernels \(it has float32\)/,
    );

    const budgetUj = Number(((cheapestUj! + dearestUj!) / 2).toPrecision(6));
    const out = join(dir, 'ladder');
    const r = run(['compress', ckpt, '--calib', data, '--quantize', 'mixed', '--budget-uj', String(budgetUj), '--device', 'x86-host', '--calib-samples', '64', '--latency-runs', '1', '--out', out, '--quiet']);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, new RegExp(`mixed: modelled [\\d.]+ µJ of budget ${budgetUj} µJ per inference on x86-host \\(engine edgewatt-wasm, op point base-2400\\)`));

    const { manifest } = readLadder(out);
    const mixed = manifest.variants.find((v) => v.id === 'mixed')!;
    const record = mixed.recipe['energyBudget'] as Record<string, unknown>;
    assert.deepEqual(
      { budgetUj: record['budgetUj'], device: record['device'], engine: record['engine'], opPoint: record['opPoint'] },
      { budgetUj, device: 'x86-host', engine: 'edgewatt-wasm', opPoint: 'base-2400' },
    );
    assert.equal(mixed.recipe['budgetBytes'], undefined, 'one budget, in µJ');
    // The rung's modelled energy, recomputed from the integer model built from the checkpoint with its chosen bits
    // (weights stored packed; the MACs at each layer's width), is the one recorded and within the budget.
    const model = (await loadModelCheckpoint(ckpt)).model;
    const bits = mixed.bitsPerLayer!;
    const q = quantizeModel(model, [randn([4, ...model.inputShape], new Rng(1))], { inputShape: model.inputShape, weightBits: bits as Record<string, WeightBits> });
    const built = workFromSummary(summarize(q, model.inputShape));
    q.dispose();
    const work = { ...built, layers: built.layers.map((l) => (bits[l.name] !== undefined ? { ...l, precision: `int${bits[l.name]}` as Precision } : l)) };
    const energyUj = estimateInference(loadDeviceProfile('x86-host'), work).energyJ * 1e6;
    assert.ok(Math.abs(energyUj - (record['modelledUj'] as number)) <= 1e-9 * energyUj, `recorded ${record['modelledUj']} µJ, recomputed ${energyUj} µJ`);
    assert.ok(energyUj <= budgetUj, `${energyUj} µJ over the ${budgetUj} µJ budget`);
    assert.ok(Object.values(mixed.bitsPerLayer!).some((b) => b < 8), 'a budget below the all-int8 energy lowers some layer');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
