import assert from 'node:assert/strict';
import { test } from 'node:test';
import { scoreTimelineChartSvg, type ScoreTimelineChartOptions } from '../../../src/cli/plot/score-timeline-chart.js';
import { allText, assertCleanSvg, labelOf, notes } from './svg-checks.js';
import { byClass, findAll, textContent, type XmlElement } from './well-formed-xml.js';

const panelsOf = (root: XmlElement): XmlElement[] => findAll(root, byClass('panel'));
const count = (el: XmlElement, cls: string): number => findAll(el, byClass(cls)).length;
/** Pixel row of a panel's y tick labelled `label` (its text baseline sits 4 px below the tick). */
const yOfTick = (panel: XmlElement, label: string): number =>
  Number(findAll(panel, (e) => e.name === 'text' && e.attrs.get('text-anchor') === 'end' && textContent(e) === label)[0]!.attrs.get('y')) - 4;
/** The points of a path's "Mx yLx y…" data. */
const pathPoints = (d: string): { x: number; y: number }[] =>
  d.split(/[ML]/).filter((s) => s !== '').map((s) => {
    const [x, y] = s.split(' ').map(Number);
    return { x: x!, y: y! };
  });
/** The x tick labels of one panel: centred texts without a class (the axis titles and messages have one). */
const xTickLabels = (panel: XmlElement): string[] => findAll(panel, (e) => e.name === 'text' && e.attrs.get('text-anchor') === 'middle' && !e.attrs.has('class')).map(textContent);

const ramp = (n: number): { timeS: number[]; score: Float64Array } => ({
  timeS: Array.from({ length: n }, (_, i) => i),
  score: Float64Array.from({ length: n }, (_, i) => i / (n - 1)),
});

test('a signal panel above the score: bands under the line, a dashed threshold, one triangle per detection', () => {
  const n = 600;
  const { timeS, score } = ramp(n);
  const signal = { values: Float32Array.from({ length: n }, (_, i) => Math.sin(i / 7)), label: 'MLII (mV)' };
  const windows = [{ startS: 50, endS: 80, label: 'V' }, { startS: 200, endS: 260 }, { startS: 400, endS: 401, label: 'A' }];
  const root = assertCleanSvg(scoreTimelineChartSvg({ title: 'ECG', timeS, score, threshold: 0.7, windows, detectionsS: [70, 450], signal }));
  const [top, bottom] = panelsOf(root);
  assert.equal(panelsOf(root).length, 2);
  assert.equal(count(top!, 'signal-line'), 1);
  assert.equal(count(top!, 'anomaly-window'), 3, 'the windows are shaded behind the signal too');
  assert.equal(count(top!, 'score-line') + count(top!, 'detection') + count(top!, 'threshold'), 0);
  assert.equal(count(bottom!, 'score-line'), 1);
  assert.equal(count(bottom!, 'anomaly-window'), 3);
  assert.equal(count(bottom!, 'detection'), 2);
  assert.equal(count(bottom!, 'threshold'), 1);
  assert.equal(findAll(bottom!, byClass('threshold'))[0]!.attrs.get('stroke-dasharray'), '6 3');
  assert.deepEqual(findAll(bottom!, byClass('window-label')).map(textContent), ['V', 'A']);
  // Drawn in order: bands, then the score line over them, then the markers.
  const order = findAll(bottom!, (e) => ['anomaly-window', 'score-line', 'detection'].some((c) => byClass(c)(e))).map((e) => e.attrs.get('class'));
  assert.deepEqual(order, ['anomaly-window', 'anomaly-window', 'anomaly-window', 'score-line', 'detection', 'detection']);
  // The panels share the time axis: only the lower one labels it.
  assert.equal(xTickLabels(top!).length, 0);
  assert.ok(xTickLabels(bottom!).length >= 3);
  assert.deepEqual(findAll(root, byClass('y-label')).map(textContent), ['MLII (mV)', 'anomaly score']);
  const legend = findAll(findAll(root, byClass('legend'))[0]!, (e) => e.name === 'text').map(textContent);
  assert.deepEqual(legend, ['MLII (mV)', 'anomaly score', 'threshold 0.7', 'labelled anomaly', 'detection']);
  assert.deepEqual(notes(root), []);
  const alone = assertCleanSvg(scoreTimelineChartSvg({ title: 'ECG', timeS, score }));
  assert.equal(panelsOf(alone).length, 1);
  assert.equal(count(alone, 'anomaly-window') + count(alone, 'detection') + count(alone, 'threshold'), 0);
});

