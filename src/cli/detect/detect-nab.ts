/**
 * `edgewatt detect <stream.csv>`: the NAB failure-detection task
 * (generative/tasks/nab-anomaly.ts) on a time-stamped CSV and its labelled
 * windows, after the stream check. Everything that would make the task fail
 * after training — no window inside the stream, a window in the detector's
 * warm-up, too few readings — is checked first, with the task's own
 * decimation and window length passed explicitly so the checks and the task
 * agree.
 *
 * With --ladder, one more model is trained after the cross-fitted pair: the
 * detector a device would be given, trained on the stream's leading stretch
 * and saved as a precision ladder whose rungs are scored on the rest
 * (generative/tasks/nab-detector-ladder.ts). Its split is checked with the
 * others, before any training; the cross-fitted result is the same with or
 * without it.
 */
import { readFileSync } from 'node:fs';
import { parseNabWindows, type NabStream } from '../../data/nab.js';
import { formatRepairReport, formatDurationS, formatStreamTime } from '../../data/stream-check-report.js';
import { FileFormatError } from '../../io/file-format-error.js';
import { runNabAnomaly } from '../../generative/tasks/nab-anomaly.js';
import { readCheckedCsvStream } from './checked-csv-stream.js';
import { nabScoreChart } from './detect-charts.js';
import type { DetectOutcome, DetectRunOptions, NabDetectSummary } from './detect-summary.js';
import { labelledNabStream } from '../../data/labelled-nab-stream.js';
import { checkNabLadderSplit, NabLadderSplitError } from '../../generative/datasets/nab-ladder-split.js';
import { runNabDetectorLadder } from '../../generative/tasks/nab-detector-ladder.js';

/**
 * The task's defaults (nab-anomaly.ts), chosen there for NAB's 5-minute
 * streams: readings averaged 4 at a time (20 min), windows of 64 of those
 * (21 h), 2 folds of cross-fitting.
 */
const DECIMATION = 4;
const WINDOW_LENGTH = 64;
const FOLDS = 2;
/** The deployable detector's training stretch: the first half of the scored readings (datasets/nab-ladder-split.ts). */
const LADDER_TRAIN_FRACTION = 0.5;

export async function detectNab(csv: string, labelsPath: string, o: DetectRunOptions): Promise<DetectOutcome> {
  const labels = parseNabWindows(readFileSync(labelsPath, 'utf8'), labelsPath);
  const checked = readCheckedCsvStream(csv, { channels: 1, windowLength: WINDOW_LENGTH * DECIMATION }, o.repair);
  const streamCheck = formatRepairReport(checked.report);
  o.onStreamCheck?.(streamCheck);
  const stream = labelledNabStream(checked.stream, labels, labelsPath);
  checkWindows(stream, labelsPath, o.log);
  if (o.ladderDir !== undefined) checkLadderSplit(stream, csv);
  const result = await runNabAnomaly(stream, {
    decimation: DECIMATION, windowLength: WINDOW_LENGTH, folds: FOLDS, precisions: o.precisions,
    ...(o.epochs !== undefined ? { epochs: o.epochs } : {}),
    ...(o.seed !== undefined ? { seed: o.seed } : {}),
    ...(o.latent !== undefined ? { latent: o.latent } : {}),
    progress: o.progress, log: o.log,
  });
  const deployable = o.ladderDir === undefined
    ? null
    : await runNabDetectorLadder(stream, {
        outDir: o.ladderDir, decimation: DECIMATION, windowLength: WINDOW_LENGTH, trainFraction: LADDER_TRAIN_FRACTION,
        ...(o.epochs !== undefined ? { epochs: o.epochs } : {}),
        ...(o.seed !== undefined ? { seed: o.seed } : {}),
        ...(o.latent !== undefined ? { latent: o.latent } : {}),
        progress: o.progress, log: o.log,
      });
  const summary: NabDetectSummary = {
    task: 'nab', stream: csv, labels: labelsPath, key: stream.key,
    readings: stream.series.timeS.length, scoredReadings: result.timeS.length, decimation: DECIMATION, stepS: result.stepS,
    windowLength: WINDOW_LENGTH, folds: FOLDS, epochs: result.folds[0]!.training.epochs.length, streamCheck,
    precisions: result.results.map((r) => ({
      precision: r.precision, windowsDetected: r.detection.windowsDetected, windowsTotal: r.detection.windowsTotal,
      falseAlarms: r.detection.falseAlarms, rocAuc: r.rocAuc, weightBytes: r.weightBytes,
    })),
    ...(deployable
      ? {
          ladder: {
            manifest: deployable.ladder.manifestPath,
            rungs: deployable.ladder.manifest.variants.map((v) => ({ id: v.id, rocAuc: v.quality!.value, weightBytes: v.weightBytes })),
            trainFraction: deployable.split.trainFraction, trainReadings: deployable.split.trainReadings,
            testWindows: deployable.split.counts.test, testPositive: deployable.split.counts.testPositive,
          },
        }
      : {}),
  };
  const t0 = stream.series.timeS[0]!;
  const utc = (tS: number): string => new Date(Math.round((t0 + tS) * 1000)).toISOString();
  const resultJson = {
    ...summary,
    precisions: result.results.map((r, k) => ({
      ...summary.precisions[k]!,
      detections: r.detection.detections.map((i) => utc(result.timeS[i]!)),
      firstDetectionDelayS: r.detection.firstDetectionDelay.map((d) => (d === null ? null : d * result.stepS)),
    })),
    windows: result.windows.map((w) => ({ start: w.start, end: w.end, scoredReadings: [w.firstIndex, w.lastIndex] })),
    trainingFolds: result.folds.map((f) => ({
      scoredReadings: [f.from, f.to - 1], trainWindows: f.trainWindows, validationWindows: f.validationWindows,
      bestEpoch: f.training.bestEpoch, epochs: f.training.epochs,
    })),
    ...(deployable
      ? {
          ladderTraining: {
            testFrom: deployable.testFromUtc, trainWindows: deployable.split.counts.train, validationWindows: deployable.split.counts.validation,
            standardisation: deployable.split.standardisation, bestEpoch: deployable.training.bestEpoch, epochs: deployable.training.epochs,
          },
        }
      : {}),
  };
  const charts = result.results.map((r) => ({ file: `score-${r.precision}.svg`, svg: nabScoreChart(result, r, t0, WINDOW_LENGTH - 1, stream.series.columns[0] ?? 'value') }));
  return { summary, result: resultJson, charts };
}

