/**
 * The MCU power states between inferences (docs/energy-model.md, "MCU power
 * states between inferences"). A runtime that keeps its model and arena in
 * SRAM waits in a retention Stop mode, so each MCU profile's sleep and idle
 * power must lie above the SRAM-losing Standby figure and below the board's
 * active power, and its wake-up energy must be the power it cites times its
 * wake-up time. The datasheet figures are repeated here with their tables,
 * so a profile number edited without its source fails.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadDeviceProfile, opPointPower, type DeviceProfile } from '../../src/energy/index.js';

/** The MLPerf Tiny supply both MCU profiles are calibrated at (EnergyRunner, 1.8 V): P = V·I. */
const SUPPLY_V = 1.8;

/** Active power at the nominal operating point with the default engine: static + activity·C·V²·f. */
function activePowerW(p: DeviceProfile): number {
  const power = opPointPower(p);
  return power.staticW + p.engines[p.defaultEngine]!.activity * power.dynamicW;
}

interface McuPowerStates {
  readonly id: string;
  /** Standby current, A (SRAM lost, restart from reset): the ST summary figure the profile used before. */
  readonly standbyA: number;
  /** Retention-mode current the profile's `sources` give, A, and the range it was checked against. */
  readonly retentionA: number;
  readonly retentionRangeA: readonly [number, number];
  /** Wake-up time the profile's `sources` give, s. */
  readonly wakeUpS: number;
  /** The average power during the wake-up that `wakeUpJ` is priced at, W. */
  readonly wakePowerW: (p: DeviceProfile) => number;
}

const MCUS: readonly McuPowerStates[] = [
  {
    id: 'nucleo-l4r5zi',
    // ST summary, zephyr boards/st/nucleo_l4r5zi/doc/index.rst.
    standbyA: 130e-9,
    // Secondary estimate, Stop 2 + RTC with all 640 KB: STM32L496 (320 KB) 2.86 µA + 7.6 nA/KB × 320 KB, the
    // slope from the STM32L476 (128 KB, 1.4 µA); checked between the L496 and the STM32U5's full-SRAM Stop 2 (8.95 µA).
    retentionA: 5.3e-6,
    retentionRangeA: [2.86e-6, 8.95e-6],
    // Secondary estimate: ST's 5 µs Stop-mode headline × the U5's Stop 2 / Stop 0 ratio (DS13086 Table 74, 22.5/11.0).
    wakeUpS: 10e-6,
    // An upper bound: the board's active power (the core really wakes on a ≤ 16 MHz clock).
    wakePowerW: activePowerW,
  },
  {
    id: 'nucleo-u575zi',
    // ST summary, zephyr boards/st/nucleo_u575zi_q/doc/index.rst.
    standbyA: 300e-9,
    // DS13086 Table 65, Stop 3 on SMPS at 1.8 V, 25 °C: all SRAMs retained 5.20 µA, + RTC on LSE low-drive 0.35 µA
    // (the 8 KB rows, 2.45 − 2.10); checked between the 8 KB + RTC row and the all-SRAM maximum at 30 °C (19 µA).
    retentionA: 5.2e-6 + 0.35e-6,
    retentionRangeA: [2.45e-6, 19e-6],
    // DS13086 Table 75: Stop 3 to Run on SMPS, from flash, FSTEN = 1, HSI16, typ.
    wakeUpS: 32e-6,
    // DS13086 Table 67: 150 nAs drawn while waking from Stop 3 on SMPS (HSI16) at 3.0 V, spread over the wake-up time.
    wakePowerW: () => (150e-9 * 3.0) / 32e-6,
  },
];

const near = (actual: number, expected: number, rel: number) => Math.abs(actual / expected - 1) <= rel;

test('each MCU waits between inferences in a retention mode: above Standby, below active power, idle = sleep', () => {
  for (const m of MCUS) {
    const p = loadDeviceProfile(m.id);
    const [lo, hi] = m.retentionRangeA;
    assert.ok(m.retentionA >= lo && m.retentionA <= hi, `${m.id}: cited ${m.retentionA} A outside its range check [${lo}, ${hi}]`);
    assert.ok(near(p.power.sleepW, m.retentionA * SUPPLY_V, 1e-9), `${m.id}: sleepW ${p.power.sleepW} W is not ${m.retentionA} A × ${SUPPLY_V} V`);
    assert.ok(p.power.sleepW > m.standbyA * SUPPLY_V, `${m.id}: sleepW ${p.power.sleepW} W not above Standby ${m.standbyA * SUPPLY_V} W`);
    assert.ok(p.power.sleepW < activePowerW(p) / 1000, `${m.id}: sleepW ${p.power.sleepW} W not three orders below active ${activePowerW(p)} W`);
    assert.equal(p.power.idleW, p.power.sleepW, `${m.id}: between requests the resident model keeps the MCU in its retention mode`);
  }
});

test('waking costs time and energy, priced at the cited power times the wake-up time', () => {
  for (const m of MCUS) {
    const p = loadDeviceProfile(m.id);
    assert.ok(p.power.wakeUpS > 0 && p.power.wakeUpJ > 0, `${m.id}: wake-up unpriced`);
    assert.ok(near(p.power.wakeUpS, m.wakeUpS, 1e-9), `${m.id}: wakeUpS ${p.power.wakeUpS} s, cited ${m.wakeUpS} s`);
    const wakeW = m.wakePowerW(p);
    assert.ok(near(p.power.wakeUpJ, wakeW * p.power.wakeUpS, 1e-3), `${m.id}: wakeUpJ ${p.power.wakeUpJ} J is not ${wakeW} W × ${p.power.wakeUpS} s`);
    assert.ok(wakeW > p.power.sleepW && wakeW <= activePowerW(p) * (1 + 1e-9), `${m.id}: wake-up power ${wakeW} W outside (sleep, active]`);
  }
});

test('duty-cycled ResNet-8 on the L4R5 (X-CUBE-AI, published 226.9 ms, 10,682 µJ): waiting adds <0.1% at 1 Hz, ~5% at one a minute', () => {
  const p = loadDeviceProfile('nucleo-l4r5zi');
  const r = p.published.find((x) => x.id === 'l4r5-xcubeai-ic')!;
  const inferenceJ = r.energyUj! * 1e-6;
  const waitShare = (periodS: number) => {
    const waitJ = p.power.idleW * (periodS - r.latencyMs! * 1e-3 - p.power.wakeUpS) + p.power.wakeUpJ;
    return waitJ / (inferenceJ + waitJ);
  };
  assert.ok(waitShare(1) < 1e-3, `1 Hz: ${waitShare(1)}`);
  assert.ok(waitShare(60) > 0.04 && waitShare(60) < 0.06, `one a minute: ${waitShare(60)}`);
});
