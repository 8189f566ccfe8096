/**
 * DVFS transitions in the device twin: a switch that moves the cores to
 * another operating point takes the profile's power.dvfsTransitionS (on a
 * Raspberry Pi 4, the firmware mailbox's 355 µs) before the inference and is
 * charged at the active power of the action switched to, as EdgeRuntime
 * books any switch; a switch between ladder variants at the same point, or
 * to an offload (the cores stay put), is free.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { IdealEnergyStore, loadDeviceProfile } from '../../../src/energy/index.js';
import type { Controller, ControllerAction } from '../../../src/runtime/controller.js';
import type { RequestEvent } from '../../../src/runtime/request-event.js';
import { simulateTwin } from '../../../src/scheduler/sim/device-twin.js';
import { corePointAfter, dvfsSwitchS } from '../../../src/scheduler/sim/dvfs-transition.js';
import { ModelledExecutor } from '../../../src/scheduler/sim/modelled-executor.js';
import { twinActions, type TwinAction } from '../../../src/scheduler/sim/twin-actions.js';
import { periodicTasks } from '../../../src/scheduler/workload/periodic.js';
import { Rng } from '../../../src/engine/random.js';
import { LADDER } from '../eval/fixtures.js';

const pi = loadDeviceProfile('raspberry-pi-4');
const space = twinActions(LADDER, pi);
const transitionS = pi.power.dvfsTransitionS;

/** Serves the given actions in turn, one per request. */
function rotate(ids: readonly string[]): Controller {
  let k = 0;
  return { decide: (): ControllerAction => ({ variantId: ids[k++ % ids.length]! }), observe: () => {} };
}

/** The same action moved to an offload "point", as offload-action.ts names one. */
function asOffload(a: TwinAction): TwinAction {
  return { ...a, id: `${a.variantId}@offload-gateway`, opPointId: 'offload-gateway' };
}

async function run(ids: readonly string[], n: number) {
  const tasks = periodicTasks({ periodS: 10, durationS: 10 * n, relativeDeadlineS: 1 }, new Rng(5));
  const events: RequestEvent[] = [];
  const store = new IdealEnergyStore(1e6);
  const r = await simulateTwin({ actions: space, tasks, controller: rotate(ids), store, onEvent: (e) => { if (e.type === 'request') events.push(e); } });
  return { r, events, store };
}

test('the Raspberry Pi 4 profile carries a cited, positive transition time', () => {
  assert.ok(transitionS > 0 && transitionS < 1e-2, String(transitionS));
  assert.equal(space.dvfsTransitionS, transitionS);
  assert.match(pi.sources['power.dvfsTransitionS']!, /bcm2835-cpufreq/);
});

test('a switch between operating points costs the profile\'s transition time, charged at the switched-to action\'s power', async () => {
  const ids = ['int8@arm-600', 'int8@arm-1800'];
  const { r, events, store } = await run(ids, 20);
  assert.equal(r.summary.served, 20);
  assert.equal(events[0]!.switchS, 0, 'the first action: the device boots into its point');
  let wantJ = 0;
  for (const [i, e] of events.entries()) {
    const cost = space.byId(e.variantId).cost;
    if (i > 0) {
      assert.ok(Math.abs(e.switchS - transitionS) < 1e-12, `request ${i}: switchS ${e.switchS}`);
      assert.equal(e.switchJ, e.switchS * (cost.energyJ / cost.latencyS), `request ${i}: switchJ ${e.switchJ}`);
      // The transition delays the answer: the inference starts after it.
      assert.ok(Math.abs(r.responseTimesS[i]! - (transitionS + cost.latencyS)) < 1e-9, `request ${i}: response ${r.responseTimesS[i]}`);
    }
    assert.ok(Math.abs(e.latencyS - cost.latencyS) < 1e-9, 'the event latency excludes the switch');
    wantJ += cost.energyJ + e.switchJ;
  }
  const switchJ = events.reduce((s, e) => s + e.switchJ, 0);
  assert.ok(switchJ > 0);
  assert.ok(Math.abs(r.energy.requestJ - wantJ) < 1e-12 * wantJ, `${r.energy.requestJ} vs ${wantJ}`);
  // The books still close: the store lost exactly requests + idle.
  assert.ok(Math.abs((1 - store.soc) * 1e6 - (r.energy.requestJ + r.energy.idleJ)) < 1e-6);
});

test('a switch between variants at the same operating point stays free', async () => {
  const { r, events } = await run(['fp32@arm-1500', 'int8@arm-1500'], 20);
  assert.equal(r.summary.switches, 20, 'every request switched variant');
  for (const e of events) {
    assert.equal(e.switchS, 0);
    assert.equal(e.switchJ, 0);
  }
  const wantJ = events.reduce((s, e) => s + space.byId(e.variantId).cost.energyJ, 0);
  assert.ok(Math.abs(r.energy.requestJ - wantJ) < 1e-12 * wantJ);
});

test('the executor prices switches by the point the cores are at; an offload leaves them there', async () => {
  const low = space.byId('int8@arm-600');
  const lowFp = space.byId('fp32@arm-600');
  const high = space.byId('int8@arm-1800');
  const away = asOffload(high);
  const ex = new ModelledExecutor([low, lowFp, high, away], { dvfsTransitionS: transitionS });
  const seq: [TwinAction, number][] = [[low, 0], [lowFp, 0], [high, transitionS], [away, 0], [high, 0], [away, 0], [low, transitionS], [lowFp, 0]];
  for (const [a, want] of seq) assert.equal((await ex.select(a.id)).switchS, want, `to ${a.id}`);
  assert.equal(ex.activeId, lowFp.id);
  // The pure rules it applies.
  assert.equal(dvfsSwitchS(null, high, transitionS), 0);
  assert.equal(corePointAfter('arm-600', away), 'arm-600');
  assert.equal(corePointAfter('arm-600', high), 'arm-1800');
  assert.equal((await new ModelledExecutor([low, high]).select(high.id)).switchS, 0, 'default: free');
  assert.throws(() => new ModelledExecutor([low], { dvfsTransitionS: -1e-3 }), (e: Error) => e instanceof RangeError && /options\.dvfsTransitionS must be a finite number of seconds >= 0/.test(e.message));
  await assert.rejects(simulateTwin({ actions: { ...space, dvfsTransitionS: Number.NaN }, tasks: [], controller: rotate([low.id]) }), /simulateTwin: options\.actions\.dvfsTransitionS/);
});
