/**
 * `node dist/bench/scheduler/rl-online-cost.js [--rounds=200]
 * [--backend=reference|wasm]`: what
 * on-device fine-tuning (src/scheduler/rl-policy/online-rl-controller.ts)
 * costs on this host.
 *
 * - Decision time of the frozen RlController and of the OnlineRlController
 *   (ε = 0, after it has learned: its decide is the frozen one's on its
 *   own weights), on the same 1 024 varied states, interleaved round by
 *   round, medians after warm-up — issue 6's budget is ≤ 20 µs.
 * - `observe` without a gradient step (rebuild s, complete the previous
 *   transition, the reward, the replay write).
 * - One gradient step (double DQN, batch 32, the engine), taken through
 *   `learn()` with learnIn 'idle', so it is timed alone.
 *
 * The action space is the demo's ward monitor (HAR ladder × the U575's four
 * operating points, 48 actions) and the network the evaluation trains
 * (12→32→32→48), random weights (times do not depend on their values).
 * Prints one JSON object; writes nothing.
 */
import { loadavg } from 'node:os';
import { readLadder } from '../../src/compress/ladder/manifest-file.js';
import { activeBackend, Rng, setBackend } from '../../src/engine/index.js';
import { loadDeviceProfile } from '../../src/energy/index.js';
import type { CandidateVariant, Controller, ControllerState, RequestOutcome } from '../../src/runtime/controller.js';
import { CRITICALITIES } from '../../src/runtime/request.js';
import type { RequestEvent } from '../../src/runtime/request-event.js';
import { buildQNetwork, denseLayersOf, GreedyPolicy } from '../../src/scheduler/rl/index.js';
import { OBSERVATION_NORMALISER, OBSERVATION_SIZE } from '../../src/scheduler/rl-policy/observation.js';
import { OnlineRlController } from '../../src/scheduler/rl-policy/online-rl-controller.js';
import { forwardMacs, updateMacs } from '../../src/scheduler/rl-policy/online-rl-options.js';
import { qualityCreditFor, rewardOptionsFor } from '../../src/scheduler/rl-policy/reward.js';
import { rlActionSpace } from '../../src/scheduler/rl-policy/rl-action-space.js';
import { RlController } from '../../src/scheduler/rl-policy/rl-controller.js';
import { referenceAction } from '../../src/scheduler/sim/reference-action.js';
import { twinActions } from '../../src/scheduler/sim/twin-actions.js';
import { describeMachine } from '../machine.js';

const STATES = 1024;

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

function quantile(xs: readonly number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))]!;
}

