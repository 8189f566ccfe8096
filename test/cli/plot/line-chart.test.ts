import assert from 'node:assert/strict';
import { test } from 'node:test';
import { lineChartSvg } from '../../../src/cli/plot/line-chart.js';
import { OKABE_ITO } from '../../../src/cli/plot/palette.js';
import { allText, assertCleanSvg, labelOf, notes, seriesGroups, seriesLines, seriesPoints } from './svg-checks.js';

const opts = { title: 'Energy', xLabel: 'time (s)', yLabel: 'energy (J)' };
const ramp = (n: number, k: number) => ({ x: Array.from({ length: n }, (_, i) => i), y: Array.from({ length: n }, (_, i) => i * k) });

test('one path per series, each in its own palette colour, with axis labels and a legend', () => {
  const svg = lineChartSvg([{ name: 'fp32', ...ramp(50, 2) }, { name: 'int8', ...ramp(50, 1) }, { name: 'adaptive', ...ramp(50, 0.5) }], opts);
  const root = assertCleanSvg(svg);
  assert.equal(seriesGroups(root).length, 3);
  const lines = seriesLines(root);
  assert.equal(lines.length, 3);
  assert.deepEqual(lines.map((l) => l.attrs.get('stroke')), OKABE_ITO.slice(0, 3));
  assert.equal(labelOf(root, 'x-label'), 'time (s)');
  assert.equal(labelOf(root, 'y-label'), 'energy (J)');
  const text = allText(root);
  for (const name of ['fp32', 'int8', 'adaptive', 'Energy']) assert.ok(text.includes(name), name);
  assert.deepEqual(notes(root), []);
});

test('no series, or only empty ones: a frame that says "no data"', () => {
  for (const series of [[], [{ name: 'a', x: [], y: [] }]]) {
    const root = assertCleanSvg(lineChartSvg(series, opts));
    assert.equal(seriesLines(root).length, 0);
    assert.ok(allText(root).includes('no data'));
  }
  const root = assertCleanSvg(lineChartSvg([{ name: 'a', x: [], y: [] }], opts));
  assert.ok(allText(root).includes('a (no data)'));
});

test('a single point draws a dot, a constant series still gets a y range', () => {
  const one = assertCleanSvg(lineChartSvg([{ name: 'one', x: [3], y: [7] }], opts));
  assert.equal(seriesPoints(one).length, 1);
  assert.equal(seriesLines(one).length, 0);
  const flat = assertCleanSvg(lineChartSvg([{ name: 'flat', x: [0, 1, 2], y: [4, 4, 4] }], opts));
  assert.equal(seriesLines(flat).length, 1);
  const zero = assertCleanSvg(lineChartSvg([{ name: 'zero', x: [5, 5], y: [0, 0] }], opts));
  assert.equal(seriesLines(zero).length, 1);
});

test('NaN and ±Infinity are left out with a visible note, and the line breaks at them', () => {
  const root = assertCleanSvg(lineChartSvg([{ name: 'gappy', x: [0, 1, 2, 3, 4, Infinity], y: [1, 2, NaN, 4, 5, 6] }], opts));
  const d = seriesLines(root)[0]!.attrs.get('d')!;
  assert.equal([...d].filter((c) => c === 'M').length, 2, 'two runs either side of the NaN');
  const n = notes(root);
  assert.equal(n.length, 1);
  assert.match(n[0]!, /gappy: 2 of 6 points left out \(not a finite number\)/);
});

test('mismatched x and y lengths are paired up to the shorter, with a note', () => {
  const root = assertCleanSvg(lineChartSvg([{ name: 's', x: [0, 1, 2], y: [1, 2] }], opts));
  assert.match(notes(root)[0]!, /x has 3 values but y has 2/);
});

test('a fixed y domain clips rather than rescales', () => {
  const root = assertCleanSvg(lineChartSvg([{ name: 'soc', x: [0, 1], y: [120, -5] }], { ...opts, yDomain: [0, 100] }));
  const yTicks = allText(root).filter((t) => /^\d+$/.test(t));
  assert.ok(yTicks.includes('100') && yTicks.includes('0'));
  assert.ok(!yTicks.includes('120'));
});

test('long series are thinned so the file stays small', () => {
  const n = 50_000;
  const x = Array.from({ length: n }, (_, i) => i);
  const y = x.map((i) => Math.sin(i / 1000) + (i % 3));
  const svg = lineChartSvg([{ name: 'long', x, y }], opts);
  const root = assertCleanSvg(svg);
  const commands = [...seriesLines(root)[0]!.attrs.get('d')!].filter((c) => c === 'M' || c === 'L').length;
  assert.ok(commands <= 4 * 640, `${commands} points drawn of ${n}`);
  assert.ok(svg.length < 100_000, `${svg.length} bytes`);
});

test('text with < & " is escaped and more series than colours get dashes', () => {
  const series = Array.from({ length: 10 }, (_, i) => ({ name: i === 0 ? 'a<b & "c"' : `p${i}`, ...ramp(5, i) }));
  const svg = lineChartSvg(series, { title: 'T <&> "q"', xLabel: "x'<", yLabel: 'y&' });
  const root = assertCleanSvg(svg);
  assert.ok(svg.includes('a&lt;b &amp; &quot;c&quot;'));
  assert.ok(!svg.includes('a<b'));
  assert.ok(allText(root).includes('a<b & "c"'));
  assert.equal(labelOf(root, 'x-label'), "x'<");
  const lines = seriesLines(root);
  assert.equal(lines.length, 10);
  assert.equal(lines[8]!.attrs.get('stroke'), lines[0]!.attrs.get('stroke'));
  assert.notEqual(lines[8]!.attrs.get('stroke-dasharray'), lines[0]!.attrs.get('stroke-dasharray'));
});

test('control characters that XML forbids are replaced, not written', () => {
  const svg = lineChartSvg([{ name: 'bad\u0001name\uD800', x: [0, 1], y: [0, 1] }], opts);
  assertCleanSvg(svg);
  assert.ok(!svg.includes('\u0001'));
  assert.ok(svg.includes('bad\uFFFDname\uFFFD'));
});
