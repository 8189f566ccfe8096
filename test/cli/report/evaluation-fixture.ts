/**
 * A synthetic EvaluationResult for the report tests: two device runs (an
 * MCU and a Pi), three policies, three seeds, traces shaped like the real
 * ones (cumulative energy rising, state of charge falling, precision
 * switching, latencies spanning decades). Deterministic: a fixed LCG, no
 * Math.random.
 */
import type { DeviceRun, Estimate, EvaluationResult, PolicyRun } from '../../../src/scheduler/eval/evaluation-result.js';

export const SEEDS = [1, 2, 3];
export const POLICIES = ['static-fp32', 'battery-threshold', 'adaptive'];

/** Numerical Recipes' 32-bit LCG (Press et al., 2nd ed., §7.1): good enough for test shapes. */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** Three per-seed values around `mean`, with a symmetric interval as Student t would give. */
export function estimate(mean: number, spread = 0.05): Estimate {
  const values = SEEDS.map((_, i) => mean * (1 + spread * (i - 1)));
  const half = Math.abs(mean) * spread * 2.5;
  return { mean, low: mean - half, high: mean + half, values };
}

function policy(name: string, k: number, seed: number, duration: number): PolicyRun {
  const rand = lcg(seed * 31 + k);
  const tS = Array.from({ length: 121 }, (_, i) => (i * duration) / 120);
  const powerW = 0.5 - 0.12 * k;
  const energyJ = tS.map((t) => powerW * t);
  const soc = tS.map((t) => 1 - (0.6 * powerW * t) / (0.5 * duration));
  const servedTS = Array.from({ length: 300 }, (_, i) => ((i + 1) * duration) / 301);
  const servedRank = servedTS.map((_, i) => (k === 0 ? 0 : Math.min(2, Math.floor((i * (k + 1)) / 100) % 3)));
  const responseS = servedTS.map(() => 0.004 * Math.exp(4 * rand()) * (1 + k * 0.2));
  return {
    policy: name,
    traceSeed: SEEDS[0]!,
    description: k === 0 ? 'always the fp32 model at the top op point' : k === 1 ? 'int8 below 30% charge' : 'the adaptive controller',
    metrics: {
      energyPerInferenceMj: estimate(12 - 3 * k),
      totalEnergyJ: estimate(powerW * duration),
      latencyP50S: estimate(0.02 - 0.004 * k),
      latencyP95S: estimate(0.08 - 0.01 * k),
      latencyP99S: estimate(0.2 - 0.02 * k),
      deadlineMissRate: estimate(0.05 - 0.01 * k),
      accuracy: estimate(0.92 - 0.004 * k, 0.002),
      criticalAccuracy: null,
      batteryLifetimeH: estimate(30 + 10 * k),
      co2eG: estimate((powerW * duration * 400) / 3.6e6),
      served: estimate(300, 0),
      depletedRuns: k === 0 ? 1 : 0,
    },
    trace: { tS, energyJ, soc, servedTS, servedRank, responseS },
  };
}

function deviceRun(device: string, workload: string, seed: number, duration: number): DeviceRun {
  return {
    device,
    workload,
    ladder: 'har-cnn1d',
    qualityMetric: 'top1',
    actions: ['fp32@max', 'int8@max', 'int8@low'],
    latencyFloorRatio: 0.55,
    policies: POLICIES.map((p, k) => policy(p, k, seed, duration)),
  };
}

export function syntheticResult(overrides: Partial<EvaluationResult> = {}): EvaluationResult {
  return {
    scenario: 'har-office-day',
    durationS: 3600,
    seeds: SEEDS,
    gridIntensityGPerKwh: 400,
    runs: [deviceRun('esp32-s3', 'har', 1, 3600), deviceRun('raspberry-pi-4', 'har', 2, 3600)],
    headline: {
      energy_saving_vs_fp32: 0.452,
      latency_p50_saving_vs_fp32: 0.381,
      accuracy_loss_pts: 0.8,
      energy_saving_vs_best_heuristic: 0.082,
      latency_p50_saving_vs_best_heuristic: 0.12,
      best_heuristic: 'battery-threshold',
      oracle_fraction: 0.93,
      latency_p50_saving_bound: 0.45,
      oracle_energy_saving_vs_fp32: 0.49,
    },
    policyUnderTest: 'adaptive',
    notes: ['Energy is modelled from the device profile, not measured.', 'Harvest is synthetic.'],
    partial: false,
    ...overrides,
  };
}
