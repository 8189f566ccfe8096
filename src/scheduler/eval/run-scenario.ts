/**
 * Runs a scenario: for every device, every seed and every policy, the
 * device twin over the seed's workload with a fresh energy store; metrics
 * per run (run-metrics.ts), means and 95% intervals over seeds
 * (estimate.ts), the first seed's traces for the charts, and the headline
 * (headline.ts). An abort signal (Ctrl-C in the CLI) stops between runs and
 * returns what was done, marked partial.
 */
import { dirname, resolve } from 'node:path';
import { readLadder } from '../../compress/ladder/manifest-file.js';
import { loadDeviceProfile, loadRadioProfile, type DeviceProfile } from '../../energy/index.js';
import { simulateTwin, type TwinResult } from '../sim/device-twin.js';
import { capLatency, latencyFloorRatio } from '../sim/latency-cap.js';
import { twinActions, type TwinActionSpace } from '../sim/twin-actions.js';
import { harvestFor, storeFor } from './device-environment.js';
import type { DeviceRun, EvaluationResult, PolicyMetrics, PolicyRun, PolicyTrace } from './evaluation-result.js';
import { estimate } from './estimate.js';
import { headline } from './headline.js';
import { buildPolicy, HEURISTICS, PolicyNotApplicableError, SCHEDULERS, topAction, type PolicyName } from './policies.js';
import { RL_TRAINING_SEEDS, rlPolicyFor, type RlPolicy } from '../rl-policy/rl-policy-for.js';
import { runNumbers, type RunNumbers } from './run-metrics.js';
import type { Scenario, ScenarioDevice } from './scenario.js';
import { scenarioTasks } from './scenario-workload.js';

export interface RunScenarioOptions {
  /** The scenario file, for resolving its relative ladder paths. */
  scenarioPath: string;
  /** The shared data folder (real traces, irradiance). */
  dataDir: string;
  signal?: AbortSignal;
  onProgress?: (done: number, total: number, label: string) => void;
  /** Trace points kept for the charts (default 1500). */
  tracePoints?: number;
}

function traceOf(r: TwinResult, space: TwinActionSpace): PolicyTrace {
  const rank = new Map([...space.actions].sort((a, b) => (b.quality ?? -1) - (a.quality ?? -1) || a.cost.energyJ - b.cost.energyJ).map((a, i) => [a.id, i]));
  const t = r.trace!;
  return { tS: t.tS, energyJ: t.energyJ, soc: t.soc, servedTS: t.tS, servedRank: t.actionId.map((id) => rank.get(id) ?? -1), responseS: Array.from(r.responseTimesS) };
}

function metricsOf(runs: RunNumbers[]): PolicyMetrics {
  const est = (f: (n: RunNumbers) => number) => estimate(runs.map(f).map((v) => (Number.isFinite(v) ? v : 0)));
  const crit = runs.every((n) => n.criticalAccuracy !== null) ? estimate(runs.map((n) => n.criticalAccuracy!)) : null;
  return {
    energyPerInferenceMj: est((n) => n.energyPerInferenceMj),
    totalEnergyJ: est((n) => n.totalEnergyJ),
    latencyP50S: est((n) => n.latencyP50S),
    latencyP95S: est((n) => n.latencyP95S),
    latencyP99S: est((n) => n.latencyP99S),
    deadlineMissRate: est((n) => n.deadlineMissRate),
    accuracy: est((n) => n.accuracy),
    criticalAccuracy: crit,
    batteryLifetimeH: est((n) => n.batteryLifetimeH),
    co2eG: est((n) => n.co2eG),
    served: est((n) => n.served),
    depletedRuns: runs.filter((n) => n.depleted).length,
  };
}

/** What the latency budget was per device, in words. */
function latencyBudgetNotes(prepared: readonly { d: ScenarioDevice; latencyRatio: number | null; referenceId: string; space: TwinActionSpace; scheduled: TwinActionSpace }[]): string[] {
  const capped = prepared.filter((p) => p.latencyRatio !== null);
  if (capped.length === 0) return ['No latency budget: the scheduling policies (adaptive, rl, oracle) may use any action that meets the deadlines.'];
  return capped.map(
    (p) =>
      `Latency budget on ${p.d.name}: adaptive, rl and the oracle are offered only actions at most ${p.latencyRatio}× as slow as static fp32's ${p.referenceId} ` +
      `(${p.scheduled.actions.length} of ${p.space.actions.length} actions); the baselines keep theirs.`,
  );
}

