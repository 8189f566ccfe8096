/**
 * Forecast error of the scheduler's forecasters on the two series its state
 * needs (forecast-datasets.ts): harvest power from the PSM3 2017 year and
 * arrival counts of a bursty diurnal workload. Every forecaster is fitted
 * or trained on the training part only, then run online over training and
 * test parts in order (rollingForecasts); only targets in the test part
 * are scored. All forecasts are clipped at 0 (NonNegativeForecaster): both
 * series are non-negative. Errors: MAE and RMSE in the series' unit, MASE
 * scaled by the in-sample one-step naive MAE of the training part (Hyndman
 * & Koehler 2006), sMAPE (0/0 counted as 0).
 *
 * The learned models run with the same seeds: the MLP, and the TCN at fp32
 * and as its int8 and int4 integer-only models (quantized from that seed's
 * fp32 model, calibrated on its training windows). Each TCN variant also
 * gets its weight bytes, MACs and the modelled energy of one forecast on a
 * microcontroller (COST_DEVICE; its engines run int8 only, so fp32 has no
 * figure there).
 *
 * Writes bench/results/forecast-error.json and prints the Markdown tables
 * that docs/forecasting.md quotes.
 *
 *   node dist/bench/scheduler/forecast-error.js [--out bench/results/forecast-error.json]
 */
import { writeJsonAtomic } from '../../src/io/atomic-write.js';
import { Rng } from '../../src/engine/random.js';
import { estimateInference, loadDeviceProfile, type DeviceProfile } from '../../src/energy/index.js';
import {
  burstStationaryProbability,
  diurnalExpectedCount,
  EwmaForecaster,
  ewmaAlphaGrid,
  fitOneStepSse,
  HoltWintersForecaster,
  holtWintersGrid,
  mae,
  mase,
  maseScale,
  MlpForecaster,
  NaiveForecaster,
  NonNegativeForecaster,
  quantizeTcnForecastModel,
  rmse,
  rollingForecasts,
  smape,
  TcnForecaster,
  trainMlpForecastModel,
  trainTcnForecastModel,
  type Forecaster,
  type MlpTrainingOptions,
  type TcnForecastModel,
  type TcnTrainingOptions,
} from '../../src/scheduler/index.js';
import { describeMachine } from '../machine.js';
import { ARRIVAL_SCENARIO, arrivalSeries, solarPowerSeries, type BenchSeries } from './forecast-datasets.js';

/** Seeds of the learned models' initial weights and shuffles: three, so the table shows the spread a seed makes. */
const MLP_SEEDS = [7, 8, 9] as const;
/** The TCN runs with the MLP's seeds. */
const TCN_SEEDS = MLP_SEEDS;

/**
 * The microcontroller that prices one TCN forecast (devices/nucleo-l4r5zi.json,
 * its default engine): a Cortex-M4 sensor-node class board, the kind that
 * runs the scheduler's forecasts.
 */
const COST_DEVICE = 'nucleo-l4r5zi';

type LearnedOptions = { mlp: Omit<MlpTrainingOptions, 'seasonLength' | 'horizon' | 'firstPhase'>; tcn: Omit<TcnTrainingOptions, 'seasonLength' | 'horizon' | 'firstPhase'> };

interface Scores {
  horizon: number;
  n: number;
  mae: number;
  rmse: number;
  mase: number;
  smape: number;
}

interface Row {
  forecaster: string;
  kind: 'baseline' | 'smoothing' | 'learned' | 'reference';
  fitted?: Record<string, number>;
  trainSeconds?: number;
  /** A TCN variant's size and work per forecast; energy modelled on COST_DEVICE (null: no kernels there for its precision). */
  cost?: { precision: string; weightBytes: number; macs: number; device: string; energyPerForecastJ: number | null; latencyPerForecastS: number | null };
  scores: Scores[];
}

function score(horizon: number, actual: Float64Array, forecast: Float64Array, scale: number): Scores {
  return { horizon, n: actual.length, mae: mae(actual, forecast), rmse: rmse(actual, forecast), mase: mase(actual, forecast, scale), smape: smape(actual, forecast) };
}

function evaluate(f: Forecaster, s: BenchSeries, horizons: readonly number[], scale: number): Scores[] {
  return rollingForecasts(new NonNegativeForecaster(f), s.series, { horizons, evaluateFrom: s.trainLength }).map((r) => score(r.horizon, r.actual, r.forecast, scale));
}

