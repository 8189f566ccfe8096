/**
 * What a device twin can do with one request: run a ladder variant at a
 * DVFS operating point. Each (variant, operating point) pair is one action
 * of the runtime's action space, named `<variant>@<op point>`, priced by
 * the energy model at that point (src/energy: latency ∝ 1/f, dynamic power
 * ∝ C·V²·f, static power over the longer or shorter latency). Folding DVFS
 * into the action id keeps the runtime unchanged: its controllers already
 * choose among priced candidates, and a "switch" that only changes the
 * operating point is a frequency change, not a model load: it costs the
 * profile's DVFS transition time (dvfs-transition.ts), not a load time.
 */
import type { LadderManifest } from '../../compress/ladder/manifest.js';
import type { DeviceProfile, InferenceEstimate } from '../../energy/index.js';
import { ladderDeviceCosts } from '../../runtime/device-costs.js';
import type { WakeUpCost } from '../../runtime/edge-runtime-options.js';
import { offloadAction, type OffloadOption } from './offload-action.js';

export interface TwinAction {
  /** `<variantId>@<opPointId>`. */
  readonly id: string;
  readonly variantId: string;
  readonly opPointId: string;
  readonly quality: number | null;
  /** The precisions its MACs run in ('float32', 'int8', ...). */
  readonly precisions: readonly string[];
  readonly cost: InferenceEstimate;
}

export interface TwinActionSpace {
  readonly device: string;
  readonly engine: string;
  readonly actions: readonly TwinAction[];
  /** Power between requests, W (the profile's idle power). */
  readonly idlePowerW: number;
  /** Waking from idle, from the profile. */
  readonly wakeUp: WakeUpCost;
  /**
   * A change of operating point between two actions, s (the profile's
   * power.dvfsTransitionS; 0 where it gives none): spent without useful
   * work before the inference, charged like any switch (dvfs-transition.ts).
   */
  readonly dvfsTransitionS: number;
  /** Variant × op point pairs left out, with why (engine without the precision, does not fit). */
  readonly excluded: readonly { id: string; reason: string }[];
  byId(id: string): TwinAction;
}

export interface TwinActionOptions {
  engine?: string;
  /** Operating points to offer; default all of the profile's. */
  opPoints?: readonly string[];
  /** Variants to offer; default every one of the ladder. */
  variants?: readonly string[];
  /** Also offer offloading to a gateway over a radio (offload-action.ts). */
  offload?: OffloadOption;
}

export function actionId(variantId: string, opPointId: string): string {
  return `${variantId}@${opPointId}`;
}

export function twinActions(manifest: LadderManifest, profile: DeviceProfile, options: TwinActionOptions = {}): TwinActionSpace {
  const opPoints = options.opPoints ?? profile.power.opPoints.map((p) => p.id);
  if (opPoints.length === 0) throw new RangeError(`twinActions: options.opPoints is empty; ${profile.id} has ${profile.power.opPoints.map((p) => p.id).join(', ')}`);
  const wanted = options.variants ?? manifest.variants.map((v) => v.id);
  for (const id of wanted) {
    if (!manifest.variants.some((v) => v.id === id)) throw new RangeError(`twinActions: options.variants names "${id}", which the ladder does not have (it has ${manifest.variants.map((v) => v.id).join(', ')})`);
  }
  const actions: TwinAction[] = [];
  const excluded: { id: string; reason: string }[] = [];
  let engine = '';
  let idlePowerW = profile.power.idleW;
  for (const op of opPoints) {
    const costs = ladderDeviceCosts(manifest, profile, { opPoint: op, ...(options.engine !== undefined ? { engine: options.engine } : {}) });
    engine = costs.engine;
    idlePowerW = costs.idlePowerW;
    for (const v of manifest.variants) {
      if (!wanted.includes(v.id)) continue;
      const id = actionId(v.id, op);
      const why = costs.unsupported.get(v.id);
      const c = costs.variants.get(v.id);
      if (why !== undefined) excluded.push({ id, reason: why });
      else if (c !== undefined && !c.fit.fits) excluded.push({ id, reason: c.fit.reason ?? 'does not fit' });
      else if (c !== undefined) actions.push({ id, variantId: v.id, opPointId: op, quality: v.quality?.value ?? null, precisions: Object.keys(v.macsByPrecision), cost: c.estimate });
    }
  }
  if (options.offload !== undefined) actions.push(offloadAction(manifest, profile, options.offload));
  if (actions.length === 0) throw new RangeError(`twinActions: no variant of the ladder can run on ${profile.id}: ${excluded.map((x) => `${x.id}: ${x.reason}`).join('; ')}`);
  const index = new Map(actions.map((a) => [a.id, a]));
  return {
    device: profile.id, engine, actions, idlePowerW, excluded,
    wakeUp: { energyJ: profile.power.wakeUpJ, latencyS: profile.power.wakeUpS },
    dvfsTransitionS: profile.power.dvfsTransitionS,
    byId: (id) => {
      const a = index.get(id);
      if (a === undefined) throw new RangeError(`twin on ${profile.id}: unknown action "${id}"; it has ${actions.map((x) => `"${x.id}"`).join(', ')}`);
      return a;
    },
  };
}
