/**
 * The mirror check: the training environment must see the device as the
 * runtime does. The same controllers are run through TwinEnvironment (by
 * hand, step by step) and through simulateTwin (EdgeRuntime on a virtual
 * clock) on the same trace, and the two must agree on every count, every
 * joule booked and the final state of charge — to rounding, since both
 * book through the runtime's own EnergyLedger and RequestQueue. The cases
 * cover queueing and missed deadlines (the MCU's 70–915 ms rungs under
 * bursts), harvest, a nonlinear battery, a store that runs dry, dropped
 * expired requests, and switches between operating points that cost a DVFS
 * transition (time before the inference, energy at the switched-to
 * action's power) — the Pi 4 profile's 355 µs, and a long one on the MCU —
 * and the MCU's wake-up from Stop 3 (its profile's 32 µs before the
 * inference, against deadlines it decides).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Rng } from '../../../src/engine/random.js';
import { BatteryStore, IdealEnergyStore, LG18650_25C, type EnergyStore, type HarvestSource } from '../../../src/energy/index.js';
import { AdaptivePrecisionController } from '../../../src/runtime/adaptive-precision-controller.js';
import type { Controller } from '../../../src/runtime/controller.js';
import { FixedVariantController } from '../../../src/runtime/fixed-variant-controller.js';
import { BatteryThresholdGovernor } from '../../../src/scheduler/baselines/battery-threshold-governor.js';
import { SchedutilGovernor } from '../../../src/scheduler/baselines/dvfs-governors.js';
import { periodicTasks } from '../../../src/scheduler/workload/periodic.js';
import { topAction } from '../../../src/scheduler/eval/policies.js';
import { rlActionSpace } from '../../../src/scheduler/rl-policy/rl-action-space.js';
import { rewardOptionsFor } from '../../../src/scheduler/rl-policy/reward.js';
import { TwinEnvironment, type TwinEnvironmentTotals } from '../../../src/scheduler/rl-policy/twin-environment.js';
import { simulateTwin, type TwinResult } from '../../../src/scheduler/sim/device-twin.js';
import type { TwinActionSpace } from '../../../src/scheduler/sim/twin-actions.js';
import type { Task } from '../../../src/scheduler/workload/task.js';
import { busyWorkload, mcu, mcuSpace, pi, piSpace, solarDay } from './fixtures.js';

/**
 * The MCU's space with a 20 ms DVFS transition. Its profile cites none (so
 * its switches are free); 20 ms, a tenth of the 110 MHz int8 latency, is a
 * test value long enough that every transition visibly moves the queue,
 * the deadlines and the store, so a mirror that mistimed it would show.
 */
const mcuSlowDvfs: TwinActionSpace = { ...mcuSpace, dvfsTransitionS: 0.02 };

/**
 * A sensing loop whose deadlines fall 16 µs after the MCU's int8 inference
 * at 110 MHz: half its profile's 32 µs wake-up from Stop 3 (DS13086 Table
 * 75), so that action meets them only if the wake-up is not timed, and
 * every tick (2 s apart) finds the device asleep.
 */
const WAKE_ACTION = 'int8@range2-110mhz';
const tightLoop = periodicTasks({ periodS: 2, jitterS: 0.05, durationS: 3600, relativeDeadlineS: mcuSpace.byId(WAKE_ACTION).cost.latencyS + mcu.power.wakeUpS / 2, idPrefix: 'w' }, new Rng(18));

/** Critical requests at the fastest point, the rest at the slowest: a rule that moves the cores every few requests. */
function criticalFast(fastId: string, slowId: string): Controller {
  return { decide: (s) => ({ variantId: s.criticality === 'critical' ? fastId : slowId }), observe: () => {} };
}

interface Case {
  name: string;
  space: TwinActionSpace;
  tasks: Task[];
  store: () => EnergyStore;
  harvest?: HarvestSource;
  expiredPolicy?: 'serve' | 'drop';
  controllers: [string, () => Controller][];
}

