/**
 * Measured costs in place of the model's: a costs file is checked field by
 * field, every served variant must have been measured, and the device costs
 * then price each variant at its measured latency and energy (the idle
 * power's share during the inference as its static part) and idle at the
 * measured idle power; unknown variants still get the model's error.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadDeviceProfile } from '../../src/energy/index.js';
import { ladderDeviceCosts, MEASURED_COSTS_FORMAT, parseMeasuredCosts, withMeasuredCosts, type MeasuredCosts } from '../../src/runtime/index.js';
import { tinyLadder } from './helpers.js';

const file = (variants: MeasuredCosts['variants'], idleW = 2): MeasuredCosts => ({
  format: MEASURED_COSTS_FORMAT, version: 1, measuredAt: '2026-11-22T10:00:00.000Z', host: 'pi4 (Cortex-A72)', ladder: 'runs/x',
  meter: { name: 'hwmon:ina219/power1', scope: 'board', estimate: false }, idleW, variants,
});

test('withMeasuredCosts: every variant at its measured latency and energy, idle at the measured power', async () => {
  const { manifest } = await tinyLadder();
  const base = ladderDeviceCosts(manifest, loadDeviceProfile('raspberry-pi-4'));
  const ids = [...base.variants.keys()];
  assert.ok(ids.length >= 2);
  const measured = file(Object.fromEntries(ids.map((id, i) => [id, { latencyS: 1e-3 * (i + 1), energyJ: 3e-3 * (i + 1), inferences: 1000 }])));
  const c = withMeasuredCosts(base, measured, 'costs.json');
  assert.equal(c.idlePowerW, 2);
  assert.equal(c.device, 'raspberry-pi-4 (measured on pi4 (Cortex-A72))');
  ids.forEach((id, i) => {
    const e = c.costOf(id);
    assert.equal(e.latencyS, 1e-3 * (i + 1));
    assert.equal(c.latencyS(id), 1e-3 * (i + 1));
    assert.equal(e.energyJ, 3e-3 * (i + 1));
    assert.equal(e.measured, true);
    // 2 W idle over the inference is the static share; the rest is the inference's own.
    assert.ok(Math.abs(e.staticJ - 2 * 1e-3 * (i + 1)) < 1e-15);
    assert.ok(Math.abs(e.computeJ + e.staticJ + e.memoryJ - e.energyJ) < 1e-15);
    assert.equal(c.variants.get(id)!.fit, base.variants.get(id)!.fit, 'memory fit stays the profile\'s');
  });
  assert.throws(() => c.costOf('nope'), /unknown variant "nope"/);
  // A variant drawing less than idle during its inference: the static share is capped at its energy.
  const low = withMeasuredCosts(base, file(Object.fromEntries(ids.map((id) => [id, { latencyS: 1, energyJ: 0.5, inferences: 10 }]))), 'costs.json');
  assert.equal(low.costOf(ids[0]!).staticJ, 0.5);
  assert.equal(low.costOf(ids[0]!).computeJ, 0);
});

test('withMeasuredCosts refuses a file that did not measure every variant, naming file, field and the fix', async () => {
  const { manifest } = await tinyLadder();
  const base = ladderDeviceCosts(manifest, loadDeviceProfile('raspberry-pi-4'));
  const [first, ...rest] = [...base.variants.keys()];
  assert.throws(() => withMeasuredCosts(base, file({ [first!]: { latencyS: 1e-3, energyJ: 1e-3, inferences: 5 } }), 'costs.json'),
    new RegExp(`costs.json.*variants.*no measurement of ${rest.map((r) => `"${r}"`).join(', ')}.*measure this ladder again`));
});

test('parseMeasuredCosts names the file and the field that is wrong', () => {
  const good = file({ a: { latencyS: 1e-3, energyJ: 1e-3, inferences: 5 } });
  assert.deepEqual(parseMeasuredCosts(JSON.parse(JSON.stringify(good)), 'c.json'), good);
  const bad: [unknown, RegExp][] = [
    [{ ...good, format: 'other' }, /c\.json.*format/],
    [{ ...good, idleW: -1 }, /c\.json.*idleW/],
    [{ ...good, variants: {} }, /c\.json.*variants.*at least one variant/],
    [{ ...good, variants: { a: { latencyS: 0, energyJ: 1, inferences: 1 } } }, /c\.json.*variants\.a\.latencyS/],
    [{ ...good, variants: { a: { latencyS: 1, energyJ: 1, inferences: 1.5 } } }, /c\.json.*variants\.a\.inferences/],
    [{ ...good, extra: 1 }, /c\.json.*extra/],
  ];
  for (const [json, message] of bad) assert.throws(() => parseMeasuredCosts(json, 'c.json'), message);
});
