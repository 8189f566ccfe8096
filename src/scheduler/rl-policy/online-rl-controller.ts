/**
 * The RL scheduler fine-tuned on the device (issue 6, "optional online
 * fine-tuning on the device"): a Controller that decides as the trained
 * RlController does and keeps learning from the requests it serves.
 *
 * Deciding: `decide` is RlController.decide on this controller's own copy
 * of the weights (the frozen policy is never written): the observation
 * into a preallocated buffer, the greedy network over the allowed actions,
 * no allocation. With the default ε = 0 its choices equal the frozen
 * controller's until the first gradient step.
 *
 * Learning, all of it in `observe` (or `learn`), none in `decide`:
 * 1. The state the request was decided in is rebuilt from the outcome
 *    (outcome.state is the object `decide` saw, and the budget feature is
 *    the one before this request is booked), so nothing is kept between
 *    the two hooks.
 * 2. It completes the previous request's transition (s, a, r, s′): s′ is
 *    this request's state, the next decision's, as the twin environment's
 *    step returns it (transition-chain.ts keeps each state once). The
 *    discount is always γ: a device has no episode end (a store that runs
 *    dry stops the runtime, and with it `observe`).
 * 3. r is reward.ts's reward of this outcome with the constants the policy
 *    was trained with (λ, μ, w_crit, E_ref, the accuracy budget),
 *    Δoverspend from this controller's own QualityCredit with the policy's
 *    budget. Everything it reads is in the RequestOutcome the runtime
 *    reports: the booked energy (a meter's reading on a device with one,
 *    else the model's), whether the deadline was met, the criticality and
 *    the served variant's measured quality (accuracyProxy) — no hidden
 *    state of a simulator. The one term of the offline reward it cannot
 *    have is the depletion charge (λ per request left when the store runs
 *    dry): on a device that is the last thing that happens, and no outcome
 *    reports it. Nothing replaces it; the policy keeps what it learned
 *    about it offline.
 * 4. Every `updateEvery` served requests, once `learningStarts`
 *    transitions are stored, one double-DQN minibatch step with the engine
 *    (rl/dqn-learner.ts: the offline learner, started from the policy's
 *    weights with the target network equal to them), then the greedy
 *    copy takes the new weights; every `targetSyncEvery` steps the target
 *    network is synced (hard copy). With `learnIn: 'idle'` observe only
 *    counts the step as due and the host runs it with `learn()` when the
 *    device would otherwise sleep.
 *
 * Defaults, their reasons and the memory held: online-rl-options.ts.
 */
import { Rng } from '../../engine/random.js';
import type { Controller, ControllerAction, ControllerState, RequestOutcome } from '../../runtime/controller.js';
import type { JsonObject } from '../../train/index.js';
import { DqnLearner } from '../rl/dqn-learner.js';
import { GreedyPolicy } from '../rl/greedy-policy.js';
import { normaliseInto } from '../rl/observation-normaliser.js';
import { copyWeightsInto, linearLayers, type DenseLayer } from '../rl/q-network.js';
import type { Sequential } from '../../nn/index.js';
import { OBSERVATION_SIZE, observationOf } from './observation.js';
import { ONLINE_LEARNER_FIXED, onlineRlMemory, resolveOnlineRlOptions, type OnlineRlMemory, type OnlineRlOptions, type ResolvedOnlineRlOptions } from './online-rl-options.js';
import type { QualityCredit } from './quality-credit.js';
import { qualityCreditFor, reward, rewardOptionsFor, type RewardOptions } from './reward.js';
import { RlController, saveRlPolicy } from './rl-controller.js';
import type { RlActionSpace } from './rl-action-space.js';
import type { RlTrainingResult } from './train-rl-policy.js';
import { TransitionChain } from './transition-chain.js';

const WHO = 'OnlineRlController';