function envRun(c: Case, controller: Controller): TwinEnvironmentTotals {
  const actions = rlActionSpace(c.space.actions, c.space.actions[0]!.id);
  const env = new TwinEnvironment({
    twin: c.space, actions, traces: [c.tasks], reward: rewardOptionsFor(actions),
    ...(c.harvest ? { harvest: c.harvest } : {}), ...(c.expiredPolicy ? { expiredPolicy: c.expiredPolicy } : {}),
  });
  env.begin(c.tasks, 0, c.tasks.length, c.store());
  for (;;) {
    const a = controller.decide(env.state!);
    const r = env.step(actions.indexOf(a.variantId));
    if (r.done || r.truncated) break;
  }
  assert.equal(env.state, null, 'no decision pending at the end');
  return env.totals;
}

function compare(label: string, e: TwinEnvironmentTotals, t: TwinResult): Record<string, number> {
  const close = (a: number, b: number, what: string) => assert.ok(Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(b)), `${label}: ${what}: environment ${a}, twin ${b}`);
  assert.equal(e.served, t.summary.served, `${label}: served`);
  assert.equal(e.missed, t.summary.missed, `${label}: missed`);
  assert.equal(e.dropped, t.summary.dropped, `${label}: dropped`);
  assert.equal(e.unsubmitted, t.replay.unsubmitted, `${label}: unsubmitted`);
  assert.equal(e.depleted, t.replay.depleted, `${label}: depleted`);
  close(e.energy.requestJ, t.energy.requestJ, 'request energy');
  close(e.energy.idleJ, t.energy.idleJ, 'idle energy');
  close(e.energy.harvestJ, t.energy.harvestJ, 'harvest');
  close(e.soc, t.finalSoc, 'final SoC');
  close(e.nowS, t.replay.endS, 'end time');
  if (t.meanQuality !== null) close(e.qualitySum / e.qualityCount, t.meanQuality, 'mean quality');
  return { served: e.served, missed: e.missed, requestJ: e.energy.requestJ, soc: e.soc };
}

const cases: Case[] = [
  {
    name: 'MCU, bursts and critical checks, solar, small ideal store',
    space: mcuSpace, tasks: busyWorkload(3 * 3600, 11), store: () => new IdealEnergyStore(200, 0.5), harvest: solarDay(0.2),
    controllers: [
      ['static top', () => new FixedVariantController(topAction(mcuSpace, mcu).id)],
      ['adaptive', () => new AdaptivePrecisionController()],
      ['battery threshold', () => new BatteryThresholdGovernor({ opPointId: mcu.power.nominalOpPoint })],
    ],
  },
  {
    name: 'MCU on an 18650 cell model (nonlinear store), expired requests dropped',
    space: mcuSpace, tasks: busyWorkload(2 * 3600, 12), store: () => new BatteryStore(LG18650_25C, 0.3), expiredPolicy: 'drop',
    controllers: [['static top', () => new FixedVariantController(topAction(mcuSpace, mcu).id)], ['adaptive', () => new AdaptivePrecisionController()]],
  },
  {
    name: 'Pi, the store runs dry mid-trace',
    space: piSpace, tasks: busyWorkload(3600, 13), store: () => new IdealEnergyStore(4000, 0.5),
    controllers: [['static top', () => new FixedVariantController(topAction(piSpace, pi).id)], ['adaptive', () => new AdaptivePrecisionController()]],
  },
  {
    name: 'MCU whose operating-point switches cost 20 ms, bursts, solar',
    space: mcuSlowDvfs, tasks: busyWorkload(2 * 3600, 16), store: () => new IdealEnergyStore(200, 0.5), harvest: solarDay(0.2),
    controllers: [
      ['critical fast', () => criticalFast('int8@range1-160mhz', 'int8@range4-25mhz')],
      ['schedutil', () => new SchedutilGovernor('int8', mcu.power.opPoints)],
      ['adaptive', () => new AdaptivePrecisionController()],
    ],
  },
  {
    name: 'MCU with its profile\'s wake-up, deadlines 16 µs past the 110 MHz inference',
    space: mcuSpace, tasks: tightLoop, store: () => new IdealEnergyStore(200, 0.5),
    controllers: [
      ['static 110 MHz', () => new FixedVariantController(WAKE_ACTION)],
      ['adaptive', () => new AdaptivePrecisionController()],
      ['schedutil', () => new SchedutilGovernor('int8', mcu.power.opPoints)],
    ],
  },
  {
    name: 'Pi with its profile\'s DVFS transition, critical requests at the top point',
    space: piSpace, tasks: busyWorkload(3600, 17), store: () => new IdealEnergyStore(1e5, 1),
    controllers: [['critical fast', () => criticalFast('int8@arm-1800', 'int8@arm-600')]],
  },
];

