/**
 * A latency budget on the scheduler's actions: only the actions whose
 * service latency is at most `maxRatio` × the reference action's (the
 * static deployment's) are offered. With `maxRatio` 1 a scheduler may
 * change the model and the clock but never answer slower than the
 * "standard edge AI" deployment it is compared with; without a cap it may
 * use all the deadline's slack, which on an MCU means the lowest clock
 * (dynamic power ∝ V²·f, so the slowest operating point is the cheapest
 * per inference: docs/scheduler.md).
 *
 * A budget on each action rather than on response time: queueing delay is
 * the policy's doing and is counted in the response times the evaluation
 * reports; the cap bounds what the policy may choose. The oracle is given
 * the same capped space, so "the least energy achievable under the same
 * constraints" stays the same constraints.
 */
import type { TwinAction, TwinActionSpace } from './twin-actions.js';

/** Tolerance on the ratio: an action priced at exactly the reference's latency must pass despite rounding. */
const RATIO_TOLERANCE = 1e-9;

/** `space` without the actions slower than `maxRatio` × the latency of `referenceId`; `space` itself when none is slower. */
export function capLatency(space: TwinActionSpace, referenceId: string, maxRatio: number): TwinActionSpace {
  if (!(maxRatio >= 1) || !Number.isFinite(maxRatio)) throw new RangeError(`capLatency: maxRatio must be a finite number >= 1 (the reference action must stay within its own budget), got ${maxRatio}`);
  const ref = space.byId(referenceId);
  const limitS = ref.cost.latencyS * maxRatio * (1 + RATIO_TOLERANCE);
  const kept = space.actions.filter((a) => a.cost.latencyS <= limitS);
  if (kept.length === space.actions.length) return space;
  const dropped = space.actions.filter((a) => a.cost.latencyS > limitS);
  const index = new Map(kept.map((a) => [a.id, a]));
  const reason = `slower than ${maxRatio} × ${referenceId}'s ${(ref.cost.latencyS * 1e3).toPrecision(3)} ms (the scenario's latency budget)`;
  return {
    ...space,
    actions: kept,
    excluded: [...space.excluded, ...dropped.map((a) => ({ id: a.id, reason }))],
    byId: (id: string): TwinAction => {
      const a = index.get(id);
      if (a === undefined) throw new RangeError(`twin on ${space.device} with a latency budget of ${maxRatio}×: unknown or excluded action "${id}"; it has ${kept.map((x) => `"${x.id}"`).join(', ')}`);
      return a;
    },
  };
}

/**
 * A lower bound on the p50 response time any policy serving from `space`
 * can reach while its MEAN quality stays within `maxLoss` of the
 * reference's, as a share of the reference's latency. For the median to be
 * at most L, half the requests must be served by actions at most L slow,
 * whose quality is at most q(L), the best among them; the other half at
 * most q_max, the space's best. So the mean quality is at most
 * (q(L) + q_max) / 2, and the least L with (q(L) + q_max) / 2 ≥
 * q_ref − maxLoss bounds the p50 from below (queueing and deadlines only
 * raise it). Response times include the wake-up a request pays when it finds
 * the device asleep (edge-runtime.ts `wake`; tens of µs on the MCUs, 0 on
 * the SBCs), for the reference as for any policy serving the same trace, so
 * it is added to both latencies: the bound is then the ratio of response
 * times, not of inference times alone, and never looser. null when the
 * reference has no measured quality or no action qualifies.
 */
export function latencyFloorRatio(space: TwinActionSpace, referenceId: string, maxLoss: number): number | null {
  const ref = space.byId(referenceId);
  if (ref.quality === null || !(ref.cost.latencyS > 0)) return null;
  let best = -Infinity;
  for (const a of space.actions) if (a.quality !== null) best = Math.max(best, a.quality);
  const threshold = ref.quality - maxLoss - 1e-12;
  let fastest = Infinity;
  for (const a of space.actions) if (a.quality !== null && (a.quality + best) / 2 >= threshold) fastest = Math.min(fastest, a.cost.latencyS);
  const wakeS = space.wakeUp.latencyS;
  return Number.isFinite(fastest) ? (wakeS + fastest) / (wakeS + ref.cost.latencyS) : null;
}
