/**
 * The fallback wrapper: a real meter whose files are deleted mid-run hands
 * over to the model with one log line, the joules continuing monotonically
 * from the last real reading and flagged as an estimate from then on.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Meter } from '../../../src/energy/meters/index.js';
import { FallbackMeter, HwmonMeter, listIna3221Rails, MeterError, ModelMeter } from '../../../src/energy/meters/index.js';
import { meterSuite } from './meter-suite.js';
import { ManualClock, TempSysfsTree } from './sysfs-tree.js';

const JP5_DIR = '/sys/bus/i2c/drivers/ina3221/1-0040/hwmon/hwmon3';

/** VDD_IN at 5 V × 1 A = 5 W measured; the model says 3 W. */
function jetsonWithModel(clock: ManualClock): { tree: TempSysfsTree; primary: Meter; model: ModelMeter } {
  const tree = new TempSysfsTree().setAll(JP5_DIR, { name: 'ina3221', in1_label: 'VDD_IN', in1_input: 5000, curr1_input: 1000 });
  const primary = new HwmonMeter(listIna3221Rails({ fs: tree.reader })[0]!, { fs: tree.reader, now: clock.now });
  const model = new ModelMeter({ name: 'model:jetson-orin-nano', powerW: () => 3, now: clock.now });
  return { tree, primary, model };
}

meterSuite('FallbackMeter (healthy primary)', () => {
  const clock = new ManualClock();
  const { tree, primary, model } = jetsonWithModel(clock);
  const meter = new FallbackMeter({ primary, fallback: model, log: () => assert.fail('no switch expected') });
  let tS = 0;
  return {
    meter,
    advance: () => {
      tS += 1;
      clock.advance(1);
    },
    expectedJ: () => 5 * tS,
    scope: 'board',
    estimate: false,
    dispose: () => tree.dispose(),
  };
});

/** The rail's files vanish after the second step: 5 W measured up to there, the model's 3 W after. */
meterSuite('FallbackMeter (primary vanishes at step 3)', () => {
  const clock = new ManualClock();
  const { tree, primary, model } = jetsonWithModel(clock);
  const meter = new FallbackMeter({ primary, fallback: model, log: () => {} });
  let steps = 0;
  return {
    meter,
    advance: () => {
      steps += 1;
      clock.advance(1);
      if (steps === 3) tree.remove('/sys/bus/i2c/drivers/ina3221/1-0040');
    },
    expectedJ: () => (steps <= 2 ? 5 * steps : 10 + 3 * (steps - 2)),
    scope: 'board',
    estimate: false,
    dispose: () => tree.dispose(),
  };
});

test('fallback: files deleted mid-run → one log line naming the path, estimate from then on, joules continue from the last real reading', () => {
  const clock = new ManualClock();
  const { tree, primary, model } = jetsonWithModel(clock);
  const lines: string[] = [];
  try {
    const meter = new FallbackMeter({ primary, fallback: model, log: (line) => lines.push(line) });
    clock.advance(1);
    assert.equal(meter.read(), 5);
    clock.advance(1);
    assert.equal(meter.read(), 10);
    assert.equal(meter.estimate, false);
    assert.equal(meter.scope, 'board');

    tree.remove('/sys/bus/i2c/drivers/ina3221/1-0040');
    // Two seconds pass before the next read: the model covers them from the last good reading.
    clock.advance(2);
    assert.equal(meter.read(), 16);
    assert.equal(lines.length, 1);
    assert.match(lines[0]!, /^meter ina3221:VDD_IN failed \(ina3221:VDD_IN: \/sys\/bus\/i2c\/drivers\/ina3221\/1-0040\/hwmon\/hwmon3\/in1_input: missing/);
    assert.match(lines[0]!, /switching to model:jetson-orin-nano: energy from here on is an ESTIMATE, continuing from 10\.000 J measured/);
    assert.equal(meter.estimate, true);
    assert.equal(meter.scope, 'model');
    assert.ok(meter.usingFallback);

    // The sensor coming back does not switch back: one source per run, no jumps.
    tree.setAll(JP5_DIR, { in1_label: 'VDD_IN', in1_input: 5000, curr1_input: 1000 });
    clock.advance(1);
    assert.equal(meter.read(), 19);
    assert.equal(lines.length, 1, 'logged once');
  } finally {
    tree.dispose();
  }
});

test('fallback: errors that are not MeterErrors are bugs and pass through without switching', () => {
  const broken: Meter = {
    name: 'broken',
    scope: 'rail',
    estimate: false,
    read: () => {
      throw new TypeError('bug');
    },
    close: () => {},
  };
  const lines: string[] = [];
  const meter = new FallbackMeter({ primary: broken, fallback: new ModelMeter({ name: 'model:x', now: () => 0 }), log: (l) => lines.push(l) });
  assert.throws(() => meter.read(), TypeError);
  assert.equal(meter.usingFallback, false);
  assert.equal(lines.length, 0);
  const gone: Meter = { ...broken, read: () => { throw new MeterError('gone', '/sys/x', 'missing'); } };
  const switched = new FallbackMeter({ primary: gone, fallback: new ModelMeter({ name: 'model:x', now: () => 0 }), log: (l) => lines.push(l) });
  assert.equal(switched.read(), 0);
  assert.equal(lines.length, 1);
});