for (const c of cases) {
  test(`mirror: ${c.name} — the environment and simulateTwin agree`, async () => {
    for (const [name, make] of c.controllers) {
      const e = envRun(c, make());
      const t = await simulateTwin({ actions: c.space, tasks: c.tasks, controller: make(), store: c.store(), ...(c.harvest ? { harvest: c.harvest } : {}), ...(c.expiredPolicy ? { expiredPolicy: c.expiredPolicy } : {}) });
      const n = compare(`${c.name} / ${name}`, e, t);
      if (process.env['RL_MIRROR_LOG']) console.log(c.name, name, JSON.stringify(n));
    }
  });
}

test('the mirror cases exercise what they claim: queueing misses, drops, depletion, harvest', () => {
  const [busy, battery, dry] = cases;
  const adaptive = envRun(busy!, new AdaptivePrecisionController());
  assert.ok(adaptive.missed > 100, `slow rungs under bursts miss deadlines: ${adaptive.missed}`);
  assert.ok(adaptive.energy.harvestJ > 0);
  assert.ok(envRun(battery!, new AdaptivePrecisionController()).dropped > 0, 'expired requests dropped');
  const d = envRun(dry!, new FixedVariantController(topAction(piSpace, pi).id));
  assert.ok(d.depleted && d.unsubmitted > 0, JSON.stringify(d));
});

test('the transition cases switch operating points and pay for it in time and energy, and the environment books the same', async () => {
  assert.ok(piSpace.dvfsTransitionS > 0, 'the Pi 4 profile gives a transition time');
  for (const c of [cases[3]!, cases[5]!]) {
    for (const [name, make] of c.controllers) {
      let switchJ = 0;
      let paid = 0;
      const t = await simulateTwin({
        actions: c.space, tasks: c.tasks, controller: make(), store: c.store(), ...(c.harvest ? { harvest: c.harvest } : {}),
        onEvent: (e) => {
          if (e.type !== 'request' || e.switchS === 0) return;
          assert.ok(Math.abs(e.switchS - c.space.dvfsTransitionS) < 1e-9, `${c.name} / ${name}: a switch took ${e.switchS} s`);
          switchJ += e.switchJ;
          paid++;
        },
      });
      assert.ok(paid > 10 && switchJ > 0, `${c.name} / ${name}: ${paid} paid transitions, ${switchJ} J`);
      // The environment's books include the same switch energy: without it they would fall short by switchJ.
      const e = envRun(c, make());
      assert.ok(Math.abs(e.energy.requestJ - t.energy.requestJ) < 1e-6 * switchJ, `${c.name} / ${name}: ${e.energy.requestJ} vs ${t.energy.requestJ} (switches ${switchJ} J)`);
    }
  }
});