test('a 100k-point score is thinned per pixel column and a one-sample spike keeps its full height', () => {
  const n = 100_000;
  const timeS = Float64Array.from({ length: n }, (_, i) => i / 360);
  const score = Float32Array.from({ length: n }, (_, i) => 0.5 + 0.4 * Math.sin(i / 900));
  score[54_321] = 10;
  const width = 800;
  const svg = scoreTimelineChartSvg({ title: 'spike', timeS, score, width });
  const root = assertCleanSvg(svg);
  const panel = panelsOf(root)[0]!;
  const points = pathPoints(findAll(panel, byClass('score-line'))[0]!.attrs.get('d')!);
  assert.ok(points.length <= 4 * width, `${points.length} points drawn of ${n}`);
  assert.ok(svg.length < 100_000, `${svg.length} bytes`);
  const top = Math.min(...points.map((p) => p.y));
  assert.ok(Math.abs(top - yOfTick(panel, '10')) < 0.02, `the spike reaches y = ${top}, the 10 tick is at ${yOfTick(panel, '10')}`);
  assert.equal(points.filter((p) => p.y === top).length, 1, 'one sample reaches it');
});

test('each detection triangle has its tip on the score line, interpolated between samples', () => {
  const { timeS, score } = ramp(11); // score = t / 10 for t = 0..10 s
  const root = assertCleanSvg(scoreTimelineChartSvg({ title: 't', timeS, score, detectionsS: [2.5, 2.5, 7] }));
  const panel = panelsOf(root)[0]!;
  const tips = findAll(panel, byClass('detection')).map((e) => pathPoints(e.attrs.get('d')!.replace('Z', ''))[0]!);
  assert.equal(tips.length, 2, 'two detections on the same pixel are drawn once');
  const y0 = yOfTick(panel, '0');
  const y1 = yOfTick(panel, '1.0');
  assert.ok(Math.abs(tips[0]!.y - (y0 + (y1 - y0) * 0.25)) < 0.02, `tip at ${tips[0]!.y}`);
  assert.ok(Math.abs(tips[1]!.y - (y0 + (y1 - y0) * 0.7)) < 0.02, `tip at ${tips[1]!.y}`);
});

test('the time axis reads in s, min, h or days, and epoch times are shown from their first sample in UTC', () => {
  const chart = (timeS: number[]): XmlElement => assertCleanSvg(scoreTimelineChartSvg({ title: 't', timeS, score: timeS.map((_, i) => i % 3) }));
  const span = (end: number, k = 50): number[] => Array.from({ length: k + 1 }, (_, i) => (i * end) / k);
  assert.equal(labelOf(chart(span(90)), 'x-label'), 'time (s)');
  const ecg = chart(span(1800));
  assert.equal(labelOf(ecg, 'x-label'), 'time (min)');
  assert.deepEqual(xTickLabels(panelsOf(ecg)[0]!), ['0', '10', '20', '30']);
  assert.equal(labelOf(chart(span(5 * 3600)), 'x-label'), 'time (h)');
  assert.equal(labelOf(chart(span(14 * 86_400)), 'x-label'), 'time (d)');
  const nab = chart(span(14 * 86_400).map((t) => 1_400_000_000 + t));
  assert.equal(labelOf(nab, 'x-label'), 'time since 2014-05-13 16:53:20 UTC (d)');
  assert.deepEqual(xTickLabels(panelsOf(nab)[0]!), ['0', '5', '10']);
});

