/**
 * The two series the forecast-error benchmark scores, built from their
 * sources with every choice stated:
 *
 * harvest power — NSRDB PSM3 2017 (../shared/data/solar/psm3_2017.csv,
 * 30-min steps, pvlib's test copy): GHI and air temperature through a
 * horizontal 0.01 m² panel (10 cm × 10 cm, a size chosen for a sensor node;
 * the area only scales watts, not the scale-free MASE) with the PVWatts
 * "Standard" module and SPV1040 MPPT defaults (src/energy/solar/pv-panel.ts),
 * as the mean power over each 30-min step (harvestPowerSeries). Train:
 * 1 January to 31 August (243 days); test: 1 September to the end of the
 * trace (the last step ends at 23:30 on 31 December).
 *
 * arrival counts — the bursty diurnal workload of poisson-burst.ts, counted
 * per 15-min step. The scenario (not a measurement): a mean of one task a
 * minute, a daily cycle of relative amplitude 0.8 peaking at 14:00, bursts
 * of mean 20 min every 4 h of calm on average at 4× the rate. Train: 28
 * days from seed 1; test: 14 days from seed 2 (both start at midnight, so
 * the concatenated series keeps its daily phase).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { sharedDataDir } from '../../src/cli/data-paths.js';
import { readPsm3 } from '../../src/data/traces/psm3.js';
import { Rng } from '../../src/engine/random.js';
import { SolarHarvest, standardPanel } from '../../src/energy/solar/index.js';
import { arrivalCountSeries, harvestPowerSeries, poissonBurstTasks, SECONDS_PER_DAY, type PoissonBurstOptions } from '../../src/scheduler/index.js';

export interface BenchSeries {
  name: string;
  unit: string;
  source: string;
  stepS: number;
  /** Steps per day: the season length m of the seasonal models. */
  seasonLength: number;
  /** Training prefix followed by the test part. */
  series: Float64Array;
  trainLength: number;
  /** Season phase of series[0]. */
  firstPhase: number;
  description: string;
}

export const SOLAR_PANEL_AREA_M2 = 0.01;
const SOLAR_STEP_S = 1800;
const SOLAR_TRAIN_DAYS = 243;

export function solarPowerSeries(): BenchSeries | { missing: string } {
  const path = join(sharedDataDir(), 'solar', 'psm3_2017.csv');
  if (!existsSync(path)) return { missing: path };
  const trace = readPsm3(path);
  const harvest = new SolarHarvest({ timeS: trace.timeS, ghiWPerM2: trace.ghiWPerM2, ambientTemperatureC: trace.temperatureC }, standardPanel(SOLAR_PANEL_AREA_M2));
  const steps = Math.floor(harvest.spanS / SOLAR_STEP_S);
  const series = harvestPowerSeries(harvest, { startS: 0, stepS: SOLAR_STEP_S, steps });
  const first = new Date(trace.timeS[0]! * 1000);
  return {
    name: 'harvest power (PSM3 2017)',
    unit: 'W',
    source: 'solar/psm3_2017.csv',
    stepS: SOLAR_STEP_S,
    seasonLength: SECONDS_PER_DAY / SOLAR_STEP_S,
    series,
    trainLength: SOLAR_TRAIN_DAYS * (SECONDS_PER_DAY / SOLAR_STEP_S),
    firstPhase: Math.round((first.getUTCHours() * 3600 + first.getUTCMinutes() * 60) / SOLAR_STEP_S),
    description: `mean power per 30-min step of a ${SOLAR_PANEL_AREA_M2} m² horizontal PVWatts-Standard panel with SPV1040 MPPT; train Jan 1-Aug 31, test Sep 1-Dec 31`,
  };
}

const ARRIVAL_STEP_S = 900;

export const ARRIVAL_SCENARIO: Omit<PoissonBurstOptions, 'durationS'> = {
  relativeDeadlineS: 60,
  diurnal: { meanRatePerS: 1 / 60, amplitude: 0.8, peakTimeOfDayS: 14 * 3600 },
  burst: { meanCalmS: 4 * 3600, meanBurstS: 20 * 60, rateMultiplier: 4 },
};

export const ARRIVAL_SEEDS = { train: 1, test: 2 } as const;
const ARRIVAL_DAYS = { train: 28, test: 14 } as const;

export function arrivalSeries(): BenchSeries {
  const counts = (days: number, seed: number): Float64Array => {
    const durationS = days * SECONDS_PER_DAY;
    const tasks = poissonBurstTasks({ ...ARRIVAL_SCENARIO, durationS }, new Rng(seed));
    return arrivalCountSeries(tasks, { startS: 0, stepS: ARRIVAL_STEP_S, steps: durationS / ARRIVAL_STEP_S });
  };
  const train = counts(ARRIVAL_DAYS.train, ARRIVAL_SEEDS.train);
  const test = counts(ARRIVAL_DAYS.test, ARRIVAL_SEEDS.test);
  const series = new Float64Array(train.length + test.length);
  series.set(train);
  series.set(test, train.length);
  return {
    name: 'arrival counts (bursty diurnal MMPP)',
    unit: 'tasks/step',
    source: `poissonBurstTasks, train seed ${ARRIVAL_SEEDS.train} (${ARRIVAL_DAYS.train} d), test seed ${ARRIVAL_SEEDS.test} (${ARRIVAL_DAYS.test} d)`,
    stepS: ARRIVAL_STEP_S,
    seasonLength: SECONDS_PER_DAY / ARRIVAL_STEP_S,
    series,
    trainLength: train.length,
    firstPhase: 0,
    description: 'arrivals per 15-min step; mean 1/min, diurnal amplitude 0.8 peaking 14:00, 20-min bursts at 4x every 4 h of calm on average',
  };
}
