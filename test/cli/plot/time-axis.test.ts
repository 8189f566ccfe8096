import assert from 'node:assert/strict';
import { test } from 'node:test';
import { timeAxis, timeUnitFor, utcInstantLabel } from '../../../src/cli/plot/time-axis.js';

test('the unit is the largest in which the span is at least two units', () => {
  const unit = (spanS: number): string => timeUnitFor(spanS).name;
  assert.equal(unit(0), 's');
  assert.equal(unit(119), 's');
  assert.equal(unit(120), 'min');
  assert.equal(unit(7199), 'min');
  assert.equal(unit(7200), 'h');
  assert.equal(unit(2 * 86_400 - 1), 'h');
  assert.equal(unit(2 * 86_400), 'd');
});

test('tick values stay in seconds while labels are in the unit; the axis spans the data exactly', () => {
  const { axis, unit } = timeAxis(0, 1800);
  assert.equal(unit.name, 'min');
  assert.equal(axis.min, 0);
  assert.equal(axis.max, 1800);
  assert.deepEqual(axis.ticks.map((t) => t.label), ['0', '10', '20', '30']);
  assert.deepEqual(axis.ticks.map((t) => t.value), [0, 600, 1200, 1800]);
  const single = timeAxis(42, 42);
  assert.ok(single.axis.min < 42 && single.axis.max > 42, 'one instant still gets a span');
});

test('epoch origins are written in UTC, with seconds only when there are any', () => {
  assert.equal(utcInstantLabel(0), '1970-01-01 00:00 UTC');
  assert.equal(utcInstantLabel(1_400_000_000), '2014-05-13 16:53:20 UTC');
  assert.equal(utcInstantLabel(86_400 + 60), '1970-01-02 00:01 UTC');
});
