/**
 * What an evaluation produces (`edgewatt evaluate`, `edgewatt demo`): per
 * workload × device × policy, metrics over several seeds (each a mean with
 * a 95% interval), the traces of one seed for the charts, and the headline
 * comparisons. Plain JSON-able data: the report writers (Markdown, SVG) and
 * `--json` read only this.
 */

/** A mean over seeds with its 95% confidence interval (Student t; equal bounds when one seed). */
export interface Estimate {
  readonly mean: number;
  readonly low: number;
  readonly high: number;
  /** The per-seed values, in seed order. */
  readonly values: readonly number[];
}

export interface PolicyMetrics {
  /** Joules per served inference, device energy of the requests only (switches included), mJ. */
  readonly energyPerInferenceMj: Estimate;
  /** Everything the device drew over the run: requests + idle between them, J. */
  readonly totalEnergyJ: Estimate;
  /** Response time (arrival to answer), s: p50, p95, p99 over served requests. */
  readonly latencyP50S: Estimate;
  readonly latencyP95S: Estimate;
  readonly latencyP99S: Estimate;
  /** Share of requests that missed their deadline (served late or dropped), 0..1. */
  readonly deadlineMissRate: Estimate;
  /** Mean measured quality (ladder top-1) of what was served: the expected accuracy, 0..1. */
  readonly accuracy: Estimate;
  /** Same, over critical requests only; null when there were none. */
  readonly criticalAccuracy: Estimate | null;
  /** Hours a full store lasts at the run's average draw (capacity / mean power; harvest not counted). */
  readonly batteryLifetimeH: Estimate;
  /** totalEnergyJ at the scenario's grid intensity, g CO₂e. */
  readonly co2eG: Estimate;
  readonly served: Estimate;
  readonly depletedRuns: number;
}

/** One seed's time series, for the charts. */
export interface PolicyTrace {
  /** Device time of each sample, s. */
  readonly tS: readonly number[];
  /** Cumulative device energy, J. */
  readonly energyJ: readonly number[];
  readonly soc: readonly number[];
  /** Served requests in order: completion time and the action's rank by quality (0 = best). */
  readonly servedTS: readonly number[];
  readonly servedRank: readonly number[];
  /** Response times of served requests, s (for the latency CDF). */
  readonly responseS: readonly number[];
}

export interface PolicyRun {
  /** The seed whose run the trace shows. */
  readonly traceSeed: number;
  readonly policy: string;
  /** What the policy is, in words, for the report. */
  readonly description: string;
  readonly metrics: PolicyMetrics;
  readonly trace: PolicyTrace;
}

export interface DeviceRun {
  readonly device: string;
  readonly workload: string;
  /** The ladder's name and its actions (variant@op point), best quality first. */
  readonly ladder: string;
  /** What the ladder's quality is: 'top1' for a classifier, 'roc-auc' for an anomaly detector's (its variants' quality.metric). */
  readonly qualityMetric: string;
  readonly actions: readonly string[];
  /**
   * A lower bound on the p50 any scheduling policy could reach here within
   * the accuracy budget, as a share of static fp32's (sim/latency-cap.ts
   * `latencyFloorRatio`); null when it cannot be computed.
   */
  readonly latencyFloorRatio: number | null;
  readonly policies: readonly PolicyRun[];
}

/** Fractions, not percent (issue 6's JSON contract). */
export interface Headline {
  readonly energy_saving_vs_fp32: number;
  /** 1 − the geometric mean over runs of p50 / static fp32's p50 (headline.ts says why geometric). */
  readonly latency_p50_saving_vs_fp32: number;
  /** Points of accuracy lost vs static fp32 (positive = worse). */
  readonly accuracy_loss_pts: number;
  readonly energy_saving_vs_best_heuristic: number;
  readonly latency_p50_saving_vs_best_heuristic: number;
  /** The heuristic compared with: least energy among those within the allowed accuracy loss (else the most accurate); null when none ran. */
  readonly best_heuristic: string | null;
  /** The share of the oracle's saving (vs static fp32) the policy reaches; null without an oracle. */
  readonly oracle_fraction: number | null;
  /** The most latency_p50_saving_vs_fp32 could be: 1 − the geometric mean of the runs' latencyFloorRatio. */
  readonly latency_p50_saving_bound: number;
  /** The oracle's own energy saving vs static fp32: the most any policy could save under the same constraints; null without an oracle. */
  readonly oracle_energy_saving_vs_fp32: number | null;
}

export interface EvaluationResult {
  readonly scenario: string;
  readonly durationS: number;
  readonly seeds: readonly number[];
  readonly gridIntensityGPerKwh: number;
  readonly runs: readonly DeviceRun[];
  /** For the policy under test against the baselines, pooled over every device run. */
  readonly headline: Headline;
  readonly policyUnderTest: string;
  /** What was modelled, synthetic or left out, in words. */
  readonly notes: readonly string[];
  readonly partial: boolean;
}
