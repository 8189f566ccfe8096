/**
 * The headline of an evaluation, pooled over its device runs: the policy
 * under test against static fp32, against the best heuristic, and as a
 * share of the oracle's saving. Energy is per inference (the request
 * energy over all runs divided by the requests served: what a policy can
 * change; idle power between requests it cannot), latency the p50
 * response time averaged over runs, accuracy the served-weighted mean.
 * The best heuristic is the one with the least energy per inference among
 * those within the allowed accuracy loss (else the most accurate one).
 */
import type { DeviceRun, Headline, PolicyRun } from './evaluation-result.js';
import { HEURISTICS } from './policies.js';

interface Pooled {
  energyPerInferenceJ: number;
  p50S: number;
  accuracy: number;
}

function pooled(runs: readonly DeviceRun[], policy: string): Pooled | null {
  let energyJ = 0;
  let served = 0;
  let qualityWeighted = 0;
  let p50 = 0;
  let n = 0;
  for (const r of runs) {
    const p: PolicyRun | undefined = r.policies.find((x) => x.policy === policy);
    if (p === undefined) return null;
    const m = p.metrics;
    energyJ += (m.energyPerInferenceMj.mean / 1e3) * m.served.mean;
    served += m.served.mean;
    qualityWeighted += m.accuracy.mean * m.served.mean;
    p50 += m.latencyP50S.mean;
    n++;
  }
  if (n === 0 || served === 0) return null;
  return { energyPerInferenceJ: energyJ / served, p50S: p50 / n, accuracy: qualityWeighted / served };
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
    return { energy_saving_vs_fp32: NaN, latency_p50_saving_vs_fp32: NaN, accuracy_loss_pts: NaN, energy_saving_vs_best_heuristic: NaN, latency_p50_saving_vs_best_heuristic: NaN, best_heuristic: null, oracle_fraction: null };
  }
  const best = bestHeuristic(runs, ref, maxLoss);
  const oracle = pooled(runs, 'oracle');
  const oracleSaving = oracle === null ? null : ref.energyPerInferenceJ - oracle.energyPerInferenceJ;
  return {
    energy_saving_vs_fp32: 1 - put.energyPerInferenceJ / ref.energyPerInferenceJ,
    latency_p50_saving_vs_fp32: 1 - put.p50S / ref.p50S,
    accuracy_loss_pts: (ref.accuracy - put.accuracy) * 100,
    energy_saving_vs_best_heuristic: best === null ? NaN : 1 - put.energyPerInferenceJ / best.p.energyPerInferenceJ,
    latency_p50_saving_vs_best_heuristic: best === null ? NaN : 1 - put.p50S / best.p.p50S,
    best_heuristic: best?.h ?? null,
    oracle_fraction: oracleSaving === null || !(oracleSaving > 0) ? null : (ref.energyPerInferenceJ - put.energyPerInferenceJ) / oracleSaving,
  };
}

/** Which heuristic the headline compared with, for the report. */
export function bestHeuristicName(runs: readonly DeviceRun[], maxLoss: number): string | null {
  const ref = pooled(runs, 'static-fp32');
  return ref === null ? null : (bestHeuristic(runs, ref, maxLoss)?.h ?? null);
}
