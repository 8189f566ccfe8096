/**
 * A trained RL policy as the runtime's Controller (runtime/controller.ts):
 * `decide(state)` writes the observation (observation.ts, the function the
 * policy was trained on) into a preallocated buffer, runs the greedy
 * network over the allowed actions (rl/greedy-policy.ts, allocation-free)
 * and returns one of the actions built at construction. `observe` does
 * nothing: the policy is fixed on the device.
 *
 * The policy, its action names and its observation fields must match the
 * device's action space; a mismatch is refused when the controller is built
 * or loaded (a policy trained for another device or another feature list)
 * and when the runtime first offers candidates that differ from it.
 */
import type { Controller, ControllerAction, ControllerState, RequestOutcome } from '../../runtime/controller.js';
import type { JsonObject } from '../../train/index.js';
import { GreedyPolicy } from '../rl/greedy-policy.js';
import { loadPolicy, savePolicy, type SavePolicyOptions } from '../rl/policy-file.js';
import { OBSERVATION_FIELDS, OBSERVATION_SIZE, observationOf } from './observation.js';
import type { RlActionSpace } from './rl-action-space.js';

const WHO = 'RlController';

export class RlController implements Controller {
  private readonly observation = new Float32Array(OBSERVATION_SIZE);
  /** One frozen action per index, reused: decide allocates nothing. */
  private readonly actions: readonly ControllerAction[];
  /** The candidates array last checked against the space (the runtime replaces it only when a switch cost changes). */
  private checked: ControllerState['candidates'] | null = null;

  constructor(
    readonly policy: GreedyPolicy,
    readonly space: RlActionSpace,
  ) {
    if (!(policy instanceof GreedyPolicy)) throw new TypeError(`${WHO}: policy must be a GreedyPolicy (trainRlPolicy's policy, or loadRlController's)`);
    if (policy.observationSize !== OBSERVATION_SIZE) throw new RangeError(`${WHO}: the policy reads ${policy.observationSize} features; the RL observation has ${OBSERVATION_SIZE} (${OBSERVATION_FIELDS.join(', ')})`);
    if (policy.actionCount !== space.size) throw new RangeError(`${WHO}: the policy chooses among ${policy.actionCount} actions; the action space has ${space.size} (${space.ids.join(', ')})`);
    this.actions = space.ids.map((variantId) => Object.freeze({ variantId }));
  }

  decide(state: ControllerState): ControllerAction {
    if (state.candidates !== this.checked) this.checkCandidates(state.candidates);
    observationOf(state, this.space, this.observation);
    return this.actions[this.policy.act(this.observation, this.space.allowed)]!;
  }

  observe(_outcome: RequestOutcome): void {}

  private checkCandidates(candidates: ControllerState['candidates']): void {
    const ids = this.space.ids;
    const same = candidates.length === ids.length && candidates.every((c) => this.space.indexOf(c.id) >= 0);
    if (!same) {
      throw new RangeError(`${WHO}: the runtime offers the variants ${candidates.map((c) => `"${c.id}"`).join(', ')}; the policy was trained for ${ids.map((id) => `"${id}"`).join(', ')}`);
    }
    this.checked = candidates;
  }
}

/** The names of the masked (dominated) actions, as saved with a policy. */
function maskedNames(space: RlActionSpace): string[] {
  return space.ids.filter((_, i) => !space.allowed[i]);
}

/**
 * Saves `policy` for `space` (rl/policy-file.ts): the observation fields,
 * the action names, and in the training notes the masked actions, so a
 * load under a space that masks differently is refused.
 */
export async function saveRlPolicy(dir: string, policy: GreedyPolicy, space: RlActionSpace, training: JsonObject = {}, options: SavePolicyOptions = {}): Promise<void> {
  await savePolicy(dir, policy, { observationFields: OBSERVATION_FIELDS, actionNames: space.ids, algorithm: 'double-dqn', training: { ...training, maskedActions: maskedNames(space) } }, options);
}

/**
 * Loads a policy folder as a controller for `space`. Refuses (naming the
 * file and the field) a policy whose observation fields or action names
 * differ from this space's, or that was trained with other actions masked.
 */
export async function loadRlController(dir: string, space: RlActionSpace): Promise<RlController> {
  const loaded = await loadPolicy(dir, { observationFields: OBSERVATION_FIELDS, actionNames: space.ids });
  const saved = loaded.metadata.training?.['maskedActions'];
  if (Array.isArray(saved)) {
    const now = maskedNames(space);
    if (saved.length !== now.length || saved.some((n, i) => n !== now[i])) {
      throw new RangeError(`${dir}/policy.json: training.maskedActions is [${saved.join(', ')}] but this action space masks [${now.join(', ')}]: the device's costs or qualities changed since training; retrain`);
    }
  }
  return new RlController(loaded.policy, space);
}
