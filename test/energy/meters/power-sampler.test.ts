/**
 * samplePower over a fake RAPL tree driven by a hand-moved clock: watts are
 * the counter's differences over each interval, the phase's mean is its
 * joules over its length, work runs back to back with samples closed at
 * call boundaries, and a counter that vanishes mid-phase is dropped with the
 * reason instead of stopping the phase or inventing joules.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { listRaplZones, MemorySysfs, ModelMeter, RaplMeter, samplePower } from '../../../src/energy/meters/index.js';
import { ManualClock } from './sysfs-tree.js';

const ZONE = '/sys/class/powercap/intel-rapl:0';

/** A RAPL package zone whose counter follows `watts(t)` as the clock moves. */
function raplRig(watts: (tS: number) => number) {
  const clock = new ManualClock(100);
  const fs = new MemorySysfs().set('/sys/class/powercap/intel-rapl/enabled', 1).setAll(ZONE, { name: 'package-0', energy_uj: 0, max_energy_range_uj: 262_143_328_850 });
  let joules = 0;
  const advance = (dtS: number): void => {
    // Midpoint rule on a 1 ms grid: exact for piecewise-constant power.
    for (let done = 0; done < dtS - 1e-12; ) {
      const step = Math.min(1e-3, dtS - done);
      joules += watts(clock.timeS + step / 2) * step;
      clock.advance(step);
      done += step;
    }
    fs.set(`${ZONE}/energy_uj`, Math.round(joules * 1e6));
  };
  const meter = new RaplMeter(listRaplZones({ fs })[0]!, { fs });
  return { clock, fs, meter, advance, sleep: async (s: number) => advance(s) };
}

test('samplePower at rest: constant 4 W reads 4 W in every sample, 2 s give 8 J', async () => {
  const rig = raplRig(() => 4);
  const phase = await samplePower([rig.meter], { durationS: 2, intervalS: 0.25, now: rig.clock.now, sleep: rig.sleep });
  const t = phase.traces[0]!;
  assert.equal(t.meter, 'rapl:package-0');
  assert.equal(t.estimate, false);
  assert.equal(t.powerW.length, 8);
  for (const w of t.powerW) assert.ok(Math.abs(w - 4) < 1e-5, `sample ${w} W`);
  assert.ok(Math.abs(t.energyJ - 8) < 1e-5);
  assert.ok(Math.abs(phase.durationS - 2) < 1e-9);
  assert.deepEqual(t.tS.map((x) => Number(x.toFixed(3))), [0.125, 0.375, 0.625, 0.875, 1.125, 1.375, 1.625, 1.875]);
  assert.equal(phase.workCalls, 0);
  assert.equal(t.lostReason, null);
});

test('samplePower follows a step in power, and the mean is joules over time whatever the interval', async () => {
  const rig = raplRig((t) => (t < 101 ? 2 : 10));
  const phase = await samplePower([rig.meter], { durationS: 2, intervalS: 0.3, now: rig.clock.now, sleep: rig.sleep });
  const t = phase.traces[0]!;
  assert.ok(Math.abs(t.powerW[0]! - 2) < 1e-5);
  assert.ok(Math.abs(t.powerW[t.powerW.length - 1]! - 10) < 1e-5);
  assert.ok(Math.abs(t.energyJ - 12) < 1e-5, `${t.energyJ} J`);
  assert.ok(Math.abs(t.energyJ / t.durationS - 6) < 1e-5);
});

test('samplePower with work: calls run back to back, samples close at call boundaries with their own lengths', async () => {
  const rig = raplRig(() => 7);
  let calls = 0;
  const phase = await samplePower([rig.meter], {
    durationS: 1, intervalS: 0.1, now: rig.clock.now,
    sleep: async () => assert.fail('no sleeping while there is work'),
    work: () => {
      calls++;
      rig.advance(0.035);
    },
  });
  assert.equal(phase.workCalls, calls);
  assert.equal(calls, 29); // 29 × 35 ms is the first boundary at or past 1 s
  const t = phase.traces[0]!;
  for (const w of t.powerW) assert.ok(Math.abs(w - 7) < 1e-4);
  assert.ok(Math.abs(t.durationS - 29 * 0.035) < 1e-9);
  assert.ok(Math.abs(t.energyJ - 7 * 29 * 0.035) < 1e-5);
});

test('samplePower: a counter that vanishes mid-phase is dropped with the reason; the other meter goes on', async () => {
  const rig = raplRig(() => 3);
  const model = new ModelMeter({ name: 'model:test', powerW: () => 1, now: rig.clock.now });
  let sleeps = 0;
  const phase = await samplePower([rig.meter, model], {
    durationS: 1, intervalS: 0.2, now: rig.clock.now,
    sleep: async (s) => {
      rig.advance(s);
      if (++sleeps === 3) rig.fs.delete(ZONE);
    },
  });
  const [rapl, m] = phase.traces;
  assert.equal(rapl!.powerW.length, 2);
  assert.match(rapl!.lostReason!, /rapl:package-0: .*energy_uj: missing/);
  assert.ok(Math.abs(rapl!.energyJ - 1.2) < 1e-5, 'joules up to the last good reading, nothing extrapolated');
  assert.ok(Math.abs(rapl!.durationS - 0.4) < 1e-9);
  assert.equal(m!.lostReason, null);
  assert.equal(m!.powerW.length, 5);
  assert.ok(Math.abs(m!.energyJ - 1) < 1e-9);
});

test('samplePower refuses arguments that would take no sample', async () => {
  const rig = raplRig(() => 1);
  await assert.rejects(samplePower([rig.meter], { durationS: 0, intervalS: 0.1 }), /durationS must be a finite number of seconds > 0, got 0/);
  await assert.rejects(samplePower([rig.meter], { durationS: 1, intervalS: Number.NaN }), /intervalS must be/);
  await assert.rejects(samplePower([rig.meter], { durationS: 0.1, intervalS: 0.5 }), /intervalS \(0.5 s\) is longer than durationS \(0.1 s\)/);
  await assert.rejects(samplePower([], { durationS: 1, intervalS: 0.5 }), /no meter to read/);
});
