import assert from 'node:assert/strict';
import { test } from 'node:test';
import { axisFraction, categoryAxis, fixedAxis, formatTickValue, linearAxis, logAxis } from '../../../src/cli/plot/axis.js';

test('log axes run over whole decades, with 1-2-5 ticks on short ranges and thinned labels on long ones', () => {
  const short = logAxis(3, 70);
  assert.equal(short.min, 1);
  assert.equal(short.max, 100);
  assert.deepEqual(short.ticks.map((t) => t.label), ['1', '2', '5', '10', '20', '50', '100']);
  const long = logAxis(1e-3, 1e9);
  assert.ok(long.ticks.length <= 9, `${long.ticks.length} ticks`);
  assert.equal(long.ticks[0]!.label, '0.001');
  assert.equal(long.ticks[long.ticks.length - 1]!.label, '1e9');
  assert.equal(axisFraction(short, 10), 0.5);
  assert.throws(() => logAxis(0, 10), RangeError);
});

test('linear axes include zero on request; fixed axes keep their range', () => {
  const a = linearAxis(40, 90, { includeZero: true });
  assert.equal(a.min, 0);
  const f = fixedAxis(0, 100);
  assert.equal(f.min, 0);
  assert.equal(f.max, 100);
  assert.deepEqual(f.ticks.map((t) => t.value), [0, 20, 40, 60, 80, 100]);
});

test('category axes put the first category at the top', () => {
  const c = categoryAxis(['fp32', 'int8', 'int4']);
  assert.deepEqual(c.ticks.map((t) => t.label), ['fp32', 'int8', 'int4']);
  assert.ok(axisFraction(c, 0) > axisFraction(c, 2)); // fraction 1 = top of the plot
});

test('tick labels: fixed decimals normally, exponent form for very large or very small values', () => {
  assert.equal(formatTickValue(0.5, 1), '0.5');
  assert.equal(formatTickValue(2500000, 0), '2.5e6');
  assert.equal(formatTickValue(1.5e-7, 8), '1.5e-7');
  assert.equal(formatTickValue(0, 3), '0');
});
