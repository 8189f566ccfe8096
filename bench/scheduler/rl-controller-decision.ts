/**
 * `node dist/bench/scheduler/rl-controller-decision.js`: the time the RL
 * scheduler takes to decide one request as the runtime calls it —
 * RlController.decide on a ControllerState: the observation built from the
 * state, the greedy network over the masked actions — beside the rule-based
 * AdaptivePrecisionController deciding the same states, interleaved round
 * by round, medians after warm-up. The action space is the demo's ward
 * monitor (HAR ladder × the U575's four operating points, 48 actions); the
 * network is the size the evaluation trains (11→32→32→48) with random
 * weights (the time does not depend on their values). Issue 6's budget:
 * ≤ 20 µs per decision. Writes bench/results/rl-controller-decision.json.
 */
import { loadavg } from 'node:os';
import { readLadder } from '../../src/compress/ladder/manifest-file.js';
import { Rng } from '../../src/engine/index.js';
import { loadDeviceProfile } from '../../src/energy/index.js';
import { writeJsonAtomic } from '../../src/io/atomic-write.js';
import { AdaptivePrecisionController } from '../../src/runtime/adaptive-precision-controller.js';
import type { CandidateVariant, Controller, ControllerState } from '../../src/runtime/controller.js';
import { CRITICALITIES } from '../../src/runtime/request.js';
import { buildQNetwork, denseLayersOf, GreedyPolicy } from '../../src/scheduler/rl/index.js';
import { OBSERVATION_NORMALISER, OBSERVATION_SIZE } from '../../src/scheduler/rl-policy/observation.js';
import { RlController } from '../../src/scheduler/rl-policy/rl-controller.js';
import { qualityCreditFor, rewardOptionsFor } from '../../src/scheduler/rl-policy/reward.js';
import { rlActionSpace } from '../../src/scheduler/rl-policy/rl-action-space.js';
import { referenceAction } from '../../src/scheduler/sim/reference-action.js';
import { twinActions } from '../../src/scheduler/sim/twin-actions.js';
import { describeMachine } from '../machine.js';

const BUDGET_US = 20;
const STATES = 1024;

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

function main(): void {
  const rounds = Number(process.argv.find((a) => a.startsWith('--rounds='))?.slice(9) ?? 400);
  const warmup = 40;
  const profile = loadDeviceProfile('nucleo-u575zi');
  const { manifest } = readLadder('scenarios/ladders/har-cnn1d.json', { verifyFiles: false });
  const space = twinActions(manifest, profile);
  const rlSpace = rlActionSpace(space.actions, referenceAction(space, profile).id);
  const network = buildQNetwork({ observationSize: OBSERVATION_SIZE, actionCount: rlSpace.size, hidden: [32, 32] }, new Rng(7));
  const rl = new RlController(new GreedyPolicy(denseLayersOf(network), OBSERVATION_NORMALISER), rlSpace, qualityCreditFor(rewardOptionsFor(rlSpace)).options);
  const adaptive = new AdaptivePrecisionController();
  const candidates: CandidateVariant[] = space.actions.map((a) => ({ id: a.id, cost: a.cost, quality: a.quality, switchCostS: null }));
  // Varied states: charge, harvest, queue, slack, rate, criticality and the current action all change.
  const rng = new Rng(2026);
  const states: ControllerState[] = Array.from({ length: STATES }, (_, i) => ({
    nowS: i, soc: rng.next(), remainingJ: 3e4 * rng.next(), harvestForecastJ: 5 * rng.next(), forecastHorizonS: 900,
    queueLength: Math.floor(5 * rng.next()), arrivalRateHz: 2 * rng.next(), criticality: CRITICALITIES[i % 3]!, slackS: 2 * rng.next(),
    currentVariantId: candidates[Math.floor(rng.next() * candidates.length)]!.id, sinceSwitchS: 10 * rng.next(), candidates,
  }));
  const perDecision = (c: Controller): number => {
    const t0 = performance.now();
    for (const s of states) c.decide(s);
    return ((performance.now() - t0) * 1e3) / states.length;
  };
  const rlUs: number[] = [];
  const adaptiveUs: number[] = [];
  const load = loadavg()[0]!;
  for (let r = 0; r < warmup + rounds; r++) {
    const a = r % 2 === 0;
    const x = a ? perDecision(rl) : perDecision(adaptive);
    const y = a ? perDecision(adaptive) : perDecision(rl);
    if (r < warmup) continue;
    rlUs.push(a ? x : y);
    adaptiveUs.push(a ? y : x);
  }
  const result = {
    benchmark: 'rl-controller-decision',
    machine: describeMachine(),
    loadAverage: { before: +load.toFixed(2), after: +loadavg()[0]!.toFixed(2) },
    actions: rlSpace.size,
    allowedActions: rlSpace.allowed.reduce((n, a) => n + a, 0),
    network: `${OBSERVATION_SIZE}→32→32→${rlSpace.size}`,
    rounds, warmupRounds: warmup, statesPerRound: STATES,
    rlMedianUs: +median(rlUs).toFixed(3),
    adaptiveMedianUs: +median(adaptiveUs).toFixed(3),
    budgetUs: BUDGET_US,
    meetsBudget: median(rlUs) <= BUDGET_US,
  };
  const out = 'bench/results/rl-controller-decision.json';
  void writeJsonAtomic(out, result).then(() => {
    console.log(`RL controller decision (${result.network}, ${result.allowedActions} of ${result.actions} actions allowed): median ${result.rlMedianUs} µs; adaptive rule ${result.adaptiveMedianUs} µs; budget ${BUDGET_US} µs ${result.meetsBudget ? 'met' : 'MISSED'}; load ${result.loadAverage.before}; wrote ${out}`);
  });
}

main();
