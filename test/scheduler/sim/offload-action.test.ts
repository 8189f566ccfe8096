/**
 * The offload action: priced as the radio model prices it (send + wait at
 * idle and connected-idle power + receive; no set-up with the link kept
 * up), at the gateway variant's quality; a static policy on it serves every
 * request with that energy; the DVFS governors ignore it.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { IdealEnergyStore, estimateInference, loadDeviceProfile, loadRadioProfile, offloadCost, workFromLadderFigures } from '../../../src/energy/index.js';
import { Rng } from '../../../src/engine/random.js';
import { FixedVariantController } from '../../../src/runtime/fixed-variant-controller.js';
import { SchedutilGovernor } from '../../../src/scheduler/baselines/dvfs-governors.js';
import { simulateTwin } from '../../../src/scheduler/sim/device-twin.js';
import { isOffloadAction } from '../../../src/scheduler/sim/offload-action.js';
import { twinActions } from '../../../src/scheduler/sim/twin-actions.js';
import { periodicTasks } from '../../../src/scheduler/workload/periodic.js';
import { LADDER } from '../eval/fixtures.js';

const mcu = loadDeviceProfile('nucleo-u575zi');
const pi = loadDeviceProfile('raspberry-pi-4');
const ble = loadRadioProfile('nrf52840-ble-1m');

test('priced by the radio model, at the gateway fp32 rung’s quality', () => {
  const space = twinActions(LADDER, mcu, { offload: { radio: ble, gateway: pi } });
  const off = space.actions.filter((a) => isOffloadAction(a.id));
  assert.equal(off.length, 1);
  const a = off[0]!;
  assert.equal(a.id, 'fp32@offload-raspberry-pi-4');
  assert.equal(a.quality, 0.87);
  const gw = estimateInference(pi, workFromLadderFigures(LADDER.variants[0]!).work);
  const want = offloadCost(ble, { inputBytes: 4 * 3 * 32 * 32, outputBytes: 4 * 10, gatewayComputeS: gw.latencyS, idlePowerW: mcu.power.idleW, linkUp: true });
  assert.equal(a.cost.energyJ, want.energyJ);
  assert.equal(a.cost.latencyS, want.latencyS);
  assert.ok(a.cost.latencyS > gw.latencyS, 'the radio adds time to the gateway’s compute');
  const cold = twinActions(LADDER, mcu, { offload: { radio: ble, gateway: pi, linkUp: false } }).byId(a.id);
  assert.ok(cold.cost.energyJ > a.cost.energyJ, 'setting the link up per request costs more');
  assert.throws(() => twinActions(LADDER, mcu, { offload: { radio: ble, gateway: pi, gatewayVariant: 'int2' } }), /no variant "int2"/);
});

test('served by a static policy on it; schedutil never picks it', async () => {
  const space = twinActions(LADDER, mcu, { offload: { radio: ble, gateway: pi } });
  const tasks = periodicTasks({ periodS: 10, durationS: 600, relativeDeadlineS: 5 }, new Rng(1));
  const id = 'fp32@offload-raspberry-pi-4';
  const r = await simulateTwin({ actions: space, tasks, controller: new FixedVariantController(id), store: new IdealEnergyStore(1e4) });
  assert.equal(r.summary.served, tasks.length);
  // Each request after a sleep also pays the MCU's wake-up (every one but a request at t = 0).
  const wakes = tasks.filter((t) => t.arrivalS > 0).length;
  const want = tasks.length * space.byId(id).cost.energyJ + wakes * mcu.power.wakeUpJ;
  assert.ok(Math.abs(r.energy.requestJ - want) < 1e-9 * want, `${r.energy.requestJ} vs ${want}`);
  const s = await simulateTwin({ actions: space, tasks, controller: new SchedutilGovernor('int8', mcu.power.opPoints), store: new IdealEnergyStore(1e4) });
  assert.ok(Object.keys(s.summary.perVariant).every((k) => !isOffloadAction(k)));
});
