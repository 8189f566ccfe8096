import assert from 'node:assert/strict';
import { test } from 'node:test';
import { chartFileNames } from '../../../src/cli/report/chart-files.js';
import { formatEvaluationMarkdown, PARTIAL_BANNER } from '../../../src/cli/report/evaluation-markdown.js';
import { goalSentence } from '../../../src/cli/report/headline-goals.js';
import { POLICIES, syntheticResult } from './evaluation-fixture.js';

test('title, set-up, headline table and the verdict sentence', () => {
  const r = syntheticResult();
  const md = formatEvaluationMarkdown(r, chartFileNames(r));
  assert.ok(md.startsWith('# Evaluation: har-office-day\n'));
  assert.ok(md.includes('- Duration: 1.0 h of device time per run (3600 s)'));
  assert.ok(md.includes('- Seeds: 3 (1, 2, 3)'));
  assert.ok(md.includes('- Grid intensity: 400 g CO₂e/kWh'));
  assert.ok(md.includes('| energy saving vs static fp32 | 45.2% | ≥ 40% | yes |'));
  assert.ok(md.includes('| p50 latency saving vs static fp32 | 38.1% | ≥ 35% | yes |'));
  assert.ok(md.includes('| accuracy loss vs static fp32 | 0.8 pt | ≤ 1 pt | yes |'));
  assert.ok(md.includes('| energy saving vs best heuristic | 8.2% | ≥ 10% | no |'));
  assert.ok(md.includes("| share of the oracle's saving reached | 93.0% | ≥ 90% | yes |"));
  assert.ok(md.includes('**adaptive** met 4 of 5 goals ('));
  assert.ok(md.includes('it missed ≥ 10% less energy than the best heuristic (got 8.2%).'));
  assert.ok(md.includes('## Notes\n\n- Energy is modelled from the device profile, not measured.\n- Harvest is synthetic.\n'));
});

test('one metrics row per policy per device run, with intervals and the policy under test marked', () => {
  const r = syntheticResult();
  const md = formatEvaluationMarkdown(r, chartFileNames(r));
  for (const run of r.runs) assert.ok(md.includes(`## ${run.workload} on ${run.device}`));
  for (const p of POLICIES) {
    const rows = md.split('\n').filter((l) => l.startsWith(`| ${p === 'adaptive' ? '**adaptive** (under test)' : p} |`));
    assert.equal(rows.length, 2, p);
    for (const row of rows) assert.equal(row.split(' | ').length, 10, row);
  }
  assert.ok(md.includes('| static-fp32 | 12.0 ± 1.5 | 1800 ± 225 | 20.0 ± 2.5 | 80.0 ± 10.0 | 200 ± 25 | 5.00 ± 0.62 | 92.00 ± 0.46 | 30.0 ± 3.8 | 0.200 ± 0.025 |'));
  assert.ok(md.includes('Ran out of energy: static-fp32 in 1 of 3 seeds.'));
  assert.ok(!md.includes('NaN') && !md.includes('undefined'));
});

test('the PARTIAL banner appears only for a partial result', () => {
  const whole = syntheticResult();
  assert.ok(!formatEvaluationMarkdown(whole, []).includes('PARTIAL'));
  const partial = formatEvaluationMarkdown(syntheticResult({ partial: true }), []);
  assert.ok(partial.includes(`\n\n${PARTIAL_BANNER}\n\n`));
  assert.ok(partial.includes('provisional, the evaluation is partial.'));
});

test('four chart links per run, or none when no chart paths are given; a wrong count is an error', () => {
  const r = syntheticResult();
  const md = formatEvaluationMarkdown(r, chartFileNames(r));
  assert.equal(md.split('](charts/').length - 1, 8);
  assert.ok(md.includes('![Precision timeline, har on esp32-s3](charts/har-esp32-s3-precision.svg)'));
  assert.equal(formatEvaluationMarkdown(r, []).split('](').length - 1, 0);
  assert.throws(() => formatEvaluationMarkdown(r, chartFileNames(r).slice(1)), /chartPaths has 1 entries but the result has 2 runs/);
});

test('names with Markdown or HTML characters are shown literally', () => {
  const r = syntheticResult({ scenario: 'a<b & "c" | *d*', policyUnderTest: '<script>', notes: ['x <img src=y> & z'] });
  const md = formatEvaluationMarkdown(r, []);
  assert.ok(md.includes('# Evaluation: a&lt;b &amp; "c" \\| \\*d\\*'));
  assert.ok(md.includes('- x &lt;img src=y&gt; &amp; z'));
  assert.ok(!md.includes('<script>') && !md.includes('<img'));
});

test('without an oracle the last goal cannot be judged, and the sentence says so', () => {
  const base = syntheticResult();
  const r = syntheticResult({ headline: { ...base.headline, oracle_fraction: null, energy_saving_vs_best_heuristic: 0.15 } });
  const md = formatEvaluationMarkdown(r, []);
  assert.ok(md.includes("| share of the oracle's saving reached | — | ≥ 90% | n/a |"));
  assert.equal(
    goalSentence(r, 'adaptive'),
    "adaptive met 4 of 4 goals it could be judged on (≥ 40% less energy than static fp32, ≥ 35% lower p50 latency than static fp32, at most 1 point of accuracy lost and ≥ 10% less energy than the best heuristic); within 10% of the oracle's saving could not be judged (no oracle in this evaluation).",
  );
  const all = syntheticResult({ headline: { ...base.headline, energy_saving_vs_best_heuristic: 0.15 } });
  assert.match(goalSentence(all, 'adaptive'), /^adaptive met all 5 goals: /);
});

test("each run's quality column and ladder line name what the ladder's quality is: accuracy for top-1, the metric otherwise", () => {
  const base = syntheticResult();
  const r = syntheticResult({ runs: [base.runs[0]!, { ...base.runs[1]!, ladder: 'ecg-vae', qualityMetric: 'roc-auc' }] });
  const md = formatEvaluationMarkdown(r, []);
  const headers = md.split('\n').filter((l) => l.startsWith('| policy |'));
  assert.equal(headers.length, 2);
  assert.match(headers[0]!, /\| misses \(%\) \| accuracy \(%\) \| battery life/);
  assert.match(headers[1]!, /\| misses \(%\) \| roc-auc \(×100\) \| battery life/);
  assert.match(md, /Ladder har-cnn1d \(quality: top1\): /);
  assert.match(md, /Ladder ecg-vae \(quality: roc-auc\): /);
});
