/** Regenerating docs/BENCHMARKS.md keeps hand-written text. Run: node --test dist/bench/ */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resultsMarkdown, updateBenchmarksDoc } from './benchmarks-doc.js';
import { describeMachine } from './machine.js';
import { makeRecord } from './record.js';

const run = { date: '2025-01-01T00:00:00.000Z', mode: 'full' as const, durationS: 12 };
const rows = [
  makeRecord({ name: 'gemm_f32_256', value: 30, unit: 'GFLOP/s', baseline: 'tfjs', baselineValue: 20, goal: { on: 'value', op: '>=', target: 18, text: '≥ 18 GFLOP/s' } }),
  makeRecord({ name: 'skipped_row', value: null, unit: 'images/s', note: 'engine not loadable' }),
];

test('the table has one row per record, the ratio, the goal verdict and numbered notes', () => {
  const md = resultsMarkdown(rows, run);
  assert.match(md, /\| gemm_f32_256 \| 30\.0 GFLOP\/s \| tfjs \| 20\.0 GFLOP\/s \| 1\.50× \| ≥ 18 GFLOP\/s \| yes \|/);
  assert.match(md, /\| skipped_row \[1\] \| skipped \|/);
  assert.match(md, /\n1\. engine not loadable/);
});

test('regeneration replaces only the text between the markers', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'edgewatt-bench-'));
  try {
    const path = join(dir, 'BENCHMARKS.md');
    await updateBenchmarksDoc(path, rows, describeMachine(), run);
    const first = await readFile(path, 'utf8');
    assert.match(first, /<!-- bench:results:start -->[\s\S]*gemm_f32_256[\s\S]*<!-- bench:results:end -->/);
    await writeFile(path, first.replace('## Notes\n', '## Notes\n\nHand-written profile.\n'));
    await updateBenchmarksDoc(path, rows.slice(0, 1), describeMachine(), run);
    const second = await readFile(path, 'utf8');
    assert.match(second, /Hand-written profile\./);
    assert.doesNotMatch(second, /skipped_row/);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
