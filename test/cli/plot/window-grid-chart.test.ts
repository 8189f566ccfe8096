import assert from 'node:assert/strict';
import { test } from 'node:test';
import { windowGridChartSvg, type WindowPanel } from '../../../src/cli/plot/window-grid-chart.js';
import { allText, assertCleanSvg, labelOf, notes } from './svg-checks.js';
import { byClass, findAll, textContent, type XmlElement } from './well-formed-xml.js';

const constant = (n: number, v: number): Float32Array => new Float32Array(n).fill(v);
const wave = (n: number, amp: number, phase: number): Float32Array => Float32Array.from({ length: n }, (_, i) => amp * Math.sin(i / 5 + phase));
const panelsOf = (root: XmlElement): XmlElement[] => findAll(root, byClass('panel'));
const count = (el: XmlElement, cls: string): number => findAll(el, byClass(cls)).length;
/** The y tick labels of one panel (right-aligned texts left of its axis). */
const yTicks = (panel: XmlElement): string[] => findAll(panel, (e) => e.name === 'text' && e.attrs.get('text-anchor') === 'end').map(textContent);
/** Pixel row of a panel's y tick labelled `label` (its text baseline sits 4 px below the tick). */
const yOfTick = (panel: XmlElement, label: string): number =>
  Number(findAll(panel, (e) => e.name === 'text' && e.attrs.get('text-anchor') === 'end' && textContent(e) === label)[0]!.attrs.get('y')) - 4;
/** Every y coordinate in a path's "Mx yLx y…" data. */
const pathYs = (d: string): number[] => d.split(/[ML]/).filter((s) => s !== '').map((s) => Number(s.split(' ')[1]));

test('one panel per group, each with its real and synthetic windows, their means, and a title; a real/synthetic legend', () => {
  const panels: WindowPanel[] = ['walking', 'running', 'sitting'].map((title, k) => ({
    title,
    real: [0, 1, 2].map((j) => wave(64, k + 1, j)),
    synthetic: [0, 1].map((j) => wave(64, k + 1, j + 0.5)),
  }));
  const root = assertCleanSvg(windowGridChartSvg({ title: 'HAR', panels, sampleRateHz: 50, yLabel: 'acceleration x (g)' }));
  const ps = panelsOf(root);
  assert.equal(ps.length, 3);
  for (const p of ps) {
    assert.equal(count(p, 'window-real'), 3);
    assert.equal(count(p, 'window-synthetic'), 2);
    assert.equal(count(p, 'mean-real'), 1);
    assert.equal(count(p, 'mean-synthetic'), 1);
    assert.equal(count(p, 'panel-message'), 0);
  }
  assert.deepEqual(findAll(root, byClass('panel-title')).map(textContent), ['walking', 'running', 'sitting']);
  const legend = findAll(findAll(root, byClass('legend'))[0]!, (e) => e.name === 'text').map(textContent);
  assert.deepEqual(legend, ['real', 'synthetic', 'real mean', 'synthetic mean']);
  assert.equal(labelOf(root, 'x-label'), 'time in window (s)');
  assert.equal(labelOf(root, 'y-label'), 'acceleration x (g)');
  assert.deepEqual(notes(root), []);
  // 64 samples at 50 Hz span 1.26 s: the x axis is in seconds, not samples.
  const xTicks = findAll(ps[0]!, (e) => e.name === 'text' && e.attrs.get('text-anchor') === 'middle' && !e.attrs.has('class')).map(textContent);
  const xs = xTicks.map(Number);
  assert.ok(xs.includes(1) && Math.max(...xs) <= 1.26, xTicks.join(','));
  const noMean = assertCleanSvg(windowGridChartSvg({ title: 'HAR', panels, showMean: false }));
  assert.equal(count(noMean, 'mean-real') + count(noMean, 'mean-synthetic'), 0);
  assert.equal(labelOf(noMean, 'x-label'), 'sample');
});

test('a panel missing one kind draws the other and says what is missing', () => {
  const panels: WindowPanel[] = [
    { title: 'walking', real: [wave(32, 1, 0), wave(32, 1, 1)], synthetic: [] },
    { title: 'laying', real: [], synthetic: [wave(32, 1, 0)] },
    { title: 'empty', real: [], synthetic: [] },
  ];
  const root = assertCleanSvg(windowGridChartSvg({ title: 't', panels }));
  const ps = panelsOf(root);
  assert.deepEqual(ps.map((p) => findAll(p, byClass('panel-message')).map(textContent).join()), ['no synthetic windows', 'no real windows', 'no windows']);
  assert.deepEqual(ps.map((p) => count(p, 'window-real')), [2, 0, 0]);
  assert.deepEqual(ps.map((p) => count(p, 'window-synthetic')), [0, 1, 0]);
  assert.deepEqual(ps.map((p) => count(p, 'mean-real') + count(p, 'mean-synthetic')), [1, 0, 0], 'no mean of a single window');
  const onlyReal = assertCleanSvg(windowGridChartSvg({ title: 't', panels: [panels[0]!] }));
  assert.ok(allText(onlyReal).includes('synthetic (no data)'));
});

