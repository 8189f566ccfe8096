/**
 * The oracle: its plan meets the accuracy floor with the least inference
 * energy any per-task assignment can (checked against every assignment
 * that mixes two actions, the LP optimum's form), serves critical tasks at
 * the best quality, and replayed through the twin costs what it planned;
 * on an MCU its deadline checks count the wake-up before each task.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadDeviceProfile } from '../../../src/energy/index.js';
import { Rng } from '../../../src/engine/random.js';
import { OracleController } from '../../../src/scheduler/oracle/oracle-controller.js';
import { efficientHull, planOracle } from '../../../src/scheduler/oracle/oracle-plan.js';
import { simulateTwin } from '../../../src/scheduler/sim/device-twin.js';
import { twinActions } from '../../../src/scheduler/sim/twin-actions.js';
import { mergeWorkloads } from '../../../src/scheduler/workload/merge.js';
import { periodicTasks } from '../../../src/scheduler/workload/periodic.js';
import { IdealEnergyStore } from '../../../src/energy/index.js';
import { LADDER } from './fixtures.js';

const pi = loadDeviceProfile('raspberry-pi-4');
const space = twinActions(LADDER, pi);
const normal = periodicTasks({ periodS: 5, durationS: 3600, relativeDeadlineS: 1 }, new Rng(1));

test('the plan meets the floor within one task of the least energy of any two-action mix', () => {
  for (const floor of [0.5, 0.85, 0.86, 0.869]) {
    const plan = planOracle(space, normal, { minAccuracy: floor });
    assert.ok(plan.accuracy >= floor - 1e-12, `floor ${floor}: accuracy ${plan.accuracy}`);
    let best = Infinity;
    const n = normal.length;
    for (const a of space.actions) {
      for (const b of space.actions) {
        for (let k = 0; k <= n; k += 1) {
          const q = ((n - k) * a.quality! + k * b.quality!) / n;
          if (q < floor - 1e-12) continue;
          best = Math.min(best, (n - k) * a.cost.energyJ + k * b.cost.energyJ);
        }
      }
    }
    // The LP optimum rounded up to whole tasks: within one task's largest cost difference of the integer optimum.
    const oneTask = Math.max(...space.actions.map((a) => a.cost.energyJ)) - Math.min(...space.actions.map((a) => a.cost.energyJ));
    assert.ok(plan.inferenceEnergyJ <= best + oneTask, `floor ${floor}: plan ${plan.inferenceEnergyJ} J vs best two-action mix ${best} J`);
    assert.ok(plan.inferenceEnergyJ >= best - oneTask, 'and no cheaper than the integer optimum allows');
  }
  // Unreachable floors say so and serve the best.
  const over = planOracle(space, normal, { minAccuracy: 0.95 });
  assert.equal(over.accuracyUnreachable, true);
  assert.ok(Math.abs(over.accuracy - 0.87) < 1e-12);
});

test('the hull rises in quality and cost from the cheapest action', () => {
  const hull = efficientHull(space.actions, 0);
  for (let i = 1; i < hull.length; i++) {
    assert.ok(hull[i]!.quality! > hull[i - 1]!.quality!);
    assert.ok(hull[i]!.cost.energyJ >= hull[i - 1]!.cost.energyJ);
  }
  assert.equal(hull[0]!.cost.energyJ, Math.min(...space.actions.map((a) => a.cost.energyJ)));
});

test('replayed through the twin, the plan costs what it planned; critical tasks get the best quality', async () => {
  const critical = periodicTasks({ periodS: 60, durationS: 3600, phaseS: 2.5, relativeDeadlineS: 0.5, criticality: 'critical', idPrefix: 'c' }, new Rng(2));
  const tasks = mergeWorkloads([normal, critical]);
  const plan = planOracle(space, tasks, { minAccuracy: 0.85 });
  assert.ok(space.byId(plan.byClass.critical!.action).quality === 0.87);
  const r = await simulateTwin({ actions: space, tasks, controller: new OracleController(plan), store: new IdealEnergyStore(1e6) });
  assert.equal(r.summary.missed, 0);
  assert.ok(Math.abs(r.energy.requestJ - plan.inferenceEnergyJ) < 1e-9 * plan.inferenceEnergyJ, `${r.energy.requestJ} vs ${plan.inferenceEnergyJ}`);
  assert.ok(Math.abs(r.meanQuality! - plan.accuracy) < 1e-9);
});

test('on an MCU the plan counts the wake-up before each task: an action that meets a deadline only if waking took no time is not planned', async () => {
  const mcu = loadDeviceProfile('nucleo-u575zi');
  const mcuSpace = twinActions(LADDER, mcu);
  const top = mcuSpace.byId('int8@range1-160mhz');
  // Deadlines 16 µs past the fastest full-quality inference: half the profile's 32 µs wake-up from Stop 3.
  const tasks = periodicTasks({ periodS: 60, durationS: 3600, phaseS: 2.5, relativeDeadlineS: top.cost.latencyS + mcu.power.wakeUpS / 2, criticality: 'critical', idPrefix: 'c' }, new Rng(3));
  assert.ok(mcu.power.wakeUpS > 0 && top.quality === Math.max(...mcuSpace.actions.map((a) => a.quality!)));
  const plan = planOracle(mcuSpace, tasks, { minAccuracy: 0 });
  const chosen = mcuSpace.byId(plan.byClass.critical!.action);
  assert.ok(chosen.quality! < top.quality! && chosen.cost.latencyS + mcu.power.wakeUpS <= tasks[0]!.deadlineS - tasks[0]!.arrivalS, `planned ${chosen.id}`);
  const r = await simulateTwin({ actions: mcuSpace, tasks, controller: new OracleController(plan), store: new IdealEnergyStore(1e6) });
  assert.deepEqual([r.summary.served, r.summary.missed], [tasks.length, 0]);
});