test('non-finite scores break the line with a note; windows and detections off the time axis are counted', () => {
  const { timeS, score } = ramp(50);
  score[20] = NaN;
  const root = assertCleanSvg(scoreTimelineChartSvg({ title: 't', timeS, score, windows: [{ startS: 100, endS: 120 }, { startS: 10, endS: 12 }], detectionsS: [-5, 30] }));
  const d = findAll(root, byClass('score-line'))[0]!.attrs.get('d')!;
  assert.equal([...d].filter((c) => c === 'M').length, 2);
  assert.deepEqual(notes(root), [
    'Note: anomaly score: 1 of 50 points left out (not a finite number)',
    'Note: 1 labelled window outside the time range not shown',
    'Note: 1 detection outside the time range not shown',
  ]);
  assert.equal(count(root, 'anomaly-window'), 1);
  assert.equal(count(root, 'detection'), 1);
  const none = assertCleanSvg(scoreTimelineChartSvg({ title: 't', timeS: [0, 1, 2], score: [NaN, NaN, NaN], threshold: 0.5 }));
  assert.ok(allText(none).includes('no finite scores'));
  assert.ok(allText(none).includes('anomaly score (no data)'));
  const one = assertCleanSvg(scoreTimelineChartSvg({ title: 't', timeS: [5], score: [0.3] }));
  assert.equal(count(one, 'score-line-point'), 1, 'a single sample is a dot');
});

test('bad input throws a RangeError naming the field', () => {
  const base: ScoreTimelineChartOptions = { title: 't', timeS: [0, 1, 2, 3], score: [0, 1, 0, 1] };
  const cases: [ScoreTimelineChartOptions, RegExp][] = [
    [{ ...base, timeS: [], score: [] }, /timeS is empty/],
    [{ ...base, score: [0, 1, 2] }, /score has 3 values but timeS has 4/],
    [{ ...base, timeS: [0, 2, 1, 3] }, /timeS\[2\] = 1 is before timeS\[1\] = 2/],
    [{ ...base, timeS: [0, NaN, 2, 3] }, /timeS\[1\] is not a finite number/],
    [{ ...base, threshold: NaN }, /threshold must be a finite number/],
    [{ ...base, windows: [{ startS: 0, endS: 1 }, { startS: 3, endS: 2 }] }, /windows\[1\] ends \(endS = 2\) before it starts/],
    [{ ...base, detectionsS: [1, Infinity] }, /detectionsS\[1\] is not a finite number/],
    [{ ...base, signal: { values: [1, 2], label: 's' } }, /signal\.values has 2 samples but timeS has 4/],
  ];
  for (const [input, message] of cases) assert.throws(() => scoreTimelineChartSvg(input), (e: unknown) => e instanceof RangeError && message.test(e.message) && e.message.startsWith('scoreTimelineChartSvg: '));
});

test('text with <&> is escaped everywhere, and the output is deterministic', () => {
  const input: ScoreTimelineChartOptions = {
    title: 'score <&> time',
    timeS: [0, 1, 2, 3, 4],
    score: [0, 0.2, 0.9, 0.1, 0],
    threshold: 0.5,
    windows: [{ startS: 1.5, endS: 2.5, label: 'a<b & "c"' }],
    signal: { values: [1, 2, 3, 2, 1], label: "x'<" },
    yLabel: 'y&',
  };
  const svg = scoreTimelineChartSvg(input);
  const root = assertCleanSvg(svg);
  assert.ok(svg.includes('score &lt;&amp;&gt; time'));
  assert.ok(!svg.includes('<&>') && !svg.includes('a<b'));
  const text = allText(root);
  for (const t of ['score <&> time', 'a<b & "c"', "x'<", 'y&']) assert.ok(text.includes(t), t);
  assert.equal(scoreTimelineChartSvg(input), svg);
});
