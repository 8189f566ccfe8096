/**
 * The headline of an evaluation, pooled over its device runs: the policy
 * under test against static fp32, against the best heuristic, and as a
 * share of the oracle's saving. Energy is per inference (the request
 * energy over all runs divided by the requests served: what a policy can
 * change; idle power between requests it cannot), accuracy the
 * served-weighted mean.
 *
 * Latency is pooled as the geometric mean over runs of each run's p50
 * ratio (policy / comparison), not as a ratio of mean milliseconds: the
 * runs serve in 0.06 ms on a Jetson and 8 ms on an MCU, so an arithmetic
 * mean of milliseconds is the MCU's p50 alone, and the geometric mean is
 * the one summary of ratios that does not depend on which run is the unit
 * (Fleming & Wallace 1986, "How not to lie with statistics: the correct way
 * to summarize benchmark results", CACM 29(3)). Energy stays pooled in
 * joules: the fleet's energy per inference is a quantity in its own right.
 *
 * The best heuristic is the one with the least energy per inference among
 * those within the allowed accuracy loss (else the most accurate one).
 */
import type { DeviceRun, Headline, PolicyRun } from './evaluation-result.js';
import { HEURISTICS } from './policies.js';

interface Pooled {
  energyPerInferenceJ: number;
  accuracy: number;
}

function pooled(runs: readonly DeviceRun[], policy: string): Pooled | null {
  let energyJ = 0;
  let served = 0;
  let qualityWeighted = 0;
  let n = 0;
  for (const r of runs) {
    const p: PolicyRun | undefined = r.policies.find((x) => x.policy === policy);
    if (p === undefined) return null;
    const m = p.metrics;
    energyJ += (m.energyPerInferenceMj.mean / 1e3) * m.served.mean;
    served += m.served.mean;
    qualityWeighted += m.accuracy.mean * m.served.mean;
    n++;
  }
  if (n === 0 || served === 0) return null;
  return { energyPerInferenceJ: energyJ / served, accuracy: qualityWeighted / served };
}

function p50Of(r: DeviceRun, policy: string): number | null {
  return r.policies.find((x) => x.policy === policy)?.metrics.latencyP50S.mean ?? null;
}

/** Geometric mean of one positive ratio per run; NaN when there are no runs or a run has no positive ratio. */
function geometricMean(runs: readonly DeviceRun[], ratioOf: (r: DeviceRun) => number | null): number {
  let logSum = 0;
  for (const r of runs) {
    const x = ratioOf(r);
    if (x === null || !(x > 0)) return NaN;
    logSum += Math.log(x);
  }
  return runs.length === 0 ? NaN : Math.exp(logSum / runs.length);
}

/** Geometric mean over runs of p50(policy) / p50(base); NaN when a run lacks either or a p50 is not positive. */
export function p50Ratio(runs: readonly DeviceRun[], policy: string, base: string): number {
  return geometricMean(runs, (r) => {
    const a = p50Of(r, policy);
    const b = p50Of(r, base);
    return a === null || b === null || !(b > 0) ? null : a / b;
  });
}

/** The heuristic the headline compares with: least energy within the allowed loss, else the most accurate. */
function bestHeuristic(runs: readonly DeviceRun[], ref: Pooled, maxLoss: number): { h: string; p: Pooled } | null {
  const hs = HEURISTICS.map((h) => ({ h, p: pooled(runs, h) })).filter((x): x is { h: (typeof HEURISTICS)[number]; p: Pooled } => x.p !== null);
  const within = hs.filter((x) => ref.accuracy - x.p.accuracy <= maxLoss + 1e-12);
  if (within.length > 0) return within.reduce((m, x) => (x.p.energyPerInferenceJ < m.p.energyPerInferenceJ ? x : m));
  return hs.length > 0 ? hs.reduce((m, x) => (x.p.accuracy > m.p.accuracy ? x : m)) : null;
}

export function headline(runs: readonly DeviceRun[], policyUnderTest: string, maxLoss: number): Headline {
  const ref = pooled(runs, 'static-fp32');
  const put = pooled(runs, policyUnderTest);
  if (ref === null || put === null) {
    return { energy_saving_vs_fp32: NaN, latency_p50_saving_vs_fp32: NaN, accuracy_loss_pts: NaN, energy_saving_vs_best_heuristic: NaN, latency_p50_saving_vs_best_heuristic: NaN, best_heuristic: null, oracle_fraction: null, latency_p50_saving_bound: NaN, oracle_energy_saving_vs_fp32: null };
  }
  const best = bestHeuristic(runs, ref, maxLoss);
  const oracle = pooled(runs, 'oracle');
  const oracleSaving = oracle === null ? null : ref.energyPerInferenceJ - oracle.energyPerInferenceJ;
  return {
    energy_saving_vs_fp32: 1 - put.energyPerInferenceJ / ref.energyPerInferenceJ,
    latency_p50_saving_vs_fp32: 1 - p50Ratio(runs, policyUnderTest, 'static-fp32'),
    accuracy_loss_pts: (ref.accuracy - put.accuracy) * 100,
    energy_saving_vs_best_heuristic: best === null ? NaN : 1 - put.energyPerInferenceJ / best.p.energyPerInferenceJ,
    latency_p50_saving_vs_best_heuristic: best === null ? NaN : 1 - p50Ratio(runs, policyUnderTest, best.h),
    best_heuristic: best?.h ?? null,
    oracle_fraction: oracleSaving === null || !(oracleSaving > 0) ? null : (ref.energyPerInferenceJ - put.energyPerInferenceJ) / oracleSaving,
    latency_p50_saving_bound: 1 - geometricMean(runs, (r) => r.latencyFloorRatio),
    oracle_energy_saving_vs_fp32: oracleSaving === null ? null : oracleSaving / ref.energyPerInferenceJ,
  };
}

/** Which heuristic the headline compared with, for the report. */
export function bestHeuristicName(runs: readonly DeviceRun[], maxLoss: number): string | null {
  const ref = pooled(runs, 'static-fp32');
  return ref === null ? null : (bestHeuristic(runs, ref, maxLoss)?.h ?? null);
}