/** Refuses, before training, labels the task could not score; logs the windows it will leave out. */
function checkWindows(stream: NabStream, labelsPath: string, log: (m: string) => void): void {
  const t = stream.series.timeS;
  const inside = stream.windows.filter((w) => w.firstIndex >= 0);
  const range = `${formatStreamTime(0, t[0]!)} to ${formatStreamTime(t[t.length - 1]! - t[0]!, t[0]!)}`;
  if (inside.length === 0) {
    const listed = stream.windows.length === 0 ? 'lists no window' : `lists ${stream.windows.length} window${stream.windows.length === 1 ? '' : 's'}, none within the stream (${range})`;
    throw new FileFormatError(labelsPath, stream.key, `${listed}; detections need at least one labelled window to be scored`);
  }
  const outside = stream.windows.length - inside.length;
  if (outside > 0) log(`${outside} labelled window${outside === 1 ? ' lies' : 's lie'} outside the stream (${range}); not scored`);
  // The first score needs one full window of history (nab-anomaly.ts scores a window at its last reading).
  const warmUp = (WINDOW_LENGTH - 1) * DECIMATION;
  const early = inside.find((w) => w.firstIndex < warmUp);
  if (early !== undefined) {
    const span = formatDurationS(t[Math.min(warmUp, t.length - 1)]! - t[0]!);
    throw new FileFormatError(labelsPath, stream.key, `the window ${early.start} – ${early.end} starts within the first ${warmUp} readings (${span}), before the detector has one window of history; it could never be detected`);
  }
  // nab-anomaly.ts drops the trailing readings that do not fill one decimated reading.
  const scored = Math.floor(t.length / DECIMATION) * DECIMATION;
  const late = inside.find((w) => w.firstIndex >= scored);
  if (late !== undefined) {
    throw new FileFormatError(labelsPath, stream.key, `the window ${late.start} – ${late.end} starts in the last ${t.length - scored} readings, which do not fill one scored reading (the mean of ${DECIMATION}); it could never be detected`);
  }
}

/** Refuses, before training, a stream whose leading stretch cannot train the deployable detector or whose rest cannot score it. */
function checkLadderSplit(stream: NabStream, csv: string): void {
  try {
    checkNabLadderSplit(stream, { decimation: DECIMATION, windowLength: WINDOW_LENGTH, trainFraction: LADDER_TRAIN_FRACTION });
  } catch (e) {
    if (e instanceof NabLadderSplitError) throw new FileFormatError(csv, 'readings', `${e.message} (--ladder trains one detector on the stream's first ${LADDER_TRAIN_FRACTION * 100} % and scores it on the rest)`);
    throw e;
  }
}