test('at most maxWindowsDrawn windows are drawn, but the mean is over every window', () => {
  // Window j is the constant j²: the mean over all 20 is 123.5; over the 8 drawn (0, 3, 5, 8, 11, 14, 16, 19) it would be 129.
  const real = Array.from({ length: 20 }, (_, j) => constant(10, j * j));
  const root = assertCleanSvg(windowGridChartSvg({ title: 't', panels: [{ title: 'p', real, synthetic: [] }] }));
  const panel = panelsOf(root)[0]!;
  assert.equal(count(panel, 'window-real'), 8);
  assert.match(notes(root)[0]!, /at most 8 windows of each kind drawn per panel/);
  const y0 = yOfTick(panel, '0');
  const y400 = yOfTick(panel, '400');
  const meanY = pathYs(findAll(panel, byClass('mean-real'))[0]!.attrs.get('d')!);
  const expected = y0 + ((y400 - y0) * 123.5) / 400;
  for (const y of meanY) assert.ok(Math.abs(y - expected) < 0.02, `mean drawn at ${y}, expected ${expected}`);
  const two = assertCleanSvg(windowGridChartSvg({ title: 't', panels: [{ title: 'p', real, synthetic: [] }], maxWindowsDrawn: 2 }));
  assert.equal(count(two, 'window-real'), 2);
});

test('y ranges are shared across the chart by default, or per panel on request', () => {
  const panels: WindowPanel[] = [
    { title: 'quiet', real: [wave(40, 1, 0)], synthetic: [wave(40, 1, 1)] },
    { title: 'loud', real: [wave(40, 100, 0)], synthetic: [wave(40, 100, 1)] },
  ];
  const shared = panelsOf(assertCleanSvg(windowGridChartSvg({ title: 't', panels })));
  assert.deepEqual(yTicks(shared[0]!), yTicks(shared[1]!));
  const own = panelsOf(assertCleanSvg(windowGridChartSvg({ title: 't', panels, sharedY: 'panel' })));
  assert.notDeepEqual(yTicks(own[0]!), yTicks(own[1]!));
  assert.equal(Math.max(...yTicks(own[0]!).map(Number)), 1);
  assert.equal(Math.max(...yTicks(own[1]!).map(Number)), 100);
  const byRow = panelsOf(assertCleanSvg(windowGridChartSvg({ title: 't', panels: [...panels, ...panels], columns: 2, sharedY: 'row' })));
  assert.deepEqual(yTicks(byRow[0]!), yTicks(byRow[1]!));
});

test('columns sets the grid: one column stacks the panels', () => {
  const panels: WindowPanel[] = ['a', 'b', 'c'].map((title) => ({ title, real: [wave(20, 1, 0)], synthetic: [wave(20, 1, 1)] }));
  const titles = findAll(assertCleanSvg(windowGridChartSvg({ title: 't', panels, columns: 1 })), byClass('panel-title'));
  assert.equal(new Set(titles.map((t) => t.attrs.get('x'))).size, 1);
  const ys = titles.map((t) => Number(t.attrs.get('y')));
  assert.ok(ys[0]! < ys[1]! && ys[1]! < ys[2]!);
  const row = findAll(assertCleanSvg(windowGridChartSvg({ title: 't', panels })), byClass('panel-title'));
  assert.equal(new Set(row.map((t) => t.attrs.get('y'))).size, 1, 'three panels default to one row');
});

test('non-finite samples are left out with a note and break the line', () => {
  const w = wave(30, 1, 0);
  w[10] = NaN;
  const root = assertCleanSvg(windowGridChartSvg({ title: 't', panels: [{ title: 'p', real: [w], synthetic: [wave(30, 1, 1)] }] }));
  const d = findAll(root, byClass('window-real'))[0]!.attrs.get('d')!;
  assert.equal([...d].filter((c) => c === 'M').length, 2);
  assert.deepEqual(notes(root), ['Note: p, real: 1 of 30 samples left out (not a finite number)']);
});

test('bad input throws a RangeError naming the field', () => {
  const ok = wave(6, 1, 0);
  const cases: [Parameters<typeof windowGridChartSvg>[0], RegExp][] = [
    [{ title: 't', panels: [] }, /panels is empty/],
    [{ title: 't', panels: [{ title: 'p', real: [ok], synthetic: [ok, wave(5, 1, 0)] }] }, /panels\[0\]\.synthetic\[1\] has 5 samples but panels\[0\]\.real\[0\] has 6/],
    [{ title: 't', panels: [{ title: 'p', real: [ok], synthetic: [] }, { title: 'q', real: [new Float32Array(0)], synthetic: [] }] }, /panels\[1\]\.real\[0\] is empty/],
    [{ title: 't', panels: [{ title: 'p', real: [ok], synthetic: [] }], sampleRateHz: 0 }, /sampleRateHz must be a positive/],
    [{ title: 't', panels: [{ title: 'p', real: [ok], synthetic: [] }], columns: 1.5 }, /columns must be a positive integer/],
    [{ title: 't', panels: [{ title: 'p', real: [ok], synthetic: [] }], maxWindowsDrawn: 0 }, /maxWindowsDrawn/],
  ];
  for (const [input, message] of cases) assert.throws(() => windowGridChartSvg(input), (e: unknown) => e instanceof RangeError && message.test(e.message) && e.message.startsWith('windowGridChartSvg: '));
});

test('titles with <&> are escaped, and the output is deterministic', () => {
  const input = { title: 'real <&> synthetic', panels: [{ title: 'a<b & "c"', real: [wave(12, 1, 0)], synthetic: [wave(12, 1, 1)] }], yLabel: "x'<" };
  const svg = windowGridChartSvg(input);
  const root = assertCleanSvg(svg);
  assert.ok(svg.includes('real &lt;&amp;&gt; synthetic'));
  assert.ok(!svg.includes('<&>') && !svg.includes('a<b'));
  assert.ok(allText(root).includes('real <&> synthetic'));
  assert.equal(textContent(findAll(root, byClass('panel-title'))[0]!), 'a<b & "c"');
  assert.equal(windowGridChartSvg(input), svg);
});