function main(): void {
  const rounds = Number(process.argv.find((a) => a.startsWith('--rounds='))?.slice(9) ?? 200);
  const warmup = 20;
  const backend = process.argv.find((a) => a.startsWith('--backend='))?.slice(10);
  if (backend !== undefined) setBackend(backend);
  const profile = loadDeviceProfile('nucleo-u575zi');
  const { manifest } = readLadder('scenarios/ladders/har-cnn1d.json', { verifyFiles: false });
  const space = twinActions(manifest, profile);
  const rlSpace = rlActionSpace(space.actions, referenceAction(space, profile).id);
  const network = buildQNetwork({ observationSize: OBSERVATION_SIZE, actionCount: rlSpace.size, hidden: [32, 32] }, new Rng(7));
  const policy = new GreedyPolicy(denseLayersOf(network), OBSERVATION_NORMALISER);
  const frozen = new RlController(policy, rlSpace, qualityCreditFor(rewardOptionsFor(rlSpace)).options);
  const online = new OnlineRlController(frozen, { learnIn: 'idle' });
  const candidates: CandidateVariant[] = space.actions.map((a) => ({ id: a.id, cost: a.cost, quality: a.quality, switchCostS: null }));
  const rng = new Rng(2026);
  const states: ControllerState[] = Array.from({ length: STATES }, (_, i) => ({
    nowS: i, soc: rng.next(), remainingJ: 3e4 * rng.next(), harvestForecastJ: 5 * rng.next(), forecastHorizonS: 900,
    queueLength: Math.floor(5 * rng.next()), arrivalRateHz: 2 * rng.next(), criticality: CRITICALITIES[i % 3]!, slackS: 2 * rng.next(),
    currentVariantId: candidates[Math.floor(rng.next() * candidates.length)]!.id, sinceSwitchS: 10 * rng.next(), candidates,
  }));
  // Outcomes as the runtime reports them: the action decided, a modelled energy, met or missed, the served quality.
  const outcomes: RequestOutcome[] = states.map((state, i) => {
    const action = frozen.decide(state);
    const a = space.actions.find((x) => x.id === action.variantId)!;
    const event: RequestEvent = {
      type: 'request', t: state.nowS + a.cost.latencyS, requestId: `r${i}`, variantId: a.id, criticality: state.criticality, queueWaitS: 0,
      latencyS: a.cost.latencyS, energyJ: a.cost.energyJ, switchJ: 0, energySource: 'model', estimate: true, deadlineS: state.nowS + 2,
      deadlineMet: i % 17 !== 0, accuracyProxy: a.quality, soc: state.soc, switched: false, switchS: 0, wakeS: 0, wakeJ: 0,
    };
    return { state, action, event };
  });
  // Fill the buffer and learn a little, so the online controller decides on weights of its own.
  for (const o of outcomes) online.observe(o);
  online.learn();

  const perDecision = (c: Controller): number => {
    const t0 = performance.now();
    for (const s of states) c.decide(s);
    return ((performance.now() - t0) * 1e3) / states.length;
  };
  const frozenUs: number[] = [];
  const onlineUs: number[] = [];
  const observeUs: number[] = [];
  const updateMs: number[] = [];
  const load = loadavg()[0]!;
  for (let r = 0; r < warmup + rounds; r++) {
    const first = r % 2 === 0;
    const x = first ? perDecision(frozen) : perDecision(online);
    const y = first ? perDecision(online) : perDecision(frozen);
    // observe alone: steps fall due (learnIn 'idle') but are not run here.
    const t0 = performance.now();
    for (const o of outcomes) online.observe(o);
    const t1 = performance.now();
    // The gradient steps that fell due (1 024 / 32 = 32), each timed.
    const steps: number[] = [];
    while (online.pendingUpdates > 0) {
      const s0 = performance.now();
      online.learn(1);
      steps.push(performance.now() - s0);
    }
    if (r < warmup) continue;
    frozenUs.push(first ? x : y);
    onlineUs.push(first ? y : x);
    observeUs.push(((t1 - t0) * 1e3) / outcomes.length);
    updateMs.push(median(steps));
  }
  const layers = online.current.policy.layers;
  const o = online.options;
  console.log(JSON.stringify({
    benchmark: 'rl-online-cost',
    machine: describeMachine(),
    loadAverage: { before: +load.toFixed(2), after: +loadavg()[0]!.toFixed(2) },
    network: `${OBSERVATION_SIZE}→32→32→${rlSpace.size}`,
    engineBackend: activeBackend().name,
    rounds, warmupRounds: warmup, statesPerRound: STATES,
    decideFrozenMedianUs: +median(frozenUs).toFixed(3),
    decideOnlineMedianUs: +median(onlineUs).toFixed(3),
    decideOnlineP90Us: +quantile(onlineUs, 0.9).toFixed(3),
    observeNoUpdateMedianUs: +median(observeUs).toFixed(3),
    updateMedianMs: +median(updateMs).toFixed(3),
    updateP90Ms: +quantile(updateMs, 0.9).toFixed(3),
    updatesTaken: online.updates,
    perRequestAmortisedUs: +(median(observeUs) + (median(updateMs) * 1e3) / o.updateEvery).toFixed(3),
    decisionMacs: forwardMacs(layers),
    updateMacs: updateMacs(layers, o.batchSize),
    options: o,
    memoryBytes: online.memory,
  }, null, 1));
}

main();
