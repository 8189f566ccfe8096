/**
 * Jetson INA3221 rails in both layouts, as files on disk: JetPack 5+
 * (hwmon: in1_label, in1_input mV, curr1_input mA) and JetPack 4 (Nano,
 * ina3221x IIO: rail_name_0, in_voltage0_input, in_current0_input,
 * in_power0_input mW). The rail names are those of real boards
 * (energymon jetson/JetsonPowerRails.md): Orin Nano / Xavier NX VDD_IN,
 * VDD_CPU_GPU_CV, VDD_SOC; Nano POM_5V_IN, POM_5V_GPU, POM_5V_CPU.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { HwmonMeter, listIna3221Rails, MeterError, scopeOfRail } from '../../../src/energy/meters/index.js';
import { meterSuite } from './meter-suite.js';
import { ManualClock, TempSysfsTree } from './sysfs-tree.js';

const JP5_DIR = '/sys/bus/i2c/drivers/ina3221/1-0040/hwmon/hwmon3';
const JP4_DIR = '/sys/bus/i2c/drivers/ina3221x/6-0040/iio:device0';

function jetPack5Tree(): TempSysfsTree {
  const tree = new TempSysfsTree()
    .setAll(JP5_DIR, {
      name: 'ina3221',
      in1_label: 'VDD_IN', in1_input: 5080, curr1_input: 1200,
      in2_label: 'VDD_CPU_GPU_CV', in2_input: 5072, curr2_input: 400,
      in3_label: 'VDD_SOC', in3_input: 5064, curr3_input: 600,
      in4_input: 1000, in7_label: 'sum of shunt voltages', in7_input: 12, curr4_input: 2200,
    });
  // The driver folder also holds bind/unbind files, which are not devices.
  tree.set('/sys/bus/i2c/drivers/ina3221/bind', '');
  return tree;
}

function jetPack4Tree(): TempSysfsTree {
  return new TempSysfsTree().setAll(JP4_DIR, {
    name: 'ina3221x',
    rail_name_0: 'POM_5V_IN', in_voltage0_input: 5008, in_current0_input: 680, in_power0_input: 3405,
    rail_name_1: 'POM_5V_GPU', in_voltage1_input: 5008, in_current1_input: 40, in_power1_input: 200,
    rail_name_2: 'POM_5V_CPU', in_voltage2_input: 5008, in_current2_input: 160, in_power2_input: 801,
  });
}

/** VDD_IN at 5.08 V with a current ramp of 40 mA per 0.5 s step: power is linear, the trapezoid exact. */
meterSuite('HwmonMeter over INA3221 JetPack 5 (VDD_IN, V × I)', () => {
  const tree = jetPack5Tree();
  const clock = new ManualClock(3);
  const meter = new HwmonMeter(listIna3221Rails({ fs: tree.reader })[0]!, { fs: tree.reader, now: clock.now });
  let steps = 0;
  const currentA = (k: number): number => (1200 + 40 * k) / 1000;
  let expectedJ = 0;
  return {
    meter,
    advance: () => {
      steps += 1;
      clock.advance(0.5);
      tree.set(`${JP5_DIR}/curr1_input`, 1200 + 40 * steps);
      expectedJ += 5.08 * 0.5 * (currentA(steps - 1) + currentA(steps)) * 0.5;
    },
    expectedJ: () => expectedJ,
    scope: 'board',
    estimate: false,
    dispose: () => tree.dispose(),
  };
});

/** POM_5V_IN's own power (mW) ramping 100 mW per 1 s step. */
meterSuite('HwmonMeter over INA3221 JetPack 4 (POM_5V_IN, in_power mW)', () => {
  const tree = jetPack4Tree();
  const clock = new ManualClock();
  const meter = new HwmonMeter(listIna3221Rails({ fs: tree.reader })[0]!, { fs: tree.reader, now: clock.now });
  let tS = 0;
  return {
    meter,
    advance: () => {
      tS += 1;
      clock.advance(1);
      tree.set(`${JP4_DIR}/in_power0_input`, 3405 + 100 * tS);
    },
    expectedJ: () => 3.405 * tS + 0.05 * tS * tS,
    scope: 'board',
    estimate: false,
    dispose: () => tree.dispose(),
  };
});

