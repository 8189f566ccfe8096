/**
 * `edgewatt profile` as a user runs it: a zoo model on the MCUs prints one
 * JSON object with the per-device estimate and the calibration against the
 * published results; a checkpoint and a ladder are profiled per variant;
 * bad arguments give one line naming what is wrong.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createModel } from '../../src/nn/index.js';
import { moduleArrays, saveCheckpoint } from '../../src/train/index.js';

const cli = resolve(fileURLToPath(import.meta.url), '../../../src/cli/main.js');
const run = (args: string[]) => spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', timeout: 60_000 });

function json(r: ReturnType<typeof run>): Record<string, unknown> {
  assert.equal(r.status, 0, r.stderr);
  const lines = r.stdout.trim().split('\n');
  assert.equal(lines.length, 1, 'exactly one line on stdout');
  return JSON.parse(lines[0]!) as Record<string, unknown>;
}

interface Row { device: string; engine: string; latencyMs: number; energyUj: number; fits: boolean; estimate: boolean }
interface Cal { result: string; inSample: boolean; publishedEnergyUj: number; predictedEnergyUj: number; energyError: number; supplyV: number | null }

test('profile resnet8 --device nucleo-l4r5zi --json: the estimate and the calibration at a glance', () => {
  const r = json(run(['profile', 'resnet8', '--device', 'nucleo-l4r5zi', '--json']));
  const rows = r['rows'] as Row[];
  assert.equal(rows.length, 1);
  assert.equal(rows[0]!.device, 'nucleo-l4r5zi');
  assert.equal(rows[0]!.estimate, true);
  assert.equal(rows[0]!.fits, true);
  const cal = r['calibration'] as Cal[];
  assert.deepEqual(cal.map((c) => c.result).sort(), ['l4r5-tflm-ic', 'l4r5-xcubeai-ic', 'l4r5-xcubeai-ic-3v0']);
  assert.deepEqual(cal.map((c) => c.supplyV), cal.map((c) => (c.result.endsWith('-3v0') ? 3.0 : 1.8)), 'each result at the supply it was measured at');
  const ic = cal.find((c) => c.result === 'l4r5-xcubeai-ic')!;
  assert.equal(ic.inSample, false);
  assert.equal(ic.publishedEnergyUj, 10681.623);
  assert.ok(Math.abs(ic.predictedEnergyUj / ic.publishedEnergyUj - 1 - ic.energyError) < 1e-12);
  // The row uses the default engine (X-CUBE-AI): its energy is the calibration row's prediction.
  assert.ok(Math.abs(rows[0]!.energyUj - ic.predictedEnergyUj) < 1e-6);
});

test('profile --supply-v: the L4R5 (LDO) at 3.0 V costs 3.0/1.8 of its 1.8 V energy in the same time; out of range, or a device without a cited supply description, is refused', () => {
  const at = (v?: string) => json(run(['profile', 'resnet8', '--device', 'nucleo-l4r5zi', '--json', ...(v ? ['--supply-v', v] : [])]));
  const base = (at()['rows'] as Row[])[0]!;
  const hi = at('3.0');
  assert.equal(hi['supplyV'], 3.0);
  const row = (hi['rows'] as Row[])[0]!;
  assert.equal(row.latencyMs, base.latencyMs);
  assert.ok(Math.abs(row.energyUj / base.energyUj - 3.0 / 1.8) < 1e-9, `${row.energyUj} vs ${base.energyUj}`);
  const out = run(['profile', 'resnet8', '--device', 'nucleo-l4r5zi', '--supply-v', '5']);
  assert.equal(out.status, 1);
  assert.match(out.stderr, /device nucleo-l4r5zi: supplyV 5 V is outside its supply range 1\.71–3\.6 V/);
  assert.match(run(['profile', 'resnet8', '--device', 'nucleo-l4r5zi', '--supply-v', 'three']).stderr, /--supply-v: expected a supply voltage in volts/);
  const sbc = run(['profile', 'resnet8', '--device', 'raspberry-pi-4', '--supply-v', '3.0']);
  assert.equal(sbc.status, 1);
  assert.match(sbc.stderr, /device raspberry-pi-4: its profile has no "supply" description/);
  // The U575 cites its SMPS run currents at 1.8, 3.0 and 3.3 V: 3.0 V is priced (×1.13 at 160 MHz), 3.6 V is refused.
  const u5 = (json(run(['profile', 'resnet8', '--device', 'nucleo-u575zi', '--json', '--supply-v', '3.0']))['rows'] as Row[])[0]!;
  const u5base = (json(run(['profile', 'resnet8', '--device', 'nucleo-u575zi', '--json']))['rows'] as Row[])[0]!;
  assert.ok(Math.abs(u5.energyUj / u5base.energyUj - (3.0 * 7.15) / (1.8 * 10.5)) < 1e-9);
  assert.match(run(['profile', 'resnet8', '--device', 'nucleo-u575zi', '--supply-v', '3.6']).stderr, /outside the SMPS run currents the profile cites at range1-160mhz \(1\.8–3\.3 V/);
});

test('profile a checkpoint on several devices, and a ladder per variant', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'edgewatt-cli-profile-'));
  try {
    const model = createModel('cnn1d', { width: 8, seed: 1 });
    await saveCheckpoint(join(dir, 'ckpt'), { arrays: moduleArrays(model), model: model.spec });
    const r = json(run(['profile', join(dir, 'ckpt'), '--device', 'nucleo-l4r5zi,nucleo-u575zi', '--json']));
    const rows = r['rows'] as Row[];
    assert.deepEqual(rows.map((x) => x.device), ['nucleo-l4r5zi', 'nucleo-u575zi']);
    assert.ok(rows[1]!.energyUj < rows[0]!.energyUj, 'the U575 spends less per inference than the L4R5 (25.7 vs 44.9 mW, fewer cycles)');
    const ladderDir = join(dir, 'ladder');
    const variant = (id: string, kind: string, macs: Record<string, number>, weightBytes: number) => ({
      id, kind, file: `${id}.onnx`, sha256: '0'.repeat(64), weightBytes, fileBytes: 1, params: 10, macs: Object.values(macs).reduce((a, b) => a + b, 0), macsByPrecision: macs,
      work: { opClassMacs: { conv: 900, depthwise: 0, dense: 100 }, outputs: 50, layers: 3, activationBytes: 400, peakActivationBytes: 200 }, quality: null, latency: [], recipe: {},
    });
    const { mkdirSync } = await import('node:fs');
    mkdirSync(ladderDir);
    writeFileSync(join(ladderDir, 'ladder.json'), JSON.stringify({
      format: 'edgewatt-ladder', version: 1, createdAt: new Date().toISOString(),
      model: { name: 'toy', inputShape: [3, 26], inputName: 'input', outputName: 'output', task: 'har' },
      variants: [variant('int8', 'int8', { int8: 1000 }, 100), variant('int4', 'int4', { int8: 200, int4: 800 }, 60)],
    }));
    const l = json(run(['profile', ladderDir, '--device', 'nucleo-u575zi', '--json']));
    assert.equal(l['kind'], 'ladder');
    assert.deepEqual((l['rows'] as { variant: string }[]).map((x) => x.variant), ['int8', 'int4']);
    // On every device, the int8 rungs cannot run on a float-only GPU engine: listed, not a crash.
    const all = json(run(['profile', ladderDir, '--device', 'all', '--json']));
    const unsupported = all['unsupported'] as { variant: string; device: string; engine: string }[];
    assert.ok(unsupported.some((u) => u.device === 'jetson-nano' && u.variant === 'int8'), JSON.stringify(unsupported));
    assert.ok((all['rows'] as Row[]).some((x) => x.device === 'raspberry-pi-4'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('bad arguments: an unknown device lists the known ones; an engine without the precision says which it has', () => {
  const unknown = run(['profile', 'resnet8', '--device', 'nucleo-l4']);
  assert.equal(unknown.status, 1);
  assert.match(unknown.stderr, /unknown device "nucleo-l4"; known devices: .*nucleo-l4r5zi/);
  const prec = run(['profile', 'resnet8', '--device', 'nucleo-l4r5zi', '--precision', 'float32']);
  assert.equal(prec.status, 1);
  assert.match(prec.stderr, /runs in float32, which this engine has no rate for \(it has int8\)/);
  assert.match(run(['profile', 'resnet8', '--device', 'nucleo-l4r5zi', '--precision', 'fp8']).stderr, /--precision: expected one of/);
});