async function runSeries(s: BenchSeries, horizons: readonly number[], learned: LearnedOptions, device: DeviceProfile): Promise<{ rows: Row[]; scale: number }> {
  const { mlp, tcn } = learned;
  const train = s.series.subarray(0, s.trainLength);
  const m = s.seasonLength;
  const scale = maseScale(train, 1);
  const rows: Row[] = [];
  rows.push({ forecaster: 'naive (persistence)', kind: 'baseline', scores: evaluate(new NaiveForecaster(), s, horizons, scale) });
  rows.push({ forecaster: `seasonal naive (m=${m})`, kind: 'baseline', scores: evaluate(new NaiveForecaster({ seasonLength: m }), s, horizons, scale) });
  const ewma = fitOneStepSse(ewmaAlphaGrid(), (alpha) => new EwmaForecaster({ alpha }), train);
  rows.push({ forecaster: 'EWMA', kind: 'smoothing', fitted: { alpha: ewma.params }, scores: evaluate(new EwmaForecaster({ alpha: ewma.params }), s, horizons, scale) });
  // Scored after the two-season warm-up, so every candidate is judged on its fitted state.
  const hw = fitOneStepSse(holtWintersGrid(m), (p) => new HoltWintersForecaster(p), train, 2 * m);
  const { alpha, beta, gamma } = hw.params;
  rows.push({ forecaster: 'Holt-Winters additive', kind: 'smoothing', fitted: { alpha, beta, gamma }, scores: evaluate(new HoltWintersForecaster(hw.params), s, horizons, scale) });
  for (const seed of MLP_SEEDS) {
    const started = performance.now();
    const model = await trainMlpForecastModel(train, { ...mlp, seasonLength: m, horizon: Math.max(...horizons), firstPhase: s.firstPhase }, new Rng(seed));
    const trainSeconds = (performance.now() - started) / 1000;
    rows.push({
      forecaster: `MLP (k=${mlp.lags}, hidden=${mlp.hidden}, H=${model.config.horizon}, seed ${seed})`,
      kind: 'learned',
      fitted: { seed, epochs: model.history.epochs.length, samples: model.samples, finalTrainMse: +model.history.epochs.at(-1)!.trainLoss.toFixed(5) },
      trainSeconds: +trainSeconds.toFixed(2),
      scores: evaluate(new MlpForecaster(model, { firstPhase: s.firstPhase }), s, horizons, scale),
    });
  }
  for (const seed of TCN_SEEDS) rows.push(...(await tcnRows(s, train, horizons, tcn, seed, scale, device)));
  return { rows, scale };
}

/** The TCN of one seed at fp32, int8 and int4 (the integer models quantized from that fp32 model). */
async function tcnRows(s: BenchSeries, train: Float64Array, horizons: readonly number[], tcn: LearnedOptions['tcn'], seed: number, scale: number, device: DeviceProfile): Promise<Row[]> {
  const started = performance.now();
  const fp32 = await trainTcnForecastModel(train, { ...tcn, seasonLength: s.seasonLength, horizon: Math.max(...horizons), firstPhase: s.firstPhase }, new Rng(seed));
  const trainSeconds = +((performance.now() - started) / 1000).toFixed(2);
  const label = (precision: string) => `TCN ${precision} (k=${tcn.lags}, width=${tcn.width}, levels=${tcn.levels}, H=${fp32.config.horizon}, seed ${seed})`;
  const row = (m: TcnForecastModel): Row => ({
    forecaster: label(m.precision),
    kind: 'learned',
    fitted: { seed, epochs: fp32.history.epochs.length, samples: fp32.samples, finalTrainMse: +fp32.history.epochs.at(-1)!.trainLoss.toFixed(5) },
    ...(m === fp32 ? { trainSeconds } : {}),
    cost: tcnCost(m, device),
    scores: evaluate(new TcnForecaster(m), s, horizons, scale),
  });
  try {
    const rows = [row(fp32)];
    for (const precision of ['int8', 'int4'] as const) {
      const q = quantizeTcnForecastModel(fp32, train, { precision });
      try {
        rows.push(row(q));
      } finally {
        q.dispose();
      }
    }
    return rows;
  } finally {
    fp32.dispose();
  }
}

function tcnCost(m: TcnForecastModel, device: DeviceProfile): NonNullable<Row['cost']> {
  const macs = m.work.layers.reduce((n, l) => n + l.macs, 0);
  // The microcontroller's engines have int8 (and, falling back, int4) kernels only.
  const estimate = m.precision === 'fp32' ? null : estimateInference(device, m.work);
  return { precision: m.precision, weightBytes: m.weightBytes, macs, device: device.id, energyPerForecastJ: estimate?.energyJ ?? null, latencyPerForecastS: estimate?.latencyS ?? null };
}

/** The generator's own mean count per step (knows λ(t) and the burst share, not the burst state): a floor no forecaster without the state should beat by much. */
function processMeanRow(s: BenchSeries, horizons: readonly number[], scale: number): Row {
  const factor = 1 + (ARRIVAL_SCENARIO.burst!.rateMultiplier - 1) * burstStationaryProbability(ARRIVAL_SCENARIO.burst!);
  const n = s.series.length - s.trainLength;
  const actual = s.series.slice(s.trainLength);
  const forecast = Float64Array.from({ length: n }, (_, i) => factor * diurnalExpectedCount(ARRIVAL_SCENARIO.diurnal, (s.trainLength + i) * s.stepS, (s.trainLength + i + 1) * s.stepS));
  // The targets the rolling evaluation scores at horizon h: indices trainLength + h − 1 onwards.
  const scores = horizons.map((h) => score(h, actual.subarray(h - 1), forecast.subarray(h - 1), scale));
  return { forecaster: 'process mean (reference, knows λ(t))', kind: 'reference', scores };
}