test('episodes: reset draws a window of a training trace, starts the clock at its first arrival and truncates at its end', () => {
  const tasks = busyWorkload(3600, 14);
  const actions = rlActionSpace(mcuSpace.actions, topAction(mcuSpace, mcu).id);
  const env = new TwinEnvironment({ twin: mcuSpace, actions, traces: [tasks], reward: rewardOptionsFor(actions), episodeTasks: 50 });
  const rng = new Rng(3);
  const obs = env.reset(rng);
  assert.equal(obs.length, env.observationSize);
  const first = env.state!;
  assert.ok(tasks.some((t) => t.arrivalS === first.nowS), 'the first decision is at an arrival');
  assert.deepEqual(Array.from(env.actionMask()), Array.from(actions.allowed));
  let steps = 1;
  let last = env.step(actions.indexOf(mcuSpace.actions.find((a) => actions.allowed[actions.indexOf(a.id)])!.id));
  while (!last.done && !last.truncated) {
    last = env.step(actions.referenceIndex);
    steps++;
  }
  assert.equal(steps, 50, 'one decision per request of the window');
  assert.equal(last.truncated, true);
  assert.throws(() => env.step(0), /the episode is over/);
  assert.throws(() => new TwinEnvironment({ twin: mcuSpace, actions: rlActionSpace(piSpace.actions, piSpace.actions[0]!.id), traces: [tasks], reward: rewardOptionsFor(actions) }), /must list the twin's actions/);
  assert.throws(() => new TwinEnvironment({ twin: mcuSpace, actions, traces: [[tasks[1]!, tasks[0]!]], reward: rewardOptionsFor(actions) }), /not sorted by arrival/);
});

test('a store that runs dry ends the episode as terminal, charging every request left as a miss', () => {
  const tasks = busyWorkload(3600, 15);
  const actions = rlActionSpace(piSpace.actions, topAction(piSpace, pi).id);
  const reward = rewardOptionsFor(actions);
  const env = new TwinEnvironment({ twin: piSpace, actions, traces: [tasks], reward, store: () => new IdealEnergyStore(4000, 0.5) });
  env.reset(new Rng(1));
  let r = env.step(actions.referenceIndex);
  while (!r.done && !r.truncated) r = env.step(actions.referenceIndex);
  assert.equal(r.done, true);
  const left = env.totals.unsubmitted;
  assert.ok(left > 0);
  assert.ok(r.reward <= -reward.deadlineWeight * left, `${r.reward} vs ${-reward.deadlineWeight * left}`);
});

test('the wake-up case: every request after a sleep starts the wake-up later and misses by it, in the runtime and the environment alike', async () => {
  const c = cases[4]!;
  assert.ok(mcu.power.wakeUpS > 0 && mcuSpace.wakeUp.latencyS === mcu.power.wakeUpS, 'the U575 profile gives a wake-up time');
  const arrival = new Map(c.tasks.map((t) => [t.id, t.arrivalS]));
  const fixed = () => new FixedVariantController(WAKE_ACTION);
  const runBoth = async (space: TwinActionSpace) => {
    const wakes: number[] = [];
    const t = await simulateTwin({
      actions: space, tasks: c.tasks, controller: fixed(), store: c.store(),
      // What is left of completion − arrival after queueing, switch and inference: the wake-up.
      onEvent: (e) => { if (e.type === 'request') wakes.push(e.t - arrival.get(e.requestId)! - e.queueWaitS - e.switchS - e.latencyS); },
    });
    const e = envRun({ ...c, space }, fixed());
    compare(`wake-up / ${space.wakeUp.latencyS} s`, e, t);
    return { t, e, wakes };
  };
  const timed = await runBoth(mcuSpace);
  assert.equal(timed.t.summary.served, c.tasks.length);
  for (const w of timed.wakes) assert.ok(Math.abs(w - mcu.power.wakeUpS) < 1e-9, `a wake-up took ${w} s`);
  assert.equal(timed.t.summary.missed, c.tasks.length, 'each tick finds the device asleep and misses by 16 µs');
  // The same wake-up energy with no time: every deadline met, and the environment sees that too.
  const instant = await runBoth({ ...mcuSpace, wakeUp: { energyJ: mcu.power.wakeUpJ, latencyS: 0 } });
  assert.deepEqual([instant.t.summary.missed, instant.e.missed], [0, 0]);
  assert.ok(Math.abs(instant.e.energy.requestJ - timed.e.energy.requestJ) < 1e-12 * timed.e.energy.requestJ, 'the wake-up is charged its energy, not its time at active power');
});
