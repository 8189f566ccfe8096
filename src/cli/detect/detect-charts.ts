/**
 * The score timelines of `edgewatt detect`, one per precision
 * (plot/score-timeline-chart.ts): the score against time, its threshold,
 * the labelled anomalies shaded and the detections marked.
 *
 * - NAB: the score of each scored (decimated) reading divided by its fold's
 *   threshold, so the threshold is 1; the readings of the first window
 *   have no score yet (the task stores 0 there) and are left out rather
 *   than drawn as a calm start; the readings in a panel above.
 * - ECG: one point per test beat at its R peak (seconds into the record);
 *   each abnormal test beat is a zero-width labelled window (drawn 1 px
 *   wide) carrying its annotation symbol; a detection is a beat above the
 *   threshold, hit or false alarm.
 */
import type { EcgAnomalyResult, EcgPrecisionResult } from '../../generative/tasks/ecg-anomaly.js';
import type { NabAnomalyResult, NabPrecisionResult } from '../../generative/tasks/nab-anomaly.js';
import { scoreTimelineChartSvg } from '../plot/score-timeline-chart.js';

/** `startUtcS`: Unix time of the first reading (the result's times are seconds since it); `warmUp`: scored readings without a score. */
export function nabScoreChart(result: NabAnomalyResult, r: NabPrecisionResult, startUtcS: number, warmUp: number, valueName: string): string {
  const at = (i: number): number => startUtcS + result.timeS[i]!;
  return scoreTimelineChartSvg({
    title: `${result.key}: ${r.precision} VAE, score / threshold`,
    timeS: Float64Array.from(result.timeS, (_, i) => at(i)),
    score: Float64Array.from(r.score, (s, i) => (i < warmUp ? NaN : s)),
    threshold: 1,
    windows: result.windows.map((w) => ({ startS: at(w.firstIndex), endS: at(w.lastIndex) })),
    detectionsS: r.detection.detections.map(at),
    signal: { values: result.values, label: valueName },
    yLabel: 'score / threshold',
    epoch: true,
  });
}

/** `recordHz`: the record's sampling rate (test beats are located by R-peak sample at that rate). */
export function ecgScoreChart(result: EcgAnomalyResult, r: EcgPrecisionResult, recordHz: number, record: string): string {
  const { sample, symbols } = result.task.testBeats;
  const timeS = Float64Array.from(sample, (s) => s / recordHz);
  const windows = [];
  const detectionsS: number[] = [];
  for (let i = 0; i < timeS.length; i++) {
    if (result.task.testLabels[i] === 1) windows.push({ startS: timeS[i]!, endS: timeS[i]!, label: symbols[i]! });
    if (r.scores[i]! > r.threshold) detectionsS.push(timeS[i]!);
  }
  return scoreTimelineChartSvg({
    title: `record ${record} (${result.task.leads.join(', ')}): ${r.precision} VAE, score per test beat`,
    timeS,
    score: r.scores,
    threshold: r.threshold,
    windows,
    detectionsS,
    yLabel: 'anomaly score',
    epoch: false,
  });
}
