/**
 * The evaluation's hook: a trained RL controller for one device of a
 * scenario. The evaluation (eval/run-scenario.ts) calls it once per device
 * with training traces generated from the scenario's workload on seeds
 * disjoint from the scenario's evaluation seeds (RL_TRAINING_SEEDS against
 * the demo's 1–5), and serves every evaluation seed with the one
 * controller it returns — the controller keeps no state between requests,
 * so sharing it across runs is safe.
 */
import type { Rng } from '../../engine/random.js';
import type { DeviceProfile, EnergyStore, HarvestSource } from '../../energy/index.js';
import type { TwinActionSpace } from '../sim/twin-actions.js';
import { referenceAction } from '../sim/reference-action.js';
import type { Task } from '../workload/task.js';
import type { RlController } from './rl-controller.js';
import { trainRlPolicy, type RlTrainingResult, type RlTrainingSpec } from './train-rl-policy.js';

/** Seeds the evaluation draws training traces from: disjoint from the demo's evaluation seeds 1–5. */
export const RL_TRAINING_SEEDS: readonly number[] = [101, 102, 103, 104, 105];

/** The static deployment's action (sim/reference-action.ts), the reward's energy reference. */
export { referenceAction };

export interface RlPolicyOptions extends Omit<RlTrainingSpec, 'twin' | 'referenceActionId' | 'trainingTasks' | 'store' | 'harvest'> {
  /** The static reference's action id (the evaluation's `topAction(space, profile).id`); default `referenceAction`'s. */
  referenceActionId?: string;
  /** The device's store as the scenario builds it, fresh per episode. */
  store?: (rng: Rng) => EnergyStore;
  /** The device's harvest, as in the evaluation runs. */
  harvest?: HarvestSource;
}

export interface RlPolicy {
  readonly controller: RlController;
  readonly description: string;
  readonly training: RlTrainingResult;
}

/**
 * Default wall-clock cap on one device's training, s: a safety net for a
 * slow or loaded host. On the demo the step budget (12 000 steps, 5–7 s on
 * a shared 2-core VM) ends training first, so runs are reproducible; a run
 * the cap cuts short says so in its step count.
 */
export const RL_EVAL_MAX_SECONDS = 20;

export function rlPolicyFor(space: TwinActionSpace, profile: DeviceProfile, trainingTasks: readonly (readonly Task[])[], options: RlPolicyOptions = {}): RlPolicy {
  const referenceId = options.referenceActionId ?? referenceAction(space, profile).id;
  const training = trainRlPolicy({ maxSeconds: RL_EVAL_MAX_SECONDS, ...options, twin: space, referenceActionId: referenceId, trainingTasks });
  const r = training.reward;
  const allowed = training.actions.allowed.reduce((n, a) => n + a, 0);
  const description =
    `double-DQN policy over ${allowed} of ${space.actions.length} actions, trained ${training.steps} steps on ${trainingTasks.length} training traces ` +
    `(reward −E/E(${referenceId}) − ${r.deadlineWeight.toFixed(1)}·miss − ${r.qualityWeight.toFixed(1)}·overspend of a ${(r.qualityBudget * 100).toFixed(2)}-point budget, ` +
    `×${r.criticalWeight} on critical; the budget left is in the state)`;
  return { controller: training.controller, description, training };
}
