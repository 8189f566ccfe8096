/**
 * A trained RL policy as the runtime's Controller (runtime/controller.ts):
 * `decide(state)` writes the observation (observation.ts, the function the
 * policy was trained on) into a preallocated buffer, runs the greedy
 * network over the allowed actions (rl/greedy-policy.ts, allocation-free)
 * and returns one of the actions built at construction. `observe` books the
 * quality served against the accuracy budget (quality-credit.ts), the one
 * state the controller keeps; the policy itself is fixed on the device.
 * One controller serves one run: `fresh()` gives another with an empty
 * budget and the same policy.
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
import { QualityCredit, type QualityCreditOptions } from './quality-credit.js';
import type { RlActionSpace } from './rl-action-space.js';

const WHO = 'RlController';

export class RlController implements Controller {
  private readonly observation = new Float32Array(OBSERVATION_SIZE);
  /** One frozen action per index, reused: decide allocates nothing. */
  private readonly actions: readonly ControllerAction[];
  /** The candidates array last checked against the space (the runtime replaces it only when a switch cost changes). */
  private checked: ControllerState['candidates'] | null = null;
  private readonly creditState: QualityCredit;

  constructor(
    readonly policy: GreedyPolicy,
    readonly space: RlActionSpace,
    readonly creditOptions: QualityCreditOptions,
  ) {
    if (!(policy instanceof GreedyPolicy)) throw new TypeError(`${WHO}: policy must be a GreedyPolicy (trainRlPolicy's policy, or loadRlController's)`);
    if (policy.observationSize !== OBSERVATION_SIZE) throw new RangeError(`${WHO}: the policy reads ${policy.observationSize} features; the RL observation has ${OBSERVATION_SIZE} (${OBSERVATION_FIELDS.join(', ')})`);
    if (policy.actionCount !== space.size) throw new RangeError(`${WHO}: the policy chooses among ${policy.actionCount} actions; the action space has ${space.size} (${space.ids.join(', ')})`);
    this.actions = space.ids.map((variantId) => Object.freeze({ variantId }));
    this.creditState = new QualityCredit(creditOptions);
  }

  /** The same policy with an empty accuracy budget, for another run. */
  fresh(): RlController {
    return new RlController(this.policy, this.space, this.creditOptions);
  }

  /** The accuracy budget left so far, quality units × requests (QualityCredit.credit). */
  get credit(): number {
    return this.creditState.credit;
  }

  decide(state: ControllerState): ControllerAction {
    if (state.candidates !== this.checked) this.checkCandidates(state.candidates);
    observationOf(state, this.space, this.observation, this.creditState.feature);
    return this.actions[this.policy.act(this.observation, this.space.allowed)]!;
  }

  observe(outcome: RequestOutcome): void {
    this.creditState.record(outcome.event.accuracyProxy);
  }

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
 * Saves `controller`'s policy for its space (rl/policy-file.ts): the
 * observation fields, the action names, and in the training notes the
 * masked actions, so a load under a space that masks differently is
 * refused, and the accuracy budget the credit feature counts.
 */
export async function saveRlPolicy(dir: string, controller: RlController, training: JsonObject = {}, options: SavePolicyOptions = {}): Promise<void> {
  const space = controller.space;
  await savePolicy(
    dir,
    controller.policy,
    { observationFields: OBSERVATION_FIELDS, actionNames: space.ids, algorithm: 'double-dqn', training: { ...training, maskedActions: maskedNames(space), qualityCredit: { ...controller.creditOptions } } },
    options,
  );
}

function readCreditOptions(dir: string, saved: unknown): QualityCreditOptions {
  const where = `${dir}/policy.json: training.qualityCredit`;
  if (typeof saved !== 'object' || saved === null) throw new RangeError(`${where} is missing: the policy was saved without its accuracy budget; retrain it`);
  const o = saved as Record<string, unknown>;
  const out: Record<string, number> = {};
  for (const f of ['referenceQuality', 'budget', 'scale', 'unmeasuredQuality'] as const) {
    const v = o[f];
    if (typeof v !== 'number' || !Number.isFinite(v)) throw new RangeError(`${where}.${f} must be a finite number, got ${JSON.stringify(v)}`);
    out[f] = v;
  }
  return out as unknown as QualityCreditOptions;
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
  return new RlController(loaded.policy, space, readCreditOptions(dir, loaded.metadata.training?.['qualityCredit']));
}
