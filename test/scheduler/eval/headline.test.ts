/**
 * The headline's pooling: latency as the geometric mean of per-run p50
 * ratios (a run 4× slower and one 4× faster pool to no change, whichever
 * run is in milliseconds and which in microseconds), energy in joules over
 * every served request, and the oracle's own saving beside the fraction.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { DeviceRun, Estimate, PolicyRun } from '../../../src/scheduler/eval/evaluation-result.js';
import { headline, p50Ratio } from '../../../src/scheduler/eval/headline.js';

const est = (mean: number): Estimate => ({ mean, low: mean, high: mean, values: [mean] });

function policy(name: string, p50S: number, energyMj: number, accuracy: number, served = 100): PolicyRun {
  const zero = est(0);
  return {
    policy: name, traceSeed: 1, description: name,
    metrics: {
      energyPerInferenceMj: est(energyMj), totalEnergyJ: zero, latencyP50S: est(p50S), latencyP95S: est(p50S), latencyP99S: est(p50S),
      deadlineMissRate: zero, accuracy: est(accuracy), criticalAccuracy: null, batteryLifetimeH: zero, co2eG: zero, served: est(served), depletedRuns: 0,
    },
    trace: { tS: [], energyJ: [], soc: [], servedTS: [], servedRank: [], responseS: [] },
  };
}

function run(device: string, floor: number | null, policies: PolicyRun[]): DeviceRun {
  return { device, workload: 'w', ladder: 'l', qualityMetric: 'top1', actions: [], latencyFloorRatio: floor, policies };
}

const runs = [
  // An MCU in milliseconds: the policy is 4× slower.
  run('mcu', 0.5, [policy('static-fp32', 0.008, 0.2, 0.9), policy('rl', 0.032, 0.1, 0.9), policy('static-int8', 0.008, 0.2, 0.9), policy('oracle', 0.032, 0.08, 0.895)]),
  // A GPU in microseconds: 4× faster.
  run('gpu', 0.125, [policy('static-fp32', 60e-6, 2, 0.5), policy('rl', 15e-6, 1.5, 0.5), policy('static-int8', 60e-6, 1.8, 0.5), policy('oracle', 15e-6, 1, 0.49)]),
];

test('p50 pools as the geometric mean of per-run ratios', () => {
  assert.ok(Math.abs(p50Ratio(runs, 'rl', 'static-fp32') - 1) < 1e-12);
  assert.ok(Math.abs(p50Ratio(runs.slice(0, 1), 'rl', 'static-fp32') - 4) < 1e-12);
  assert.ok(Number.isNaN(p50Ratio(runs, 'schedutil', 'static-fp32')), 'a policy missing from a run: no figure');
  assert.ok(Number.isNaN(p50Ratio([], 'rl', 'static-fp32')));
});

test('headline: energy pooled in joules, latency by ratio, the bound and the oracle saving', () => {
  const h = headline(runs, 'rl', 0.01);
  // fp32: (0.2 + 2) mJ × 100 each; rl: (0.1 + 1.5); oracle (0.08 + 1).
  assert.ok(Math.abs(h.energy_saving_vs_fp32 - (1 - 1.6 / 2.2)) < 1e-12);
  assert.ok(Math.abs(h.latency_p50_saving_vs_fp32) < 1e-12, 'one run 4× slower, one 4× faster: no change');
  assert.equal(h.best_heuristic, 'static-int8');
  assert.ok(Math.abs(h.energy_saving_vs_best_heuristic - (1 - 1.6 / 2.0)) < 1e-12);
  assert.ok(Math.abs(h.oracle_fraction! - (2.2 - 1.6) / (2.2 - 1.08)) < 1e-12);
  assert.ok(Math.abs(h.oracle_energy_saving_vs_fp32! - (2.2 - 1.08) / 2.2) < 1e-12);
  assert.ok(Math.abs(h.latency_p50_saving_bound - (1 - Math.sqrt(0.5 * 0.125))) < 1e-12);
  const noFloor = headline([runs[0]!, run('gpu', null, runs[1]!.policies as PolicyRun[])], 'rl', 0.01);
  assert.ok(Number.isNaN(noFloor.latency_p50_saving_bound), 'a run without a floor: no bound');
});