export class OnlineRlController implements Controller {
  readonly options: ResolvedOnlineRlOptions;
  readonly reward: RewardOptions;
  readonly space: RlActionSpace;
  /** The deciding controller: an RlController over this controller's copy of the weights, which every gradient step updates in place. */
  readonly current: RlController;
  /** The replay (read it, do not add to it): at most options.bufferSize transitions, states normalised as the network reads them. */
  readonly replay: TransitionChain;
  /** The engine's online and target networks and their optimiser (read them; `learn` steps them). */
  readonly learner: DqnLearner;
  /** The budget as the reward books it (the same options as `current`'s, the same outcomes). */
  private readonly credit: QualityCredit;
  private readonly sampleRng: Rng;
  private readonly exploreRng: Rng;
  private readonly actions: readonly ControllerAction[];
  private readonly allowedIndices: Int32Array;
  private readonly raw = new Float32Array(OBSERVATION_SIZE);
  private readonly normalised = new Float32Array(OBSERVATION_SIZE);
  private observedCount = 0;
  private due = 0;
  private updateCount = 0;
  private loss = NaN;

  /** Starts from `frozen`'s policy (its weights are copied, never written) and its accuracy budget. */
  constructor(frozen: RlController, options: OnlineRlOptions = {}) {
    if (!(frozen instanceof RlController)) throw new TypeError(`${WHO}: frozen must be an RlController (trainRlPolicy's controller, or loadRlController's)`);
    this.options = resolveOnlineRlOptions(WHO, options);
    this.space = frozen.space;
    this.reward = options.reward ?? rewardOptionsFor(frozen.space);
    this.credit = qualityCreditFor(this.reward);
    const mine = this.credit.options;
    const theirs = frozen.creditOptions;
    for (const f of ['referenceQuality', 'budget', 'scale', 'unmeasuredQuality'] as const) {
      if (mine[f] !== theirs[f]) {
        throw new RangeError(`${WHO}: options.reward gives the accuracy budget ${f} = ${mine[f]}, the policy was trained with ${theirs[f]}: pass the reward the policy was trained with (trainRlPolicy's result.reward)`);
      }
    }
    const policy = new GreedyPolicy(frozen.policy.layers, frozen.policy.normaliser);
    this.current = new RlController(policy, frozen.space, frozen.creditOptions);
    const layers = policy.layers;
    const o = this.options;
    this.replay = new TransitionChain({ capacity: o.bufferSize, observationSize: OBSERVATION_SIZE, actionCount: this.space.size, discount: o.gamma, mask: this.space.allowed });
    const rng = new Rng(o.seed);
    const hidden = layers.slice(0, -1).map((l) => l.outFeatures);
    this.learner = new DqnLearner({ observationSize: OBSERVATION_SIZE, actionCount: this.space.size, hidden }, this.replay, { lr: o.lr, batchSize: o.batchSize, ...ONLINE_LEARNER_FIXED }, rng.fork());
    loadDenseLayers(this.learner.online, layers);
    this.learner.updateTarget(1);
    this.sampleRng = rng.fork();
    this.exploreRng = rng.fork();
    this.actions = this.space.ids.map((variantId) => Object.freeze({ variantId }));
    this.allowedIndices = Int32Array.from(this.space.ids.flatMap((_, i) => (this.space.allowed[i] ? [i] : [])));
  }

  /** Served requests observed. */
  get observed(): number {
    return this.observedCount;
  }

  /** Gradient steps taken. */
  get updates(): number {
    return this.updateCount;
  }

  /** Gradient steps due and not yet run (only with learnIn 'idle'). */
  get pendingUpdates(): number {
    return this.due;
  }

  /** Transitions in the replay buffer (at most options.bufferSize). */
  get stored(): number {
    return this.replay.size;
  }

  /** The Huber loss of the latest gradient step (NaN before the first). */
  get lastLoss(): number {
    return this.loss;
  }

  /** What fine-tuning holds beyond the frozen controller (online-rl-options.ts). */
  get memory(): OnlineRlMemory {
    return onlineRlMemory(this.current.policy.layers, this.options);
  }

  decide(state: ControllerState): ControllerAction {
    const greedy = this.current.decide(state);
    const eps = this.options.epsilon;
    if (eps > 0 && state.criticality !== 'critical' && this.exploreRng.next() < eps) {
      return this.actions[this.allowedIndices[this.exploreRng.int(this.allowedIndices.length)]!]!;
    }
    return greedy;
  }

