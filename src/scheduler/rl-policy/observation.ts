/**
 * The RL scheduler's observation: one pure function from the runtime's
 * ControllerState to a fixed list of named features, each scaled to O(1).
 * The SAME function builds the observation in training (twin-environment.ts)
 * and on the device (rl-controller.ts), so the policy sees on the device
 * exactly what it was trained on; the field names are saved in the policy
 * file and checked on load (rl/policy-file.ts).
 *
 * Features, in order (units in, scale out):
 *
 *   soc                 state of charge, 0..1 as given
 *   harvestCoverage     forecast harvest over the horizon / the demand of
 *                       serving at the current action over it, clipped to
 *                       [0, 1]: demand = max(1, λ̂·H) · E_current (at least
 *                       this request; energy-pressure.ts `harvestCoverage`
 *                       does the same with the top action)
 *   queueLog            ln(1 + requests waiting): 0 idle, ≈ 2.4 at 10 waiting
 *   slackLog            slack / the fastest allowed action's latency, on a
 *                       signed log scale: sign · ln(1 + |r|) / ln(1 + 10⁶),
 *                       clipped to [−1, 1]; no deadline → 1. A log because
 *                       slack spans 10⁰–10⁶ service times across devices
 *                       (a Pi serving in µs with 50 ms deadlines, an MCU in
 *                       ms with 2 s ones)
 *   utilisation         λ̂ × the reference action's latency (offered load at
 *                       static quality), clipped to [0, 2]; past 1 the queue
 *                       grows without bound, past 2 it only grows faster
 *   currentQualityRank  the executor's active action's quality rank, 0 worst
 *                       … 1 best (before the first request: the reference's)
 *   currentOpPointRank  its operating point's rank, 0 slowest … 1 fastest
 *   critical, normal, background   the request's criticality, one-hot
 *   sinceSwitch         min(time since the last switch, 5 s) / 5 s; 5 s is
 *                       the adaptive controller's dwell (minDwellS)
 *   qualityCredit       the accuracy budget left (quality-credit.ts):
 *                       credit / one request's largest loss, clipped to
 *                       [−1, 1]; 0 at the start of a run, negative when the
 *                       run is over its budget. The one feature that is not
 *                       in ControllerState: the controller keeps it from
 *                       the outcomes it observes
 *
 * λ̂ is the runtime's EWMA arrival rate (request-queue.ts). The current
 * action and the time since a switch matter when switches cost something
 * (a model load on an MCU, a DVFS transition): in the twin a change of
 * operating point costs the profile's transition time (355 µs on the Pis,
 * sim/dvfs-transition.ts), a change of variant at one point is free.
 */
import type { ControllerState } from '../../runtime/controller.js';
import type { ObservationNormaliser } from '../rl/observation-normaliser.js';
import type { RlActionSpace } from './rl-action-space.js';

export const OBSERVATION_FIELDS = [
  'soc',
  'harvestCoverage',
  'queueLog',
  'slackLog',
  'utilisation',
  'currentQualityRank',
  'currentOpPointRank',
  'critical',
  'normal',
  'background',
  'sinceSwitch',
  'qualityCredit',
] as const;

export type ObservationField = (typeof OBSERVATION_FIELDS)[number];
export const OBSERVATION_SIZE: number = OBSERVATION_FIELDS.length;

/** Slack ratios up to 10⁶ service times are told apart; beyond, "plenty". */
export const SLACK_LOG_SCALE = Math.log1p(1e6);
/** Utilisation above this is clipped (see the header). */
export const UTILISATION_CLIP = 2;
/** The adaptive controller's minDwellS (adaptive-precision-controller.ts). */
export const SINCE_SWITCH_CLIP_S = 5;

/**
 * Mean and spread of each feature from its known range (not from data, so
 * a feature that happens to be constant in training — the state of charge
 * over a day on a large cell — is not blown up on the device): features in
 * [0, 1] map to [−1, 1]; queueLog is centred on 1 waiting request.
 */
export const OBSERVATION_NORMALISER: ObservationNormaliser = {
  mean: Float32Array.from([0.5, 0.5, 1, 0, 1, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0]),
  std: Float32Array.from([0.5, 0.5, 1, 1, 1, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 1]),
};

function clip(x: number, lo: number, hi: number): number {
  return x < lo ? lo : x > hi ? hi : x;
}

/**
 * Writes the features of `state` and the credit feature
 * (QualityCredit.feature) into `into` (length OBSERVATION_SIZE) and returns
 * it. Pure and allocation-free; `space` must describe the state's
 * candidates (same ids).
 */
export function observationOf(state: ControllerState, space: RlActionSpace, into: Float32Array, creditFeature: number): Float32Array {
  const ref = space.referenceIndex;
  const found = state.currentVariantId === null ? -1 : space.indexOf(state.currentVariantId);
  const cur = found < 0 ? ref : found;
  const rate = state.arrivalRateHz;

  into[0] = clip(state.soc, 0, 1);
  const demandJ = Math.max(1, rate * state.forecastHorizonS) * space.energyJ[cur]!;
  into[1] = demandJ > 0 ? clip(Math.max(0, state.harvestForecastJ) / demandJ, 0, 1) : 1;
  into[2] = Math.log1p(Math.max(0, state.queueLength));
  const r = state.slackS / space.fastestLatencyS;
  into[3] = r === Infinity ? 1 : r === -Infinity ? -1 : clip((Math.sign(r) * Math.log1p(Math.abs(r))) / SLACK_LOG_SCALE, -1, 1);
  into[4] = clip(rate * space.latencyS[ref]!, 0, UTILISATION_CLIP);
  into[5] = space.qualityRank[cur]!;
  into[6] = space.opPointRank[cur]!;
  into[7] = state.criticality === 'critical' ? 1 : 0;
  into[8] = state.criticality === 'normal' ? 1 : 0;
  into[9] = state.criticality === 'background' ? 1 : 0;
  into[10] = Math.min(Math.max(0, state.sinceSwitchS), SINCE_SWITCH_CLIP_S) / SINCE_SWITCH_CLIP_S;
  into[11] = clip(creditFeature, -1, 1);
  return into;
}
