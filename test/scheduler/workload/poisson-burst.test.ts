/**
 * The bursty diurnal Poisson workload: its expected count in closed form
 * (diurnal integral × (1 + (M − 1) π_burst)) against the mean over seeds,
 * the burst chain's stationary share of time, arrivals labelled by state,
 * reproducibility, and the entry checks.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Rng } from '../../../src/engine/random.js';
import { burstStationaryProbability, diurnalExpectedCount, expectedPoissonBurstCount, poissonBurstTasks, poissonBurstWorkload, sampleBurstIntervals, SECONDS_PER_DAY, type PoissonBurstOptions } from '../../../src/scheduler/index.js';

const DAY = SECONDS_PER_DAY;

function meanAndSd(xs: readonly number[]): { mean: number; sd: number } {
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
  return { mean, sd: Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / (xs.length - 1)) };
}

test('diurnalExpectedCount: a whole day gives λ̄·day; a quarter day around the peak matches the closed form', () => {
  const profile = { meanRatePerS: 0.01, amplitude: 0.8, peakTimeOfDayS: 14 * 3600 };
  assert.ok(Math.abs(diurnalExpectedCount(profile, 0, DAY) - 864) < 1e-9);
  // ∫ over [peak − 3 h, peak + 3 h] = λ̄ (6 h + A·P/π · sin(π/4)).
  const expected = 0.01 * (6 * 3600 + (0.8 * DAY * Math.sin(Math.PI / 4)) / Math.PI);
  assert.ok(Math.abs(diurnalExpectedCount(profile, 11 * 3600, 17 * 3600) - expected) < 1e-9);
});

test('poissonBurstTasks without bursts: mean count over 200 seeds = the diurnal integral (± 4 standard errors)', () => {
  const options: PoissonBurstOptions = { durationS: 1.5 * DAY, relativeDeadlineS: 30, diurnal: { meanRatePerS: 0.002, amplitude: 1, peakTimeOfDayS: 13 * 3600 } };
  const expected = expectedPoissonBurstCount(options);
  assert.ok(Math.abs(expected - diurnalExpectedCount(options.diurnal, 0, 1.5 * DAY)) < 1e-9);
  const seeds = 200;
  const { mean } = meanAndSd(Array.from({ length: seeds }, (_, s) => poissonBurstTasks(options, new Rng(s)).length));
  assert.ok(Math.abs(mean - expected) < 4 * Math.sqrt(expected / seeds), `mean ${mean}, expected ${expected}`);
});

test('poissonBurstTasks with bursts: mean count = (1 + (M−1)π_burst) × diurnal integral (± 4 empirical standard errors)', () => {
  const options: PoissonBurstOptions = {
    durationS: 2 * DAY,
    relativeDeadlineS: 30,
    diurnal: { meanRatePerS: 0.002, amplitude: 0.6, peakTimeOfDayS: 10 * 3600 },
    burst: { meanCalmS: 3 * 3600, meanBurstS: 1800, rateMultiplier: 5 },
  };
  const pi = burstStationaryProbability(options.burst!);
  assert.ok(Math.abs(pi - 1800 / (3 * 3600 + 1800)) < 1e-15);
  const expected = (1 + 4 * pi) * diurnalExpectedCount(options.diurnal, 0, 2 * DAY);
  assert.ok(Math.abs(expectedPoissonBurstCount(options) - expected) < 1e-9);
  const seeds = 300;
  const counts = Array.from({ length: seeds }, (_, s) => poissonBurstTasks(options, new Rng(7 + s)).length);
  const { mean, sd } = meanAndSd(counts);
  assert.ok(Math.abs(mean - expected) < (4 * sd) / Math.sqrt(seeds), `mean ${mean}, expected ${expected}, sd ${sd}`);
  // Bursts make the count over-dispersed: variance well above the Poisson variance (= mean).
  assert.ok(sd * sd > 1.5 * expected, `variance ${sd * sd} vs mean ${expected}: bursts should over-disperse`);
});

test('sampleBurstIntervals: the share of time in bursts is π_burst and bursts last meanBurstS on average', () => {
  const burst = { meanCalmS: 600, meanBurstS: 200, rateMultiplier: 3 };
  const durationS = 4e6;
  const bursts = sampleBurstIntervals(burst, durationS, new Rng(11));
  let inBurst = 0;
  bursts.forEach((b, k) => {
    assert.ok(b.endS > b.startS);
    if (k > 0) assert.ok(b.startS > bursts[k - 1]!.endS, 'disjoint, ascending, with calm between');
    inBurst += b.endS - b.startS;
  });
  // ~5000 cycles: relative error of the time share about 1/√5000 ≈ 1.4 %; 6 % bound.
  assert.ok(Math.abs(inBurst / durationS - 0.25) < 0.015, `share ${inBurst / durationS}`);
  assert.ok(Math.abs(inBurst / bursts.length / 200 - 1) < 0.06, `mean burst ${inBurst / bursts.length} s`);
});

test('poissonBurstWorkload: arrivals labelled burst lie in a burst, and the rate there is M times the calm rate', () => {
  const options: PoissonBurstOptions = { durationS: 20 * DAY, relativeDeadlineS: 10, diurnal: { meanRatePerS: 0.01, amplitude: 0, peakTimeOfDayS: 0 }, burst: { meanCalmS: 7200, meanBurstS: 900, rateMultiplier: 4 } };
  const { tasks, bursts } = poissonBurstWorkload(options, new Rng(5));
  const inside = (t: number) => bursts.some((b) => b.startS <= t && t < b.endS);
  let burstTasks = 0;
  for (const task of tasks) {
    assert.equal(task.source === 'poisson:burst', inside(task.arrivalS), `task ${task.id} at ${task.arrivalS}`);
    if (task.source === 'poisson:burst') burstTasks++;
  }
  const burstTime = bursts.reduce((a, b) => a + b.endS - b.startS, 0);
  const ratio = burstTasks / burstTime / ((tasks.length - burstTasks) / (options.durationS - burstTime));
  // ~1,600 burst arrivals: the ratio's relative sd is about 3 %; ±15 % is 5 sd.
  assert.ok(Math.abs(ratio / 4 - 1) < 0.15, `burst/calm rate ratio ${ratio}`);
});

test('poissonBurstTasks: sorted, unique ids, reproducible by seed, different across seeds', () => {
  const options: PoissonBurstOptions = { durationS: DAY, relativeDeadlineS: 5, idPrefix: 'web', diurnal: { meanRatePerS: 0.01, amplitude: 0.5, peakTimeOfDayS: 0 }, burst: { meanCalmS: 3600, meanBurstS: 600, rateMultiplier: 2 } };
  const a = poissonBurstTasks(options, new Rng(1));
  assert.deepEqual(a, poissonBurstTasks(options, new Rng(1)));
  assert.notDeepEqual(a, poissonBurstTasks(options, new Rng(2)));
  assert.equal(new Set(a.map((t) => t.id)).size, a.length);
  a.forEach((t, k) => {
    assert.equal(t.id, `web-${k}`);
    assert.equal(t.deadlineS, t.arrivalS + 5);
    if (k > 0) assert.ok(t.arrivalS > a[k - 1]!.arrivalS);
  });
});

test('poissonBurstTasks: bad options are refused naming the option', () => {
  const ok: PoissonBurstOptions = { durationS: DAY, relativeDeadlineS: 1, diurnal: { meanRatePerS: 0.01, amplitude: 0.5, peakTimeOfDayS: 0 } };
  const rng = new Rng(1);
  assert.throws(() => poissonBurstTasks({ ...ok, durationS: -5 }, rng), /options\.durationS must be a finite number > 0/);
  assert.throws(() => poissonBurstTasks({ ...ok, diurnal: { ...ok.diurnal, amplitude: 1.5 } }, rng), /options\.diurnal\.amplitude must be a number in \[0, 1\], got 1\.5/);
  assert.throws(() => poissonBurstTasks({ ...ok, diurnal: { ...ok.diurnal, meanRatePerS: -1 } }, rng), /options\.diurnal\.meanRatePerS must be a finite number >= 0/);
  assert.throws(() => poissonBurstTasks({ ...ok, diurnal: { ...ok.diurnal, peakTimeOfDayS: DAY } }, rng), /options\.diurnal\.peakTimeOfDayS must be < the period/);
  assert.throws(() => poissonBurstTasks({ ...ok, burst: { meanCalmS: 10, meanBurstS: 1, rateMultiplier: 0.5 } }, rng), /options\.burst\.rateMultiplier must be a finite number >= 1/);
  assert.throws(() => poissonBurstTasks({ ...ok, burst: { meanCalmS: 0, meanBurstS: 1, rateMultiplier: 2 } }, rng), /options\.burst\.meanCalmS must be a finite number > 0/);
});