  observe(outcome: RequestOutcome): void {
    const a = this.space.indexOf(outcome.action.variantId);
    if (a < 0) throw new RangeError(`${WHO}: observed an outcome of variant ${JSON.stringify(outcome.action.variantId)}, which is not in the policy's action space`);
    this.current.observe(outcome);
    // s as decide saw it: the budget feature before this request is booked.
    observationOf(outcome.state, this.space, this.raw, this.credit.feature);
    normaliseInto(this.current.policy.normaliser, this.raw, this.normalised);
    const r = reward(outcome, this.reward, this.credit.record(outcome.event.accuracyProxy));
    if (!Number.isFinite(r)) throw new RangeError(`${WHO}: request "${outcome.event.requestId}" gives reward ${r}; outcome.event.energyJ must be a finite number of joules, got ${outcome.event.energyJ}`);
    // Completes the previous request's transition (this state is its s′) and waits for the next state.
    this.replay.add(this.normalised, a, r);
    this.observedCount++;
    if (this.observedCount % this.options.updateEvery === 0 && this.replay.size >= this.options.learningStarts) {
      this.due++;
      if (this.options.learnIn === 'observe') this.learn();
    }
  }

  /**
   * Runs up to `maxSteps` of the gradient steps that are due (all by
   * default) and gives the deciding policy the new weights; returns how
   * many ran. With learnIn 'observe', observe calls it.
   */
  learn(maxSteps = Infinity): number {
    if (!(maxSteps >= 0)) throw new RangeError(`${WHO}.learn: maxSteps must be a number >= 0, got ${maxSteps}`);
    let ran = 0;
    while (this.due > 0 && ran < maxSteps) {
      try {
        this.loss = this.learner.update(this.sampleRng);
      } catch (e) {
        throw new RangeError(`${WHO}: gradient step ${this.updateCount + 1} failed (options.lr = ${this.options.lr}): ${e instanceof Error ? e.message : String(e)}`, { cause: e });
      }
      this.due--;
      ran++;
      this.updateCount++;
      if (this.updateCount % this.options.targetSyncEvery === 0) this.learner.updateTarget(1);
    }
    if (ran > 0) copyWeightsInto(this.learner.online, this.current.policy.layers);
    return ran;
  }
}

/** Writes dense layers into the network's Linear layers (the reverse of q-network.ts copyWeightsInto); shapes must match. */
function loadDenseLayers(network: Sequential, layers: readonly DenseLayer[]): void {
  const dst = linearLayers(network);
  if (dst.length !== layers.length) throw new RangeError(`${WHO}: the network has ${dst.length} linear layers, the policy ${layers.length}`);
  dst.forEach((l, i) => {
    const s = layers[i]!;
    if (l.weight.size !== s.weight.length || l.bias!.size !== s.bias.length) throw new RangeError(`${WHO}: layer ${i} of the policy is [${s.outFeatures}, ${s.inFeatures}], the network's [${l.outFeatures}, ${l.inFeatures}]`);
    l.weight.view().set(s.weight);
    l.bias!.view().set(s.bias);
  });
}

/** The options that must match the offline training: its reward and its γ (from the training notes; trainRlPolicy records them). */
export function onlineOptionsFor(training: Pick<RlTrainingResult, 'reward' | 'notes'>): Pick<OnlineRlOptions, 'reward' | 'gamma'> {
  const dqn = training.notes['dqn'];
  const gamma = typeof dqn === 'object' && dqn !== null && !Array.isArray(dqn) ? dqn['gamma'] : undefined;
  if (typeof gamma !== 'number') throw new RangeError(`onlineOptionsFor: training.notes.dqn.gamma must be the discount the policy was trained with, got ${JSON.stringify(gamma)}`);
  return { reward: training.reward, gamma };
}

/**
 * Saves the fine-tuned policy as saveRlPolicy does (loadRlController reads
 * it back), recording in the training notes how it was fine-tuned.
 */
export async function saveOnlineRlPolicy(dir: string, controller: OnlineRlController, training: JsonObject = {}): Promise<void> {
  const o = controller.options;
  const fineTuning: JsonObject = {
    requests: controller.observed, updates: controller.updates,
    updateEvery: o.updateEvery, batchSize: o.batchSize, lr: o.lr, bufferSize: o.bufferSize, targetSyncEvery: o.targetSyncEvery, gamma: o.gamma, epsilon: o.epsilon,
  };
  await saveRlPolicy(dir, controller.current, { ...training, onlineFineTuning: fineTuning });
}
