import assert from 'node:assert/strict';
import { test } from 'node:test';
import { cdfChartSvg } from '../../../src/cli/plot/cdf-chart.js';
import { allText, assertCleanSvg, labelOf, notes, seriesLines } from './svg-checks.js';
import { findAll, textContent, type XmlElement } from './well-formed-xml.js';

/** Pixel rows of the 0% and 100% tick labels (their text baseline sits 4 px below the tick). */
function findTicks(root: XmlElement): { y0: number; y100: number } {
  const at = (label: string): number => Number(findAll(root, (e) => e.name === 'text' && e.attrs.get('text-anchor') === 'end' && textContent(e) === label)[0]!.attrs.get('y')) - 4;
  return { y0: at('0'), y100: at('100') };
}

const opts = { title: 'Latency', xLabel: 'response time (ms)' };

test('one ECDF per series; a log axis when values span decades', () => {
  const wide = Array.from({ length: 200 }, (_, i) => 2 * 1.05 ** i); // 2 ms .. ~33 s
  const narrow = Array.from({ length: 200 }, (_, i) => 20 + i / 10);
  const root = assertCleanSvg(cdfChartSvg([{ name: 'a', values: wide }, { name: 'b', values: narrow }], opts));
  assert.equal(seriesLines(root).length, 2);
  assert.equal(labelOf(root, 'x-label'), 'response time (ms), log scale');
  assert.ok(allText(root).includes('1000'));
  const lin = assertCleanSvg(cdfChartSvg([{ name: 'b', values: narrow }], opts));
  assert.equal(labelOf(lin, 'x-label'), 'response time (ms)');
});

test('the ECDF climbs from 0% to 100%', () => {
  const root = assertCleanSvg(cdfChartSvg([{ name: 'a', values: [3, 1, 2, 2] }], { ...opts, logX: false }));
  const d = seriesLines(root)[0]!.attrs.get('d')!;
  const start = Number(d.slice(1).split(/[ H]/)[1]);
  const ys = d.split('V').slice(1).map((part) => Number(part.split('H')[0]));
  assert.equal(ys.length, 3, 'jumps at 1 (to 25%), at the tie 2 (to 75%, merged) and at 3 (to 100%)');
  assert.ok(ys[0]! < start, 'from 0% up');
  for (let i = 1; i < ys.length; i++) assert.ok(ys[i]! < ys[i - 1]!, 'rising on screen');
  const tops = allText(root);
  assert.ok(tops.includes('100') && tops.includes('0'));
});

test('NaN is left out; zeros count in the shares but are not drawn on a log axis, each with a note', () => {
  const root = assertCleanSvg(cdfChartSvg([{ name: 'a', values: [0, 5, NaN, 50] }], { ...opts, logX: true }));
  assert.equal(notes(root)[0]!, 'Note: a: 1 of 4 points left out (not a finite number); 1 value ≤ 0 not shown on the log axis (counted in the shares)');
  // The curve starts at 1/3 (the zero's share), not at 0%: its first y is a third of the way up.
  const d = seriesLines(root)[0]!.attrs.get('d')!;
  const y0 = Number(d.slice(1).split(/[ H]/)[1]);
  const ticks = findTicks(root);
  const frac = (ticks.y0 - y0) / (ticks.y0 - ticks.y100);
  assert.ok(Math.abs(frac - 1 / 3) < 0.01, `starts at ${frac}`);
  const one = assertCleanSvg(cdfChartSvg([{ name: 'one', values: [7] }], opts));
  assert.equal(seriesLines(one).length, 1);
  const none = assertCleanSvg(cdfChartSvg([{ name: 'x', values: [] }], opts));
  assert.ok(allText(none).includes('no data'));
});
