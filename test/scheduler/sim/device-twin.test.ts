/**
 * The device twin and the baseline policies: a day of periodic sensing on a
 * Raspberry Pi 4 profile served in virtual time; the energy books close
 * (store drain = requests + idle − harvest), static policies serve exactly
 * their action, DVFS actions are priced as the energy model prices them at
 * each operating point, and the governors choose as their rules say.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { LadderManifest, LadderVariant } from '../../../src/compress/ladder/manifest.js';
import { estimateInference, IdealEnergyStore, loadDeviceProfile, workFromLadderFigures } from '../../../src/energy/index.js';
import { AdaptivePrecisionController } from '../../../src/runtime/adaptive-precision-controller.js';
import { BatteryThresholdGovernor } from '../../../src/scheduler/baselines/battery-threshold-governor.js';
import { RaceToIdleGovernor, SchedutilGovernor } from '../../../src/scheduler/baselines/dvfs-governors.js';
import { staticPolicy } from '../../../src/scheduler/baselines/static-policy.js';
import { simulateTwin } from '../../../src/scheduler/sim/device-twin.js';
import { actionId, twinActions } from '../../../src/scheduler/sim/twin-actions.js';
import { periodicTasks } from '../../../src/scheduler/workload/periodic.js';
import { Rng } from '../../../src/engine/random.js';

function variant(id: string, kind: LadderVariant['kind'], macsByPrecision: Record<string, number>, weightBytes: number, top1: number): LadderVariant {
  return {
    id, kind, file: `${id}.onnx`, sha256: '0'.repeat(64), weightBytes, fileBytes: weightBytes, params: 1, macs: Object.values(macsByPrecision).reduce((a, b) => a + b, 0),
    macsByPrecision, quality: { metric: 'top1', value: top1, samples: 1000, dataset: 'test' }, latency: [], recipe: {},
    work: { opClassMacs: { conv: 11_000_000, depthwise: 0, dense: 1_500_000 }, outputs: 300_000, layers: 10, activationBytes: 600_000, peakActivationBytes: 100_000 },
  };
}

/** A ResNet-8-sized ladder (12.5 M MACs) with HAR-like qualities. */
const manifest: LadderManifest = {
  format: 'edgewatt-ladder', version: 1,
  model: { name: 'resnet8', inputShape: [3, 32, 32], inputName: 'input', outputName: 'output', numClasses: 10, task: 'ic' },
  createdAt: '2026-11-22T10:00:00.000Z',
  variants: [variant('fp32', 'fp32', { float32: 12_500_000 }, 312_000, 0.87), variant('int8', 'int8', { int8: 12_500_000 }, 78_000, 0.866), variant('int4', 'int4', { int8: 1_000_000, int4: 11_500_000 }, 45_000, 0.84)],
};
const pi = loadDeviceProfile('raspberry-pi-4');
const space = twinActions(manifest, pi);
const day = periodicTasks({ periodS: 10, durationS: 86_400, relativeDeadlineS: 1 }, new Rng(1));

test('every variant × operating point is an action, priced by the energy model at that point', () => {
  assert.equal(space.actions.length, manifest.variants.length * pi.power.opPoints.length);
  for (const a of space.actions) {
    const v = manifest.variants.find((x) => x.id === a.variantId)!;
    const want = estimateInference(pi, workFromLadderFigures(v).work, { opPoint: a.opPointId });
    assert.equal(a.cost.energyJ, want.energyJ);
    assert.equal(a.cost.latencyS, want.latencyS);
  }
  const slow = space.byId(actionId('fp32', 'arm-600'));
  const fast = space.byId(actionId('fp32', 'arm-1800'));
  assert.ok(slow.cost.latencyS > fast.cost.latencyS, 'lower frequency, longer latency');
  assert.throws(() => space.byId('fp32@9GHz'), /unknown action "fp32@9GHz"/);
  assert.throws(() => twinActions(manifest, pi, { variants: ['int2'] }), /names "int2", which the ladder does not have/);
});