function markdown(s: BenchSeries, rows: Row[], horizons: readonly number[]): string {
  const minutes = (h: number) => `${(h * s.stepS) / 60} min`;
  const head = `| forecaster | ${horizons.map((h) => `MAE h=${h} (${minutes(h)})`).join(' | ')} | ${horizons.map((h) => `RMSE h=${h}`).join(' | ')} | ${horizons.map((h) => `MASE h=${h}`).join(' | ')} |`;
  const rule = `|---|${horizons.map(() => '---:|').join('').repeat(3)}`;
  const fmt = (x: number) => (Math.abs(x) >= 100 ? x.toFixed(1) : x.toPrecision(3));
  const body = rows.map((r) => `| ${r.forecaster}${r.fitted && r.kind === 'smoothing' ? ` (${Object.entries(r.fitted).map(([k, v]) => `${k}=${v}`).join(', ')})` : ''} | ${r.scores.map((x) => fmt(x.mae)).join(' | ')} | ${r.scores.map((x) => fmt(x.rmse)).join(' | ')} | ${r.scores.map((x) => fmt(x.mase)).join(' | ')} |`);
  return [`### ${s.name} — ${s.unit}`, '', head, rule, ...body].join('\n');
}

/** The TCN variants' size and modelled cost per forecast (the first seed's; every seed has the same architecture). */
function costMarkdown(s: BenchSeries, rows: Row[]): string {
  const costs = rows.filter((r) => r.cost && r.fitted?.['seed'] === TCN_SEEDS[0]).map((r) => r.cost!);
  const device = costs[0]?.device ?? COST_DEVICE;
  const body = costs.map(
    (c) =>
      `| ${c.precision} | ${c.weightBytes} | ${c.macs} | ${c.energyPerForecastJ === null ? 'no kernels' : (c.energyPerForecastJ * 1e6).toPrecision(3)} | ${c.latencyPerForecastS === null ? 'no kernels' : (c.latencyPerForecastS * 1e3).toPrecision(3)} |`,
  );
  return [`#### TCN per forecast — ${s.name}`, '', `| precision | weight bytes | MACs | energy on ${device} (µJ) | latency on ${device} (ms) |`, '|---|---:|---:|---:|---:|', ...body].join('\n');
}

async function main(): Promise<void> {
  const i = process.argv.indexOf('--out');
  const out = i >= 0 ? process.argv[i + 1]! : 'bench/results/forecast-error.json';
  const results = [];
  const device = loadDeviceProfile(COST_DEVICE);
  const solar = solarPowerSeries();
  if ('missing' in solar) {
    console.error(`forecast-error: ${solar.missing} not found; the harvest-power part is skipped (set EDGEWATT_DATA)`);
  } else {
    const horizons = [1, 6];
    // TCN k: picked from 40, 64, 96 by the MAE on the last 20 % of the training part (docs/forecasting.md); width, levels, epochs set once.
    const { rows, scale } = await runSeries(solar, horizons, { mlp: { lags: 6, hidden: 32, epochs: 30 }, tcn: { lags: 64, width: 8, levels: 4, epochs: 15 } }, device);
    results.push({ series: solar, rows, scale, horizons });
  }
  const arrivals = arrivalSeries();
  const arrivalHorizons = [1, 4];
  // TCN k: picked from 32, 48, 64 the same way.
  const a = await runSeries(arrivals, arrivalHorizons, { mlp: { lags: 8, hidden: 32, epochs: 30 }, tcn: { lags: 32, width: 8, levels: 4, epochs: 15 } }, device);
  a.rows.push(processMeanRow(arrivals, arrivalHorizons, a.scale));
  results.push({ series: arrivals, rows: a.rows, scale: a.scale, horizons: arrivalHorizons });

  for (const r of results) console.log(`${markdown(r.series, r.rows, r.horizons)}\n\n${costMarkdown(r.series, r.rows)}\n`);
  const m = describeMachine();
  await writeJsonAtomic(out, {
    benchmark: 'forecast-error',
    generatedAt: new Date().toISOString(),
    mlpSeeds: MLP_SEEDS,
    tcnSeeds: TCN_SEEDS,
    costDevice: COST_DEVICE,
    series: results.map((r) => ({
      name: r.series.name,
      unit: r.series.unit,
      source: r.series.source,
      description: r.series.description,
      stepS: r.series.stepS,
      seasonLength: r.series.seasonLength,
      trainSteps: r.series.trainLength,
      testSteps: r.series.series.length - r.series.trainLength,
      maseScale: r.scale,
      horizons: r.horizons,
      forecasters: r.rows,
    })),
    machine: { cpu: m.cpuModel, node: m.node },
  });
  console.error(`forecast-error: wrote ${out}`);
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? (e.stack ?? e.message) : String(e));
  process.exitCode = 1;
});
