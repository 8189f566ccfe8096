/**
 * The policies an evaluation compares, by name: what each is and how it is
 * built for one device run. "Static fp32" is the paper's "standard edge AI"
 * baseline: the ladder's best-quality variant at the nominal operating point
 * — fp32 where the device's engine runs float, else (an int8-only MCU
 * runtime) its best int8 rung, and the description says so.
 */
import type { DeviceProfile } from '../../energy/index.js';
import { AdaptivePrecisionController } from '../../runtime/adaptive-precision-controller.js';
import type { Controller } from '../../runtime/controller.js';
import { FixedVariantController } from '../../runtime/fixed-variant-controller.js';
import { BatteryThresholdGovernor } from '../baselines/battery-threshold-governor.js';
import { RaceToIdleGovernor, SchedutilGovernor } from '../baselines/dvfs-governors.js';
import { OracleController } from '../oracle/oracle-controller.js';
import { planOracle } from '../oracle/oracle-plan.js';
import { referenceAction } from '../sim/reference-action.js';
import type { TwinAction, TwinActionSpace } from '../sim/twin-actions.js';
import { OnlineRlController, onlineOptionsFor } from '../rl-policy/online-rl-controller.js';
import type { RlPolicy } from '../rl-policy/rl-policy-for.js';
import type { Task } from '../workload/task.js';

export const POLICY_NAMES = ['static-fp32', 'static-int8', 'battery-threshold', 'race-to-idle', 'schedutil', 'adaptive', 'rl', 'rl-online', 'oracle'] as const;
export type PolicyName = (typeof POLICY_NAMES)[number];

/** The heuristics "the best heuristic" is chosen from (not the reference, not the policy under test, not the oracle). */
export const HEURISTICS: readonly PolicyName[] = ['static-int8', 'battery-threshold', 'race-to-idle', 'schedutil'];

export interface PolicyContext {
  readonly space: TwinActionSpace;
  readonly profile: DeviceProfile;
  readonly tasks: readonly Task[];
  /** The accuracy the oracle must reach (static fp32's minus the allowed loss). */
  readonly oracleMinAccuracy: number;
  /** The device's trained RL policy, trained on first use (on seeds disjoint from the evaluation's). */
  readonly rl?: () => RlPolicy;
}

export interface BuiltPolicy {
  readonly controller: Controller;
  readonly description: string;
}

/** The scheduling policies: served from the latency-budgeted action space when the scenario sets a budget (run-scenario.ts). */
export const SCHEDULERS: readonly PolicyName[] = ['adaptive', 'rl', 'rl-online', 'oracle'];

/** The reference deployment's action (sim/reference-action.ts). */
export const topAction = referenceAction;

/** A policy that cannot run on a device (static int8 on a float-only GPU engine): the evaluation skips it there and says so. */
export class PolicyNotApplicableError extends Error {
  override readonly name = 'PolicyNotApplicableError';
}

function int8Action(space: TwinActionSpace, profile: DeviceProfile): TwinAction {
  const nominal = space.actions.filter((a) => a.opPointId === profile.power.nominalOpPoint && /(^|-)int8$/.test(a.variantId) && !a.variantId.includes('nested'));
  if (nominal.length === 0) throw new PolicyNotApplicableError(`${profile.id} (engine ${space.engine}) runs no int8 rung of the ladder`);
  return nominal.reduce((m, a) => ((a.quality ?? -1) > (m.quality ?? -1) ? a : m));
}

export function buildPolicy(name: PolicyName, c: PolicyContext): BuiltPolicy {
  const nominal = c.profile.power.nominalOpPoint;
  switch (name) {
    case 'static-fp32': {
      const a = topAction(c.space, c.profile);
      const note = a.precisions.includes('float32') ? '' : ' (the engine has no float kernels: its best quantized rung stands in)';
      return { controller: new FixedVariantController(a.id), description: `every request on ${a.id}${note}` };
    }
    case 'static-int8': {
      const a = int8Action(c.space, c.profile);
      return { controller: new FixedVariantController(a.id), description: `every request on ${a.id}` };
    }
    case 'battery-threshold':
      return { controller: new BatteryThresholdGovernor({ opPointId: nominal }), description: `best quality above 50% charge, middle rung to 20%, cheapest below; at ${nominal}` };
    case 'race-to-idle': {
      const a = topAction(c.space, c.profile);
      return { controller: new RaceToIdleGovernor(a.variantId, c.profile.power.opPoints), description: `${a.variantId} at the highest frequency (Linux performance governor)` };
    }
    case 'schedutil': {
      const a = topAction(c.space, c.profile);
      return { controller: new SchedutilGovernor(a.variantId, c.profile.power.opPoints), description: `${a.variantId} at the frequency for the load (Linux schedutil, 1.25 headroom)` };
    }
    case 'adaptive':
      return { controller: new AdaptivePrecisionController(), description: 'rule-based adaptive precision (charge, harvest forecast, queue, criticality; hysteresis)' };
    case 'rl': {
      if (c.rl === undefined) throw new RangeError(`${c.profile.id}: the 'rl' policy needs its trained controller (PolicyContext.rl)`);
      const r = c.rl();
      // A fresh accuracy budget per run; the trained policy is shared.
      return { controller: r.controller.fresh(), description: r.description };
    }
    case 'rl-online': {
      if (c.rl === undefined) throw new RangeError(`${c.profile.id}: the 'rl-online' policy needs its trained controller (PolicyContext.rl)`);
      const r = c.rl();
      // Every run starts from the trained weights and fine-tunes its own copy (online-rl-controller.ts).
      const online = new OnlineRlController(r.controller, onlineOptionsFor(r.training));
      const o = online.options;
      return { controller: online, description: `${r.description}; fine-tuned on the device: a double-DQN step every ${o.updateEvery} requests (batch ${o.batchSize}, lr ${o.lr}, ${o.bufferSize} transitions, target synced every ${o.targetSyncEvery} steps, ε ${o.epsilon})` };
    }
    case 'oracle': {
      const plan = planOracle(c.space, c.tasks, { minAccuracy: c.oracleMinAccuracy });
      return {
        controller: new OracleController(plan),
        description: `offline oracle: least energy at ≥ ${(c.oracleMinAccuracy * 100).toFixed(1)}% mean accuracy with the whole trace known${plan.accuracyUnreachable ? ' (unreachable: serves the best feasible)' : ''}`,
      };
    }
    default:
      return name satisfies never;
  }
}
