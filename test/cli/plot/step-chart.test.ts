import assert from 'node:assert/strict';
import { test } from 'node:test';
import { stepChartSvg } from '../../../src/cli/plot/step-chart.js';
import { allText, assertCleanSvg, labelOf, notes, seriesLines } from './svg-checks.js';

const actions = ['fp32@1.5GHz', 'int8@1.5GHz', 'int8@600MHz'];
const opts = { title: 'Precision', xLabel: 'time (s)', yLabel: 'action', categories: actions };

test('one step path per policy; the action names are the y tick labels', () => {
  const series = ['fixed', 'rule', 'adaptive'].map((name, k) => ({ name, x: [0, 10, 20, 30], level: [0, k % 3, (k + 1) % 3, 2] }));
  const root = assertCleanSvg(stepChartSvg(series, opts));
  const lines = seriesLines(root);
  assert.equal(lines.length, 3);
  for (const l of lines) assert.match(l.attrs.get('d')!, /^M[\d.]+ [\d.]+H/); // steps: horizontal then vertical moves
  const text = allText(root);
  for (const a of actions) assert.ok(text.includes(a), a);
  assert.equal(labelOf(root, 'y-label'), 'action');
});

test('the best action (rank 0) is drawn at the top', () => {
  const root = assertCleanSvg(stepChartSvg([{ name: 'p', x: [0, 1], level: [0, 2] }], opts));
  const d = seriesLines(root)[0]!.attrs.get('d')!;
  const firstY = Number(d.slice(1).split(/[ H]/)[1]);
  const lastY = Number(d.split('V').pop());
  assert.ok(firstY < lastY, `${firstY} above ${lastY}`);
});

test('levels outside the ladder, fractional or NaN are left out with a note', () => {
  const root = assertCleanSvg(stepChartSvg([{ name: 'p', x: [0, 1, 2, 3, 4], level: [0, 3, 1.5, NaN, 1] }], opts));
  assert.match(notes(root)[0]!, /p: 3 of 5 points left out/);
  assert.equal(seriesLines(root).length, 0, 'only lone points remain');
});

test('no actions and no data still make a valid chart', () => {
  const root = assertCleanSvg(stepChartSvg([{ name: 'p', x: [], level: [] }], { ...opts, categories: [] }));
  assert.ok(allText(root).includes('no data'));
});

test('a long action name is cut on the axis and kept whole as a tooltip', () => {
  const long = 'mobilenet-v2-1.0-224-int8-per-channel@cpufreq-600MHz';
  const svg = stepChartSvg([{ name: 'p', x: [0, 1], level: [0, 0] }], { ...opts, categories: [long] });
  const root = assertCleanSvg(svg);
  assert.ok(allText(root).some((t) => t.startsWith(long) && t.endsWith('…')));
});
