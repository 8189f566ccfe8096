/**
 * `edgewatt meters` as a user runs it: over a copied sysfs tree with a RAPL
 * package zone the meter is listed as measured; on a tree with nothing the
 * device profile's model stands in, says so, and with --while a model's
 * energy per inference is exactly what `edgewatt profile` predicts for it;
 * in-process, over a counter that tracks the real clock at a known power,
 * the measured energy per inference is that power times the host's time per
 * inference; bad arguments get one line naming the option.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadDeviceProfile } from '../../src/energy/index.js';
import type { SysfsReader } from '../../src/energy/meters/index.js';
import { measurePower, type MetersReport } from '../../src/cli/meters/measure-power.js';
import { formatMeters, sparkline } from '../../src/cli/meters/format-meters.js';
import type { SensorInput } from '../../src/compress/ladder/manifest.js';
import type { MeasuredCosts } from '../../src/runtime/index.js';
import { tinyLadder } from '../runtime/helpers.js';

const cli = resolve(fileURLToPath(import.meta.url), '../../../src/cli/main.js');
const run = (args: string[]) => spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', timeout: 60_000 });
const noNvidiaSmi = () => {
  throw Object.assign(new Error('spawnSync nvidia-smi ENOENT'), { code: 'ENOENT' });
};

function jsonOf(r: ReturnType<typeof run>): MetersReport {
  assert.equal(r.status, 0, r.stderr);
  const lines = r.stdout.trim().split('\n');
  assert.equal(lines.length, 1, 'exactly one line on stdout');
  return JSON.parse(lines[0]!) as MetersReport;
}

function tree(files: Record<string, string | number>): { root: string; dispose: () => void } {
  const root = mkdtempSync(join(tmpdir(), 'edgewatt-meters-cli-'));
  for (const [path, value] of Object.entries(files)) {
    mkdirSync(dirname(root + path), { recursive: true });
    writeFileSync(root + path, `${value}\n`);
  }
  return { root, dispose: () => rmSync(root, { recursive: true, force: true }) };
}

test('meters --sysfs-root over a RAPL tree: the package zone is measured, nothing is an estimate', () => {
  const t = tree({
    '/sys/class/powercap/intel-rapl/enabled': 1,
    '/sys/class/powercap/intel-rapl:0/name': 'package-0',
    '/sys/class/powercap/intel-rapl:0/energy_uj': 123_456,
    '/sys/class/powercap/intel-rapl:0/max_energy_range_uj': 262_143_328_850,
  });
  try {
    const r = jsonOf(run(['meters', '--sysfs-root', t.root, '--seconds', '0.3', '--interval-ms', '100', '--json']));
    assert.equal(r.modelled, false);
    assert.ok(r.meters.some((m) => m.name === 'rapl:package-0' && m.scope === 'package' && !m.estimate), JSON.stringify(r.meters));
    assert.ok(!r.meters.some((m) => m.name.startsWith('model:')));
    const pkg = r.idle.traces.find((x) => x.meter === 'rapl:package-0')!;
    // The copied counter does not move: 0 W, read from the tree, not invented.
    assert.equal(pkg.meanW, 0);
    assert.ok(pkg.samples.length >= 2);
    assert.ok(r.detection.includes('rapl:package-0: measured (scope package)'));
    assert.deepEqual(r.loads, []);
  } finally {
    t.dispose();
  }
});

test('meters with no counter: the profile model stands in, marked; --while prices each inference as profile does', () => {
  const t = tree({ '/sys/README': 'empty' });
  const plot = join(t.root, 'power.svg');
  try {
    const r = jsonOf(run(['meters', '--sysfs-root', t.root, '--device', 'raspberry-pi-4', '--seconds', '0.3', '--interval-ms', '100', '--while', 'cnn1d', '--plot', plot, '--json']));
    assert.equal(r.modelled, true);
    assert.deepEqual(r.meters.map((m) => m.name), ['model:raspberry-pi-4']);
    assert.ok(r.meters[0]!.estimate);
    assert.match(r.note, /MODEL, not measurements/);
    const pi4 = loadDeviceProfile('raspberry-pi-4');
    // Within 0.1%: the model meter integrates on its own clock reads, a few µs off the sampler's.
    assert.ok(Math.abs(r.idle.traces[0]!.meanW - pi4.power.idleW) < 1e-3 * pi4.power.idleW, `at rest the model reads its idle power: ${r.idle.traces[0]!.meanW} W`);
    const profile = spawnSync(process.execPath, [cli, 'profile', 'cnn1d', '--device', 'raspberry-pi-4', '--json'], { encoding: 'utf8', timeout: 60_000 });
    assert.equal(profile.status, 0, profile.stderr);
    const predictedJ = (JSON.parse(profile.stdout) as { rows: { energyUj: number }[] }).rows[0]!.energyUj * 1e-6;
    const l = r.loads[0]!;
    assert.ok(l.inferences > 10, `${l.inferences} inferences`);
    const above = l.perInference[0]!.aboveIdleJ;
    assert.ok(Math.abs(above - predictedJ) / predictedJ < 1e-3, `above idle ${above} J against profile's ${predictedJ} J`);
    assert.ok(l.perInference[0]!.totalJ > above, 'the total adds idle power over the host time');
    assert.ok(existsSync(plot));
    assert.match(readFileSync(plot, 'utf8'), /^<svg[\s\S]*power \(W\)[\s\S]*<\/svg>\s*$/);
  } finally {
    t.dispose();
  }
});

test('meters in-process: a counter at a known 3 W gives 3 W × host time per inference, and nothing above idle', async () => {
  const zone = '/sys/class/powercap/intel-rapl:0';
  const t0 = performance.now();
  const files: Record<string, string> = {
    '/sys/class/powercap/intel-rapl/enabled': '1',
    [`${zone}/name`]: 'package-0',
    [`${zone}/max_energy_range_uj`]: '262143328850',
  };
  const fs: SysfsReader = {
    // 3 W on the real clock: µJ = 3 × ms × 1000.
    readText: (p) => {
      if (p === `${zone}/energy_uj`) return `${Math.round((performance.now() - t0) * 3000)}\n`;
      const v = files[p];
      if (v === undefined) throw Object.assign(new Error(`ENOENT: ${p}`), { code: 'ENOENT' });
      return `${v}\n`;
    },
    exists: (p) => p === '/sys/class/powercap' || Object.keys(files).some((f) => f === p || f.startsWith(`${p}/`)),
    listDir: (p) => {
      const names = new Set<string>();
      for (const f of [...Object.keys(files), `${zone}/energy_uj`]) if (f.startsWith(`${p}/`)) names.add(f.slice(p.length + 1).split('/')[0]!);
      if (names.size === 0) throw Object.assign(new Error(`ENOENT: ${p}`), { code: 'ENOENT' });
      return [...names].sort();
    },
  };
  const r = await measurePower({ seconds: 0.4, intervalS: 0.05, device: 'x86-host', model: 'cnn1d', fs, exec: noNvidiaSmi, log: () => {} });
  assert.equal(r.modelled, false);
  const idle = r.idle.traces[0]!;
  assert.equal(idle.meter, 'rapl:package-0');
  assert.ok(Math.abs(idle.meanW - 3) < 0.05, `idle ${idle.meanW} W`);
  const per = r.loads[0]!.perInference[0]!;
  const expected = 3 * (r.loads[0]!.durationS / r.loads[0]!.inferences);
  assert.ok(Math.abs(per.totalJ - expected) / expected < 0.05, `${per.totalJ} J against ${expected} J`);
  assert.ok(Math.abs(per.aboveIdleJ) < 0.05 * per.totalJ, `above idle ${per.aboveIdleJ} J`);
  const text = formatMeters(r);
  assert.match(text, /rapl:package-0 +package +measured/);
  assert.match(text, /Energy per inference:/);
});

test('meters --while <ladder> --save-costs, then run --costs: each variant measured alone, and served at its measured costs', async () => {
  const sensorInput: SensorInput = {
    layout: 'channels-first', sampleRateHz: 26, strideSamples: 13,
    channels: (['x', 'y', 'z'] as const).map((name) => ({ name, unit: 'mg', scale: 1e-3, mean: 0, std: 1 })),
  };
  const { dir, manifest } = await tinyLadder({ sensorInput });
  const t = tree({ '/sys/README': 'empty' });
  const costsFile = join(t.root, 'costs.json');
  try {
    const m = run(['meters', '--sysfs-root', t.root, '--device', 'raspberry-pi-4', '--seconds', '0.2', '--interval-ms', '50', '--while', dir, '--save-costs', costsFile]);
    assert.equal(m.status, 0, m.stderr);
    assert.match(m.stdout, new RegExp(`Energy per inference, each variant of .* run alone`));
    assert.match(m.stdout, /Costs of 3 variants \(meter model:raspberry-pi-4, an ESTIMATE\) written to/);
    const costs = JSON.parse(readFileSync(costsFile, 'utf8')) as MeasuredCosts;
    assert.deepEqual(Object.keys(costs.variants).sort(), manifest.variants.map((v) => v.id).sort());
    assert.equal(costs.meter.estimate, true);
    const pi4 = loadDeviceProfile('raspberry-pi-4');
    assert.ok(Math.abs(costs.idleW - pi4.power.idleW) < 1e-3 * pi4.power.idleW);
    for (const v of Object.values(costs.variants)) assert.ok(v.inferences > 5 && v.latencyS > 0 && v.energyJ > 0);

    // Served with those costs: the report prices each variant at them.
    const stream = join(t.root, 'walk_26Hz_4g_mg.csv');
    writeFileSync(stream, Array.from({ length: 300 }, (_, i) => [0, 1, 2].map((j) => Math.round(1000 * Math.sin(0.3 * i + j))).join(', ')).join('\n') + '\n');
    const r = run(['run', dir, '--stream', stream, '--device', 'raspberry-pi-4', '--costs', costsFile, '--json']);
    assert.equal(r.status, 0, r.stderr);
    const report = JSON.parse(r.stdout) as { costs: { file: string } | null; variants: { id: string; latencyMs: number; energyUj: number }[]; note: string };
    assert.equal(report.costs!.file, costsFile);
    for (const v of report.variants) {
      assert.ok(Math.abs(v.latencyMs - costs.variants[v.id]!.latencyS * 1e3) < 1e-9, v.id);
      assert.ok(Math.abs(v.energyUj - costs.variants[v.id]!.energyJ * 1e6) < 1e-6, v.id);
    }
    assert.match(report.note, /measured on .* \(.*costs\.json, meter model:raspberry-pi-4, an estimate\)/);
    assert.match(r.stderr, /which is an estimate \(no real meter on/);

    // A costs file that lacks a variant, and options in the wrong place.
    const partial = { ...costs, variants: { [manifest.variants[0]!.id]: costs.variants[manifest.variants[0]!.id]! } };
    const partialFile = join(t.root, 'partial.json');
    writeFileSync(partialFile, JSON.stringify(partial));
    const bad: [string[], RegExp][] = [
      [['run', dir, '--stream', stream, '--costs', partialFile], /partial\.json.*variants.*no measurement of/],
      [['run', dir, '--stream', stream, '--costs', join(t.root, 'none.json')], /none\.json: no such costs file \(write one with `edgewatt meters --while <ladder> --save-costs/],
      [['meters', '--save-costs', costsFile], /option --save-costs needs --while <ladder folder>/],
      [['meters', '--while', 'cnn1d', '--save-costs', costsFile, '--seconds', '0.1', '--interval-ms', '50'], /option --save-costs needs --while <ladder folder>/],
      [['meters', '--meter', 'rapl:package-0'], /option --meter applies to --save-costs/],
      [['meters', '--while', dir, '--save-costs', 'costs.txt'], /option --save-costs: expected a file name ending in \.json/],
    ];
    for (const [args, message] of bad) {
      const b = run(args);
      assert.equal(b.status, 1, `${args.join(' ')}: ${b.stdout}`);
      assert.match(b.stderr, message, args.join(' '));
    }
  } finally {
    t.dispose();
  }
});

test('sparkline: scaled to the trace, flat traces flat, long traces binned to the width', () => {
  assert.equal(sparkline([0, 1, 2, 3, 4, 5, 6, 7]), '▁▂▃▄▅▆▇█');
  assert.equal(sparkline([2, 2, 2]), '▄▄▄');
  assert.equal(sparkline([3.059, 3.06, 3.0595]), '▄▄▄', 'flat to within 1%');
  assert.equal(sparkline([]), '');
  // 100 samples into 10 columns: column means 4.5, 14.5, ..., 94.5, evenly spaced.
  assert.equal(sparkline(Array.from({ length: 100 }, (_, i) => i), 10), '▁▁▂▃▄▅▆▇██');
});

test('meters: bad arguments get one line naming the option', () => {
  const cases: [string[], RegExp][] = [
    [['--seconds', '0.1', '--interval-ms', '500'], /option --interval-ms: 500 ms is longer than --seconds 0.1/],
    [['--seconds', 'abc'], /option --seconds: expected a number, got "abc"/],
    [['--plot', 'chart.png'], /option --plot: expected a file name ending in .svg, got "chart.png"/],
    [['--input-shape', '3,32,32'], /option --input-shape applies to --while <model.onnx>/],
    [['--device', 'nucleo-f4'], /nucleo-f4.*nucleo-l4r5zi/],
    [['--while', 'no-such-model', '--seconds', '0.1', '--interval-ms', '50'], /model "no-such-model" not found: expected an .onnx file, a checkpoint folder/],
  ];
  for (const [args, message] of cases) {
    const r = run(['meters', ...args]);
    assert.equal(r.status, 1, `${args.join(' ')}: ${r.stdout}`);
    assert.match(r.stderr, message, args.join(' '));
    assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
  }
});
