/**
 * writeEvaluationReport on disk: the files it promises, links that resolve,
 * clean SVGs, result.json round-trips, and atomicity — no temp files left,
 * and a failed write leaves the previous report whole.
 */
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, test } from 'node:test';
import { chartFileNames, safeFileNamePart } from '../../../src/cli/report/chart-files.js';
import { writeEvaluationReport } from '../../../src/cli/report/write-report.js';
import type { EvaluationResult } from '../../../src/scheduler/eval/evaluation-result.js';
import { allText, assertCleanSvg, seriesGroups, seriesLines } from '../plot/svg-checks.js';
import { POLICIES, syntheticResult } from './evaluation-fixture.js';

let root: string;
let n = 0;
const fresh = async (): Promise<string> => join(root, `case${n++}`);
before(async () => {
  root = await mkdtemp(join(tmpdir(), 'edgewatt-report-'));
});
after(async () => {
  await rm(root, { recursive: true, force: true });
});

async function filesUnder(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...(await filesUnder(p)));
    else out.push(p);
  }
  return out;
}

/** The link targets of a Markdown document: `](target)`. */
function links(md: string): string[] {
  return md.split('](').slice(1).map((rest) => decodeURIComponent(rest.slice(0, rest.indexOf(')'))));
}

test('writes report.md, result.json and four clean charts per run; every link resolves', async () => {
  const dir = await fresh();
  const r = syntheticResult();
  const written = await writeEvaluationReport(r, dir);
  assert.equal(written.reportPath, join(dir, 'report.md'));
  assert.equal(written.chartPaths.length, 8);
  const files = (await filesUnder(dir)).map((f) => f.slice(dir.length + 1)).sort();
  assert.deepEqual(files, [
    'charts/har-esp32-s3-energy.svg', 'charts/har-esp32-s3-latency.svg', 'charts/har-esp32-s3-precision.svg', 'charts/har-esp32-s3-soc.svg',
    'charts/har-raspberry-pi-4-energy.svg', 'charts/har-raspberry-pi-4-latency.svg', 'charts/har-raspberry-pi-4-precision.svg', 'charts/har-raspberry-pi-4-soc.svg',
    'report.md', 'result.json',
  ]);
  const md = await readFile(written.reportPath, 'utf8');
  const targets = links(md);
  assert.equal(targets.length, 8);
  for (const t of targets) assert.ok((await stat(join(dirname(written.reportPath), t))).isFile(), t);

  for (const path of written.chartPaths) {
    const root = assertCleanSvg(await readFile(path, 'utf8'));
    assert.equal(seriesGroups(root).length, POLICIES.length, path);
    assert.equal(seriesLines(root).length, POLICIES.length, path);
    const text = allText(root);
    for (const p of POLICIES) assert.ok(text.includes(p), `${path} has ${p} in its legend`);
  }
  const precision = allText(assertCleanSvg(await readFile(join(dir, 'charts/har-esp32-s3-precision.svg'), 'utf8')));
  for (const a of r.runs[0]!.actions) assert.ok(precision.includes(a), a);
  const energy = allText(assertCleanSvg(await readFile(join(dir, 'charts/har-esp32-s3-energy.svg'), 'utf8')));
  assert.ok(energy.includes('device time (min)') && energy.includes('energy drawn (kJ)'));

  assert.deepEqual(JSON.parse(await readFile(written.resultPath, 'utf8')), JSON.parse(JSON.stringify(r)));
});

test('names that are not safe file names become safe, distinct ones', async () => {
  const base = syntheticResult();
  const r: EvaluationResult = {
    ...base,
    runs: [
      { ...base.runs[0]!, workload: '../../etc', device: 'Pi 4 <"b&">' },
      { ...base.runs[1]!, workload: '../../etc', device: 'pi-4-b' },
      { ...base.runs[1]!, workload: 'Ünïcödé/har', device: '.hidden' },
    ],
  };
  const names = chartFileNames(r).map((p) => p.energy);
  assert.deepEqual(names, ['charts/etc-pi-4-b-energy.svg', 'charts/etc-pi-4-b-2-energy.svg', 'charts/unicode-har-hidden-energy.svg']);
  assert.equal(safeFileNamePart('...'), 'unnamed');
  const dir = await fresh();
  const written = await writeEvaluationReport(r, dir);
  for (const p of written.chartPaths) assert.ok(p.startsWith(join(dir, 'charts') + '/'), p);
  const md = await readFile(written.reportPath, 'utf8');
  assert.ok(md.includes('## ../../etc on Pi 4 &lt;"b&amp;"&gt;'));
  for (const t of links(md)) assert.ok((await stat(join(dir, t))).isFile(), t);
});

test('a failed write throws, leaves no temp file, and the earlier report stays whole', async () => {
  const dir = await fresh();
  await writeEvaluationReport(syntheticResult(), dir);
  const before = await readFile(join(dir, 'report.md'), 'utf8');
  // result.json is written just before report.md; a directory in its place makes the rename fail.
  await rm(join(dir, 'result.json'));
  await mkdir(join(dir, 'result.json'));
  await assert.rejects(writeEvaluationReport(syntheticResult({ scenario: 'second' }), dir), /could not write .*result\.json/);
  assert.equal(await readFile(join(dir, 'report.md'), 'utf8'), before, 'report.md untouched');
  const leftovers = (await filesUnder(dir)).filter((f) => f.endsWith('.tmp'));
  assert.deepEqual(leftovers, []);
});

test('a malformed result is refused before anything is written', async () => {
  const dir = await fresh();
  const bad = { ...syntheticResult(), runs: 'nope' } as unknown as EvaluationResult;
  await assert.rejects(writeEvaluationReport(bad, dir), /result\.runs must be an array/);
  const noHeadline = { ...syntheticResult(), headline: { ...syntheticResult().headline, accuracy_loss_pts: undefined } } as unknown as EvaluationResult;
  await assert.rejects(writeEvaluationReport(noHeadline, dir), /result\.headline\.accuracy_loss_pts must be a number, got undefined/);
  await assert.rejects(stat(dir), { code: 'ENOENT' });
});

test('NaN and Infinity in traces and metrics never reach the files as such', async () => {
  const base = syntheticResult();
  const run = base.runs[0]!;
  const p0 = run.policies[0]!;
  const broken = {
    ...p0,
    metrics: { ...p0.metrics, batteryLifetimeH: { mean: Infinity, low: Infinity, high: Infinity, values: [Infinity, Infinity, Infinity] }, co2eG: { mean: NaN, low: NaN, high: NaN, values: [NaN, NaN, NaN] } },
    trace: { ...p0.trace, energyJ: p0.trace.energyJ.map((e, i) => (i === 5 ? NaN : i === 6 ? Infinity : e)), responseS: [] },
  };
  const r: EvaluationResult = { ...base, runs: [{ ...run, policies: [broken, ...run.policies.slice(1)] }] };
  const dir = await fresh();
  const written = await writeEvaluationReport(r, dir);
  for (const path of written.chartPaths) assertCleanSvg(await readFile(path, 'utf8'));
  const md = await readFile(written.reportPath, 'utf8');
  assert.ok(!md.includes('NaN') && !md.includes('Infinity'));
  assert.ok(md.includes('| ∞ | — |'));
});
