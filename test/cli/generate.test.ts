/**
 * `edgewatt generate` as a user runs it, on a small HAR-format dataset the
 * test writes (data/synthetic-har.ts: 5 recordings of 400 readings per
 * activity, about 100 training windows per activity — enough for the
 * sampler's per-class latent mixture) and 1 epoch, so a run takes
 * seconds: the --json object and the table per precision, the report folder
 * (window grids, the quality-vs-energy chart, result.json, the --samples
 * CSVs) and argument errors named before any work.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { resolveGenerateInputs } from '../../src/cli/generate/generate-inputs.js';
import { writeSyntheticHar } from '../../src/data/index.js';
import { Rng } from '../../src/engine/index.js';
import { assertCleanSvg, seriesPoints } from './plot/svg-checks.js';
import { byClass, findAll } from './plot/well-formed-xml.js';

const cli = resolve(fileURLToPath(import.meta.url), '../../../src/cli/main.js');
const work = mkdtempSync(join(tmpdir(), 'edgewatt-cli-generate-'));
after(() => rmSync(work, { recursive: true, force: true }));
const har = join(work, 'har');
writeSyntheticHar(har, { recordingsPerClass: 5, samplesPerRecording: 400, rng: new Rng(5) });
const run = (args: string[], env: NodeJS.ProcessEnv = {}) => spawnSync(process.execPath, [cli, 'generate', ...args], { encoding: 'utf8', timeout: 120_000, cwd: work, env: { ...process.env, ...env } });

interface GenerateJson {
  task: string;
  classes: string[];
  channels: string[];
  windowLength: number;
  windows: { train: number; validation: number };
  epochs: number;
  samples: { perClass: number[]; requestedPerClass: number; files: string[] } | null;
  precisions: { precision: string; mmd2: number; psdDistance: number; discriminativeAccuracy: number; tstr: number; trtr: number; weightBytes: number; modelledGeneration: { device: string; energyJ: number | null; unsupported?: string }[] }[];
  report: string;
}

test('--json: one object with the metrics and modelled energy per precision; window grids, chart, CSVs and result.json in --out', () => {
  const out = join(work, 'json');
  const r = run(['har', '--data', har, '--epochs', '1', '--precision', 'fp32,int8', '--samples', '4', '--out', out, '--json', '--quiet']);
  assert.equal(r.status, 0, r.stderr);
  const lines = r.stdout.trim().split('\n');
  assert.equal(lines.length, 1);
  const j = JSON.parse(lines[0]!) as GenerateJson;
  assert.equal(j.task, 'har');
  assert.equal(j.report, out);
  assert.deepEqual(j.classes, ['running', 'stationary', 'walking']);
  assert.deepEqual(j.channels, ['x', 'y', 'z']);
  assert.equal(j.epochs, 1);
  assert.ok(j.windows.train > 100 && j.windows.validation > 10, JSON.stringify(j.windows));
  assert.deepEqual(j.precisions.map((p) => p.precision), ['fp32', 'int8']);
  for (const p of j.precisions) {
    assert.ok(Number.isFinite(p.mmd2) && p.psdDistance >= 0);
    for (const v of [p.discriminativeAccuracy, p.tstr, p.trtr]) assert.ok(v >= 0 && v <= 1, String(v));
    assert.deepEqual(p.modelledGeneration.map((e) => e.device), ['nucleo-u575zi', 'raspberry-pi-4']);
  }
  assert.equal(j.precisions[0]!.modelledGeneration[0]!.energyJ, null, 'the MCU engine runs int8 only');
  assert.ok(j.precisions[1]!.modelledGeneration.every((e) => e.energyJ !== null && e.energyJ > 0));
  assert.ok(j.precisions[1]!.weightBytes < j.precisions[0]!.weightBytes / 2, 'int8 weights well under half of fp32');
  assert.deepEqual(j.samples, { perClass: [4, 4, 4], requestedPerClass: 4, files: ['synthetic-fp32.csv', 'synthetic-int8.csv'] });
  assert.doesNotMatch(r.stderr, /\[generate\]/, '--quiet');

  assert.deepEqual(readdirSync(out).sort(), ['quality-energy.svg', 'result.json', 'synthetic-fp32.csv', 'synthetic-int8.csv', 'windows-fp32.svg', 'windows-int8.svg']);
  const csv = readFileSync(join(out, 'synthetic-int8.csv'), 'utf8').trimEnd().split('\n');
  assert.equal(csv.length, 1 + 3 * 4);
  assert.equal(csv[0]!.split(',').length, 2 + 3 * j.windowLength);
  assert.deepEqual(csv.slice(1).map((l) => l.split(',').slice(0, 2).join(',')), ['running', 'stationary', 'walking'].flatMap((k) => [0, 1, 2, 3].map((i) => `${k},${i}`)));
  assert.ok(csv.slice(1).every((l) => l.split(',').slice(2).every((v) => Number.isFinite(Number(v)))));
  const result = JSON.parse(readFileSync(join(out, 'result.json'), 'utf8')) as { precisions: (GenerateJson['precisions'][number] & { bits: unknown })[]; training: { epochs: unknown[] } };
  result.precisions.forEach((p, k) => {
    const { bits, ...metrics } = p;
    assert.deepEqual(metrics, j.precisions[k]);
    assert.equal(bits === null, k === 0, 'bit widths for the quantized variant');
  });
  assert.equal(result.training.epochs.length, 1);
  const grid = assertCleanSvg(readFileSync(join(out, 'windows-int8.svg'), 'utf8'));
  assert.equal(findAll(grid, byClass('panel')).length, 9, 'three activities × three axes');
  assert.equal(seriesPoints(assertCleanSvg(readFileSync(join(out, 'quality-energy.svg'), 'utf8'))).length, 2);
});

test('the table, with progress on stderr and the report under reports/generate/<task> by default', () => {
  const r = run(['--data', har, '--epochs', '1', '--precision', 'int4']);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /^har synthesis: /);
  assert.match(r.stdout, /precision\s+MMD²\s+PSD dist\.\s+disc\. acc\.\s+TSTR\s+TRTR\s+gap \(pts\)\s+weights\s+sampler\s+nucleo-u575zi \(modelled\)\s+raspberry-pi-4 \(modelled\)/);
  assert.match(r.stdout, /\nint4\s+-?\d\.\d{4}\s+\d+\.\d{3}\s+\d\.\d{3}\s+\d\.\d{3}\s+\d\.\d{3}\s+-?\d+\.\d\s+[\d.]+ KiB\s+[\d.]+ K?i?B\s+[\d.]+ [µn]J\s+[\d.]+ [µn]J\n/);
  assert.match(r.stderr, /\[generate\] training a conditional VAE on \d+ windows/);
  const dir = join(work, 'reports', 'generate', 'har');
  assert.match(r.stderr, new RegExp(`report: ${dir.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&')}`));
  assert.deepEqual(readdirSync(dir).sort(), ['result.json', 'windows-int4.svg'], 'one precision: no quality-energy trade to chart');
});

test('argument errors are named in one line before any work, and no report folder is made', () => {
  const out = join(work, 'never');
  const empty = join(work, 'empty-shared');
  mkdirSync(empty);
  const cases: [string[], RegExp, NodeJS.ProcessEnv?][] = [
    [['ecg-typo', '--data', har], /unknown synthesis task "ecg-typo"; tasks: har \(STM32 HAR/],
    [['--data', har, '--precision', 'fp32,int3'], /option --precision: unknown precision "int3"; known: fp32, int8, int4, mixed/],
    [['--data', join(work, 'nowhere')], /har data folder not found at .*nowhere; check the --data option/],
    [[], /har data folder not found at .*empty-shared[\\/]har-stm32; pass --data <dir>/, { EDGEWATT_DATA: empty }],
    [['--data', har, '--samples', '0'], /option --samples: must be >= 1, got 0/],
    [['--data', har, '--samples', '2.5'], /option --samples: expected an integer, got "2\.5"/],
  ];
  for (const [args, message, env] of cases) {
    const r = run([...args, '--out', out], env);
    assert.equal(r.status, 1, args.join(' '));
    assert.match(r.stderr, message);
    assert.equal(r.stderr.split('\n').filter((l) => l !== '').length, 1, `one line: ${r.stderr}`);
  }
  assert.ok(!existsSync(out));
});

test('inputs: a report path that is a file and a data path that is a file are refused; the default folder is the shared one', () => {
  const file = join(work, 'a-file');
  writeFileSync(file, 'x');
  assert.throws(() => resolveGenerateInputs('har', { data: har, out: file }), /option --out: .*a-file is a file; expected a report folder/);
  assert.throws(() => resolveGenerateInputs('har', { data: file }), /option --data: .*a-file is a file; expected the har dataset folder/);
  const saved = process.env['EDGEWATT_DATA'];
  process.env['EDGEWATT_DATA'] = work;
  try {
    mkdirSync(join(work, 'har-stm32'), { recursive: true });
    const inputs = resolveGenerateInputs('har');
    assert.equal(inputs.dataDir, join(work, 'har-stm32'));
    assert.equal(inputs.out, resolve('reports', 'generate', 'har'));
  } finally {
    if (saved === undefined) delete process.env['EDGEWATT_DATA'];
    else process.env['EDGEWATT_DATA'] = saved;
  }
});
