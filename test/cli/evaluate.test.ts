/**
 * `edgewatt evaluate` as a user runs it: a small scenario (no real data
 * needed) gives one JSON object with the headline keys as fractions,
 * and a report folder whose Markdown links resolve; a bad scenario is one
 * line naming the field.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LADDER } from '../scheduler/eval/fixtures.js';
import { sharedDataPath, skipUnlessShared } from '../helpers/shared-data.js';
import { scenarioSchema } from '../../src/scheduler/index.js';
import { builtinDeviceIds } from '../../src/energy/index.js';
import { parseLadderManifest } from '../../src/compress/ladder/manifest-file.js';

const cli = resolve(fileURLToPath(import.meta.url), '../../../src/cli/main.js');
const run = (args: string[]) => spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', timeout: 120_000 });
const dir = mkdtempSync(join(tmpdir(), 'edgewatt-cli-evaluate-'));
after(() => rmSync(dir, { recursive: true, force: true }));
writeFileSync(join(dir, 'ladder.json'), JSON.stringify(LADDER));

const scenario = {
  name: 'cli test', durationH: 1, seeds: [1, 2], gridIntensityGPerKwh: 400, gridIntensitySource: 'a test figure',
  policies: ['static-fp32', 'static-int8', 'schedutil', 'adaptive', 'oracle'], policyUnderTest: 'adaptive',
  devices: [{ name: 'pi', device: 'raspberry-pi-4', ladder: 'ladder.json', store: { kind: 'ideal', capacityJ: 1e5, soc: 0.4 }, workload: [{ kind: 'periodic', periodS: 3, relativeDeadlineS: 1 }] }],
};

test('evaluate --json: the headline keys as fractions, and a report whose links resolve', () => {
  const path = join(dir, 'scenario.json');
  writeFileSync(path, JSON.stringify(scenario));
  const out = join(dir, 'report');
  const r = run(['evaluate', path, '--json', '--out', out, '--quiet']);
  assert.equal(r.status, 0, r.stderr);
  const lines = r.stdout.trim().split('\n');
  assert.equal(lines.length, 1);
  const h = JSON.parse(lines[0]!) as Record<string, unknown>;
  for (const k of ['energy_saving_vs_fp32', 'latency_p50_saving_vs_fp32', 'accuracy_loss_pts', 'energy_saving_vs_best_heuristic', 'oracle_fraction']) assert.ok(k in h, k);
  assert.ok(typeof h['energy_saving_vs_fp32'] === 'number' && Math.abs(h['energy_saving_vs_fp32'] as number) < 1, 'a fraction, not percent');
  const md = readFileSync(join(out, 'report.md'), 'utf8');
  for (const [, link] of md.matchAll(/\]\(([^)]+\.svg)\)/g)) assert.ok(existsSync(join(out, link!)), link);
  assert.match(md, /static-fp32/);
  assert.ok(existsSync(join(out, 'result.json')));
});

test('--max-latency-ratio replaces the scenario\'s budget on every device; a bad value is one line naming the option', () => {
  const path = join(dir, 'capped.json');
  writeFileSync(path, JSON.stringify({ ...scenario, seeds: [1], maxLatencyRatio: 1, devices: [{ ...scenario.devices[0], device: 'nucleo-u575zi', maxLatencyRatio: 1 }] }));
  const notes = (args: string[]): string[] => {
    const out = join(dir, `capped-${args.join('')}`);
    const r = run(['evaluate', path, '--json', '--out', out, '--quiet', ...args]);
    assert.equal(r.status, 0, r.stderr);
    return (JSON.parse(readFileSync(join(out, 'result.json'), 'utf8')) as { notes: string[] }).notes;
  };
  assert.ok(notes([]).some((n) => /^Latency budget on pi: .*at most 1× as slow/.test(n)), 'the scenario\'s own budget');
  assert.ok(notes(['--max-latency-ratio', '3']).some((n) => /^Latency budget on pi: .*at most 3× as slow/.test(n)), 'replaced, the device\'s too');
  assert.ok(notes(['--max-latency-ratio', 'none']).some((n) => /^No latency budget/.test(n)));
  const bad = run(['evaluate', path, '--max-latency-ratio', '0.5']);
  assert.equal(bad.status, 1);
  assert.match(bad.stderr, /option --max-latency-ratio: expected a number >= 1 .* or "none" .*got "0\.5"/);
});

test('a bad scenario: one line naming the file and the field', () => {
  const path = join(dir, 'bad.json');
  writeFileSync(path, JSON.stringify({ ...scenario, policies: ['adaptive'] }));
  const r = run(['evaluate', path]);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /bad\.json: policies: must include "static-fp32"/);
  assert.match(run(['evaluate', join(dir, 'none.json')]).stderr, /none\.json: no such scenario file/);
});

test('demo --json: the README main job runs on the shared data and prints the headline', { skip: skipUnlessShared('solar', 'psm3_2017.csv') || skipUnlessShared('ecg-mitbih', '100.hea') }, () => {
  const out = join(dir, 'demo');
  const r = spawnSync(process.execPath, [cli, 'demo', '--json', '--out', out, '--quiet'], { encoding: 'utf8', timeout: 300_000, env: { ...process.env, EDGEWATT_DATA: sharedDataPath() } });
  assert.equal(r.status, 0, r.stderr);
  const h = JSON.parse(r.stdout) as Record<string, unknown>;
  assert.equal(h['partial'], false);
  assert.ok(Number.isFinite(h['energy_saving_vs_fp32']));
  assert.ok(existsSync(join(out, 'report.md')));
});

test('every shipped scenario passes the schema and names built-in devices and ladder manifests that load', () => {
  const scenariosDir = resolve(fileURLToPath(import.meta.url), '../../../../scenarios');
  const files = readdirSync(scenariosDir).filter((f) => f.endsWith('.json'));
  assert.ok(files.includes('demo.json') && files.includes('paper.json'), `scenarios/: ${files.join(', ')}`);
  const devices = new Set(builtinDeviceIds());
  for (const f of files) {
    const r = scenarioSchema.safeParse(JSON.parse(readFileSync(join(scenariosDir, f), 'utf8')));
    assert.ok(r.success, `${f}: ${r.success ? '' : r.error.message}`);
    for (const d of r.data.devices) {
      assert.ok(devices.has(d.device), `${f}: ${d.name} names unknown device ${d.device}`);
      const path = join(scenariosDir, d.ladder);
      const m = parseLadderManifest(JSON.parse(readFileSync(path, 'utf8')), path);
      assert.ok(m.variants.length >= 2, `${f}: ${d.ladder} has ${m.variants.length} variant(s)`);
    }
  }
});