test('a day of sensing under static fp32: exactly its action, the books close, hours simulated in well under a second', async () => {
  // A Pi 4 idles at ~3 W: a day is ~265 kJ, so a store that lasts it.
  const store = new IdealEnergyStore(1e6);
  const r = await simulateTwin({ actions: space, tasks: day, controller: staticPolicy(space, pi, 'fp32'), store });
  assert.equal(r.summary.served, day.length);
  assert.deepEqual(Object.keys(r.summary.perVariant), [actionId('fp32', pi.power.nominalOpPoint)]);
  assert.equal(r.summary.missed, 0);
  const perRequest = space.byId(actionId('fp32', pi.power.nominalOpPoint)).cost.energyJ;
  assert.ok(Math.abs(r.energy.requestJ - day.length * perRequest) < 1e-9 * r.energy.requestJ);
  // Idle power over the rest of the day, and the store drained by exactly requests + idle.
  assert.ok(Math.abs(r.energy.idleJ - pi.power.idleW * (r.replay.endS - day.length * space.byId(actionId('fp32', pi.power.nominalOpPoint)).cost.latencyS)) < 1e-6 * r.energy.idleJ);
  assert.ok(Math.abs((1 - r.finalSoc) * 1e6 - (r.energy.requestJ + r.energy.idleJ)) < 1e-6 * 1e6);
  assert.ok(Math.abs(r.meanQuality! - 0.87) < 1e-9, String(r.meanQuality));
});

test('the governors choose by their rules: race-to-idle the top frequency, schedutil the lowest that covers the load, the battery rule by SoC', async () => {
  const race = await simulateTwin({ actions: space, tasks: day.slice(0, 100), controller: new RaceToIdleGovernor('int8', pi.power.opPoints) });
  assert.deepEqual(Object.keys(race.summary.perVariant), ['int8@arm-1800']);
  // At 0.1 Hz the Pi is nearly idle: schedutil runs the lowest frequency.
  const lazy = await simulateTwin({ actions: space, tasks: day.slice(0, 100), controller: new SchedutilGovernor('int8', pi.power.opPoints) });
  assert.deepEqual(Object.keys(lazy.summary.perVariant), ['int8@arm-600']);
  // At a rate that loads the top frequency past 1/1.25, it runs at the top.
  const busyPeriod = space.byId('int8@arm-1800').cost.latencyS / 0.9;
  const busy = periodicTasks({ periodS: busyPeriod, durationS: busyPeriod * 400, relativeDeadlineS: 10 }, new Rng(2));
  const hot = await simulateTwin({ actions: space, tasks: busy, controller: new SchedutilGovernor('int8', pi.power.opPoints) });
  assert.equal(hot.summary.perVariant['int8@arm-1800']!.requests > 300, true, JSON.stringify(hot.summary.perVariant));
  // The battery rule: full → best, half-empty → middle, nearly empty → cheapest.
  const rule = new BatteryThresholdGovernor({ opPointId: pi.power.nominalOpPoint });
  const served = async (soc: number) => Object.keys((await simulateTwin({ actions: space, tasks: day.slice(0, 5), controller: rule, store: new IdealEnergyStore(1e6, soc) })).summary.perVariant);
  assert.deepEqual(await served(0.9), ['fp32@arm-1500']);
  assert.deepEqual(await served(0.3), ['int8@arm-1500']);
  assert.deepEqual(await served(0.1), ['int4@arm-1500']);
});

test('the adaptive controller on the twin spends less than static fp32 on the same day, within the accuracy of the ladder', async () => {
  const fp32 = await simulateTwin({ actions: space, tasks: day, controller: staticPolicy(space, pi, 'fp32'), store: new IdealEnergyStore(2e5, 0.5) });
  const adaptive = await simulateTwin({ actions: space, tasks: day, controller: new AdaptivePrecisionController(), store: new IdealEnergyStore(2e5, 0.5) });
  assert.ok(adaptive.energy.requestJ < fp32.energy.requestJ, `${adaptive.energy.requestJ} vs ${fp32.energy.requestJ}`);
  assert.ok(adaptive.meanQuality! >= 0.84);
});

test('bad input: unsorted tasks', async () => {
  const tasks = [day[1]!, day[0]!];
  await assert.rejects(simulateTwin({ actions: space, tasks, controller: staticPolicy(space, pi, 'fp32') }), /tasks must be sorted by arrival/);
});