export async function runScenario(s: Scenario, o: RunScenarioOptions): Promise<EvaluationResult> {
  const durationS = s.durationH * 3600;
  const overlap = s.seeds.filter((x) => RL_TRAINING_SEEDS.includes(x));
  if ((s.policies.includes('rl') || s.policies.includes('rl-online')) && overlap.length > 0) {
    throw new RangeError(`scenario seeds ${overlap.join(', ')} are the RL policy's training seeds (${RL_TRAINING_SEEDS.join(', ')}); evaluate on other seeds`);
  }
  const maxLoss = (s.maxAccuracyLossPts ?? 1) / 100;
  const scenarioDir = dirname(resolve(o.scenarioPath));
  // Everything that can fail on bad input is resolved before the first run.
  const prepared = s.devices.map((d) => {
    const profile: DeviceProfile = loadDeviceProfile(d.device.endsWith('.json') ? resolve(scenarioDir, d.device) : d.device);
    const { manifest } = readLadder(resolve(scenarioDir, d.ladder), { verifyFiles: false });
    const offload =
      d.offload === undefined
        ? undefined
        : {
            radio: loadRadioProfile(d.offload.radio.endsWith('.json') ? resolve(scenarioDir, d.offload.radio) : d.offload.radio),
            gateway: loadDeviceProfile(d.offload.gateway.endsWith('.json') ? resolve(scenarioDir, d.offload.gateway) : d.offload.gateway),
            ...(d.offload.variant !== undefined ? { gatewayVariant: d.offload.variant } : {}),
            ...(d.offload.linkUp !== undefined ? { linkUp: d.offload.linkUp } : {}),
          };
    const space = twinActions(manifest, profile, {
      ...(d.engine !== undefined ? { engine: d.engine } : {}),
      ...(d.variants !== undefined ? { variants: d.variants } : {}),
      ...(offload !== undefined ? { offload } : {}),
    });
    const referenceId = topAction(space, profile).id;
    // The scheduling policies' actions under the latency budget (the baselines keep theirs: they are what they are).
    const latencyRatio = d.maxLatencyRatio === undefined ? s.maxLatencyRatio : d.maxLatencyRatio;
    const scheduled = latencyRatio === undefined || latencyRatio === null ? space : capLatency(space, referenceId, latencyRatio);
    const harvest = harvestFor(d, o.dataDir);
    const tasksBySeed = s.seeds.map((seed) => scenarioTasks(d.workload, durationS, seed, o.dataDir));
    // Trained on first use, once per device, on traces of seeds the evaluation never uses.
    let rl: RlPolicy | null = null;
    const rlFor = (): RlPolicy =>
      (rl ??= rlPolicyFor(scheduled, profile, RL_TRAINING_SEEDS.map((seed) => scenarioTasks(d.workload, durationS, seed, o.dataDir)), {
        referenceActionId: referenceId,
        store: () => storeFor(d).store,
        harvest,
      }));
    return { d, profile, manifest, space, scheduled, latencyRatio: latencyRatio ?? null, referenceId, harvest, tasksBySeed, rlFor };
  });
  const order: PolicyName[] = ['static-fp32', ...s.policies.filter((p) => p !== 'static-fp32')];
  const total = prepared.length * s.seeds.length * order.length;
  let done = 0;
  let partial = false;
  const runs: DeviceRun[] = [];
  const skipped = new Map<string, string>();
  for (const p of prepared) {
    const numbers = new Map<PolicyName, RunNumbers[]>(order.map((n) => [n, []]));
    const traces = new Map<PolicyName, PolicyTrace>();
    const descriptions = new Map<PolicyName, string>();
    seeds: for (let si = 0; si < s.seeds.length; si++) {
      const tasks = p.tasksBySeed[si]!;
      let fp32Accuracy = NaN;
      for (const name of order) {
        if (o.signal?.aborted) {
          partial = true;
          break seeds;
        }
        if (skipped.has(`${p.d.name}/${name}`)) continue;
        let policy: ReturnType<typeof buildPolicy>;
        const actions = SCHEDULERS.includes(name) ? p.scheduled : p.space;
        try {
          policy = buildPolicy(name, { space: actions, profile: p.profile, tasks, oracleMinAccuracy: Math.max(0, fp32Accuracy - maxLoss), rl: p.rlFor });
        } catch (e) {
          if (!(e instanceof PolicyNotApplicableError)) throw e;
          skipped.set(`${p.d.name}/${name}`, `${name} not run on ${p.d.name}: ${e.message}${HEURISTICS.includes(name) ? '; it is left out of the best-heuristic comparison' : ''}`);
          done += s.seeds.length - si;
          continue;
        }
        descriptions.set(name, policy.description);
        const { store, capacityJ } = storeFor(p.d);
        const initialSoc = store.soc;
        const r = await simulateTwin({ actions, tasks, controller: policy.controller, store, harvest: p.harvest, ...(si === 0 ? { tracePoints: o.tracePoints ?? 1500 } : {}) });
        const n = runNumbers(r, { capacityJ, initialSoc, offered: tasks.length, gridIntensityGPerKwh: s.gridIntensityGPerKwh });
        if (name === 'static-fp32') fp32Accuracy = n.accuracy;
        numbers.get(name)!.push(n);
        if (si === 0) traces.set(name, traceOf(r, p.space));
        o.onProgress?.(++done, total, `${p.d.name} · seed ${s.seeds[si]} · ${name}`);
      }
    }
    const policies: PolicyRun[] = order
      .filter((n) => numbers.get(n)!.length > 0)
      .map((n) => ({ policy: n, description: descriptions.get(n)!, metrics: metricsOf(numbers.get(n)!), traceSeed: s.seeds[0]!, trace: traces.get(n)! }));
    if (policies.length > 0) {
      runs.push({
        device: `${p.d.name} (${p.profile.id})`,
        workload: p.d.workload.map((w) => w.kind).join(' + '),
        ladder: p.manifest.model.name,
        qualityMetric: [...new Set(p.manifest.variants.map((v) => v.quality?.metric).filter((m): m is string => m !== undefined))].join(', ') || 'unmeasured',
        actions: [...p.space.actions].sort((a, b) => (b.quality ?? -1) - (a.quality ?? -1) || a.cost.energyJ - b.cost.energyJ).map((a) => a.id),
        latencyFloorRatio: latencyFloorRatio(p.scheduled, p.referenceId, maxLoss),
        policies,
      });
    }
    if (partial) break;
  }
  return {
    scenario: s.name,
    durationS,
    seeds: s.seeds,
    gridIntensityGPerKwh: s.gridIntensityGPerKwh,
    runs,
    headline: headline(runs, s.policyUnderTest, maxLoss),
    policyUnderTest: s.policyUnderTest,
    notes: [
      'Every joule is modelled from the device profiles (devices/*.json, each coefficient cited), not measured; the twin serves the ladder variants without running them, so accuracy is each variant\'s measured quality on held-out data: top-1 for a classifier ladder, the ROC-AUC of its own anomaly score for a detector ladder (quality loss is counted in points either way).',
      'Energy per inference counts the inference (and any switch); total energy adds the idle power between requests, which dominates on SBCs and Jetsons and is the same for every policy.',
      `Grid intensity ${s.gridIntensityGPerKwh} g CO₂e/kWh: ${s.gridIntensitySource}.`,
      `Harvest forecasts the policies see: ${[...new Set(s.devices.filter((d) => d.solar !== undefined).map((d) => d.solar!.forecast ?? 'holt-winters'))].join(', ') || 'none (no harvest)'} (from the power measured so far; 'oracle' would integrate the trace's future).`,
      'The oracle plans each criticality class with the whole trace known (multiple-choice knapsack on the convex hull, tasks assumed not to overlap); its plan is replayed through the same twin, so any deadline it misses is counted.',
      ...latencyBudgetNotes(prepared),
      ...skipped.values(),
      ...(partial ? ['PARTIAL: the run was interrupted; only the runs listed were completed.'] : []),
    ],
    partial,
  };
}