test('INA3221 JetPack 5: three labelled rails, sum channels skipped, VDD_IN is the board, the others rails', () => {
  const tree = jetPack5Tree();
  try {
    const rails = listIna3221Rails({ fs: tree.reader });
    assert.deepEqual(
      rails.map((r) => [r.meterName, r.scope]),
      [['ina3221:VDD_IN', 'board'], ['ina3221:VDD_CPU_GPU_CV', 'rail'], ['ina3221:VDD_SOC', 'rail']],
    );
    assert.deepEqual(rails[1]!.source, { kind: 'voltage-current', voltageMvPath: `${JP5_DIR}/in2_input`, currentMaPath: `${JP5_DIR}/curr2_input` });
    // 5.072 V × 0.4 A for 2 s.
    const clock = new ManualClock();
    const meter = new HwmonMeter(rails[1]!, { fs: tree.reader, now: clock.now });
    clock.advance(2);
    assert.ok(Math.abs(meter.read() - 5.072 * 0.4 * 2) < 1e-12);
  } finally {
    tree.dispose();
  }
});

test('INA3221 JetPack 5: a disabled channel and an "NC" channel are not rails', () => {
  const tree = jetPack5Tree().set(`${JP5_DIR}/in2_enable`, 0).set(`${JP5_DIR}/in3_label`, 'NC');
  try {
    assert.deepEqual(listIna3221Rails({ fs: tree.reader }).map((r) => r.meterName), ['ina3221:VDD_IN']);
  } finally {
    tree.dispose();
  }
});

test('INA3221 JetPack 4 (Nano): rails from rail_name_N, the driver power preferred, V × I when it is absent', () => {
  const tree = jetPack4Tree().remove(`${JP4_DIR}/in_power2_input`);
  try {
    const rails = listIna3221Rails({ fs: tree.reader });
    assert.deepEqual(
      rails.map((r) => [r.meterName, r.scope, r.source.kind]),
      [['ina3221:POM_5V_IN', 'board', 'power'], ['ina3221:POM_5V_GPU', 'rail', 'power'], ['ina3221:POM_5V_CPU', 'rail', 'voltage-current']],
    );
    const clock = new ManualClock();
    const meter = new HwmonMeter(rails[2]!, { fs: tree.reader, now: clock.now });
    clock.advance(10);
    assert.ok(Math.abs(meter.read() - 5.008 * 0.16 * 10) < 1e-12);
  } finally {
    tree.dispose();
  }
});

test('INA3221: no driver means no rails; a rail whose device is unbound mid-run is a MeterError naming the file', () => {
  const empty = new TempSysfsTree();
  const tree = jetPack5Tree();
  try {
    assert.deepEqual(listIna3221Rails({ fs: empty.reader }), []);
    const clock = new ManualClock();
    const meter = new HwmonMeter(listIna3221Rails({ fs: tree.reader })[0]!, { fs: tree.reader, now: clock.now });
    tree.remove('/sys/bus/i2c/drivers/ina3221/1-0040');
    clock.advance(1);
    assert.throws(() => meter.read(), (e: unknown) => e instanceof MeterError && e.meter === 'ina3221:VDD_IN' && e.path.startsWith(JP5_DIR) && /missing/.test(e.message));
  } finally {
    empty.dispose();
    tree.dispose();
  }
});

test('rail scope: only the module input rails are the board', () => {
  assert.equal(scopeOfRail('VDD_IN'), 'board');
  assert.equal(scopeOfRail('POM_5V_IN'), 'board');
  assert.equal(scopeOfRail('VDD_GPU_SOC'), 'rail');
  assert.equal(scopeOfRail('VIN_SYS_5V0'), 'rail');
});
