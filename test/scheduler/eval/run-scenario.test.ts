/**
 * An evaluation end to end on a small scenario (two hours, two seeds, an
 * MCU and a Pi): every policy runs on every seed, the numbers obey their
 * definitions, the oracle is at least as frugal as everything within its
 * accuracy floor, an abort returns a partial result, and a bad scenario is
 * refused naming the field.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { estimate, studentT975 } from '../../../src/scheduler/eval/estimate.js';
import { runScenario } from '../../../src/scheduler/eval/run-scenario.js';
import { scenarioSchema, type Scenario } from '../../../src/scheduler/eval/scenario.js';
import { LADDER } from './fixtures.js';

const dir = mkdtempSync(join(tmpdir(), 'ew-scenario-'));
after(() => rmSync(dir, { recursive: true, force: true }));
writeFileSync(join(dir, 'ladder.json'), JSON.stringify(LADDER));

const scenario: Scenario = scenarioSchema.parse({
  name: 'test', durationH: 2, seeds: [1, 2], gridIntensityGPerKwh: 400, gridIntensitySource: 'a test figure',
  policies: ['static-fp32', 'static-int8', 'battery-threshold', 'race-to-idle', 'schedutil', 'adaptive', 'oracle'], policyUnderTest: 'adaptive',
  devices: [
    { name: 'pi', device: 'raspberry-pi-4', ladder: 'ladder.json', store: { kind: 'ideal', capacityJ: 1e6, soc: 0.3 }, workload: [{ kind: 'poisson', diurnal: { meanRatePerS: 0.5, amplitude: 0.5, peakTimeOfDayS: 3600 }, relativeDeadlineS: 1 }] },
    { name: 'mcu', device: 'nucleo-u575zi', ladder: 'ladder.json', variants: ['int8', 'int4', 'pruned-int8'], store: { kind: 'lg18650', soc: 0.5 }, workload: [{ kind: 'periodic', periodS: 2, relativeDeadlineS: 2 }] },
  ],
});
const scenarioPath = join(dir, 'scenario.json');

test('estimate: mean ± t·s/√n with the tabled t', () => {
  const e = estimate([1, 2, 3]);
  assert.equal(e.mean, 2);
  assert.ok(Math.abs(e.high - 2 - 4.303 / Math.sqrt(3)) < 1e-12);
  assert.deepEqual(estimate([5]), { mean: 5, low: 5, high: 5, values: [5] });
  assert.equal(studentT975(40), 1.96);
  assert.throws(() => estimate([1, NaN]), /finite/);
});

test('every policy on every seed; definitions hold; the oracle is the most frugal within its floor', async () => {
  const r = await runScenario(scenario, { scenarioPath, dataDir: dir });
  assert.equal(r.partial, false);
  assert.equal(r.runs.length, 2);
  for (const run of r.runs) {
    assert.deepEqual(run.policies.map((p) => p.policy), scenario.policies);
    const fp32 = run.policies.find((p) => p.policy === 'static-fp32')!.metrics;
    const oracle = run.policies.find((p) => p.policy === 'oracle')!.metrics;
    for (const p of run.policies) {
      const m = p.metrics;
      assert.equal(m.served.values.length, 2, `${run.device} ${p.policy}: one value per seed`);
      assert.ok(m.latencyP50S.mean <= m.latencyP95S.mean && m.latencyP95S.mean <= m.latencyP99S.mean);
      assert.ok(Math.abs(m.co2eG.mean - (m.totalEnergyJ.mean / 3.6e6) * 400) < 1e-9 * Math.max(1, m.co2eG.mean));
      if (fp32.accuracy.mean - m.accuracy.mean <= 0.01 + 1e-9 && p.policy !== 'oracle') {
        assert.ok(oracle.energyPerInferenceMj.mean <= m.energyPerInferenceMj.mean * (1 + 1e-9), `${run.device}: oracle ${oracle.energyPerInferenceMj.mean} vs ${p.policy} ${m.energyPerInferenceMj.mean}`);
      }
    }
    assert.ok(fp32.accuracy.mean - oracle.accuracy.mean <= 0.01 + 1e-9);
    assert.equal(run.policies[0]!.trace.tS.length > 0, true);
  }
  for (const k of ['energy_saving_vs_fp32', 'latency_p50_saving_vs_fp32', 'accuracy_loss_pts', 'energy_saving_vs_best_heuristic'] as const) assert.ok(Number.isFinite(r.headline[k]), k);
  assert.ok(r.headline.oracle_fraction === null || Number.isFinite(r.headline.oracle_fraction));
});

test('an abort returns what was done, marked partial', async () => {
  const ac = new AbortController();
  const r = await runScenario(scenario, { scenarioPath, dataDir: dir, signal: ac.signal, onProgress: (done) => { if (done === 3) ac.abort(); } });
  assert.equal(r.partial, true);
  assert.ok(r.notes.some((n) => n.startsWith('PARTIAL')));
  assert.equal(r.runs.length, 1);
  assert.deepEqual(r.runs[0]!.policies.map((p) => p.policy), ['static-fp32', 'static-int8', 'battery-threshold']);
});

test('a latency budget of 1: the scheduling policies are never slower than static fp32, the baselines keep theirs; a device may opt out', async () => {
  const capped = scenarioSchema.parse({ ...scenario, maxLatencyRatio: 1, seeds: [1], devices: [scenario.devices[1], { ...scenario.devices[1], name: 'mcu-free', maxLatencyRatio: null }] });
  const r = await runScenario(capped, { scenarioPath, dataDir: dir });
  const [mcuRun, freeRun] = r.runs;
  const m = (run: (typeof r.runs)[number], p: string) => run.policies.find((x) => x.policy === p)!.metrics;
  for (const p of ['adaptive', 'oracle']) {
    assert.ok(m(mcuRun!, p).latencyP99S.mean <= m(mcuRun!, 'static-fp32').latencyP99S.mean * (1 + 1e-9), `${p}: p99 within static fp32's`);
  }
  assert.ok(m(mcuRun!, 'schedutil').latencyP50S.mean > m(mcuRun!, 'static-fp32').latencyP50S.mean, 'schedutil still slows the clock: baselines are not capped');
  assert.ok(m(freeRun!, 'oracle').latencyP50S.mean > m(freeRun!, 'static-fp32').latencyP50S.mean, 'without a budget the oracle uses the slack');
  assert.ok(m(freeRun!, 'oracle').energyPerInferenceMj.mean < m(mcuRun!, 'oracle').energyPerInferenceMj.mean, 'and the slack saves energy');
  assert.ok(r.notes.some((n) => /Latency budget on mcu: .*at most 1× as slow/.test(n)));
  assert.ok(!r.notes.some((n) => /Latency budget on mcu-free/.test(n)));
  assert.ok(mcuRun!.latencyFloorRatio! <= 1 && freeRun!.latencyFloorRatio! <= mcuRun!.latencyFloorRatio!);
  assert.ok(Number.isFinite(r.headline.latency_p50_saving_bound) && r.headline.oracle_energy_saving_vs_fp32! > 0);
});

test('bad scenarios are refused naming the field', () => {
  const base = JSON.parse(JSON.stringify(scenario)) as Record<string, unknown>;
  const bad = (patch: Record<string, unknown>) => scenarioSchema.safeParse({ ...base, ...patch });
  assert.match(JSON.stringify(bad({ policies: ['adaptive'] }).error?.issues), /must include \\"static-fp32\\"/);
  assert.match(JSON.stringify(bad({ policyUnderTest: 'ppo' }).error?.issues), /policyUnderTest/);
  assert.match(JSON.stringify(bad({ devices: [] }).error?.issues), /devices/);
  const devices = base['devices'] as Record<string, unknown>[];
  assert.match(JSON.stringify(bad({ devices: [devices[0], devices[0]] }).error?.issues), /duplicate device name/);
  assert.match(JSON.stringify(bad({ devices: [{ ...devices[0], workload: [{ kind: 'lunar', relativeDeadlineS: 1 }] }] }).error?.issues), /kind/);
  assert.match(JSON.stringify(bad({ maxLatencyRatio: 0.5 }).error?.issues), /maxLatencyRatio.*greater than or equal to 1|greater than or equal to 1.*maxLatencyRatio/);
  assert.match(JSON.stringify(bad({ devices: [{ ...devices[0], maxLatencyRatio: 'fast' }] }).error?.issues), /maxLatencyRatio/);
});

test("the RL policies, frozen or fine-tuned on the device, are never evaluated on their training seeds", async () => {
  for (const policy of ['rl', 'rl-online'] as const) {
    const s = { ...scenario, seeds: [101, 1], policies: [...scenario.policies, policy] };
    await assert.rejects(runScenario(s, { scenarioPath, dataDir: dir }), /seeds 101 are the RL policy's training seeds/);
  }
});
