/**
 * The human report of `edgewatt detect`: what was scored and how the
 * threshold was set, then one row per precision — for NAB the labelled
 * windows detected, the false alarms and the point-wise ROC-AUC, for ECG
 * ROC-AUC, PR-AUC, the sensitivity and false alarms at the threshold — and
 * the weight bytes each precision stores; with --ladder, the saved ladder's
 * rungs and their ROC-AUC.
 */
import { formatDurationS } from '../../data/stream-check-report.js';
import { binaryBytes, count, plural, textTable } from '../report/text-table.js';
import type { DetectLadderSummary, DetectSummary, EcgDetectSummary, NabDetectSummary } from './detect-summary.js';

function ladderRungs(l: DetectLadderSummary): string {
  return l.rungs.map((r) => `${r.id} ${r.rocAuc.toFixed(3)} (${binaryBytes(r.weightBytes)})`).join(', ');
}

function formatNab(s: NabDetectSummary): string {
  const file = s.stream.split(/[\\/]/).pop()!;
  const windows = s.precisions[0]?.windowsTotal ?? 0;
  return [
    `NAB detection on ${file} (${s.key}): ${plural(s.readings, 'reading')} → ${count(s.scoredReadings)} scored at ${formatDurationS(s.stepS)} (mean of ${s.decimation})`,
    `  ${plural(windows, 'labelled window')}; ${s.folds}-fold cross-fitting, ${plural(s.epochs, 'epoch')} per fold, windows of ${s.windowLength} readings`,
    `  threshold: the largest score on each fold's held-out normal windows; detections closer than 1 d are one`,
    '',
    textTable(
      ['precision', 'windows detected', 'false alarms', 'point ROC-AUC', 'weights'],
      s.precisions.map((p) => [p.precision, `${p.windowsDetected}/${p.windowsTotal}`, String(p.falseAlarms), p.rocAuc.toFixed(3), binaryBytes(p.weightBytes)]),
    ),
    ...(s.ladder
      ? [
          '',
          `ladder: ${s.ladder.manifest} — one detector trained on the first ${+(s.ladder.trainFraction * 100).toFixed(2)} % (${count(s.ladder.trainReadings)} scored readings); ` +
            `ROC-AUC of each rung's reconstruction error on the ${count(s.ladder.testWindows)} windows after it (${count(s.ladder.testPositive)} touch a labelled window): ${ladderRungs(s.ladder)}`,
        ]
      : []),
  ].join('\n');
}

function formatEcg(s: EcgDetectSummary): string {
  const b = s.beats;
  const record = s.stream.split(/[\\/]/).pop()!.replace(/\.hea$/, '');
  return [
    `ECG beat detection on record ${record} (${s.lead}): ${count(b.train)} normal beats train, ${count(b.validation)} validate; test: ${count(b.testNormal)} normal, ${count(b.testAbnormal)} abnormal`,
    `  ${plural(s.epochs, 'epoch')}; threshold: the 99th percentile of the validation (normal) beats' scores`,
    '',
    textTable(
      ['precision', 'ROC-AUC', 'PR-AUC', 'sensitivity', 'false alarms (normal beats)', 'weights'],
      s.precisions.map((p) => [p.precision, p.rocAuc.toFixed(3), p.prAuc.toFixed(3), `${(p.sensitivity * 100).toFixed(1)}%`, `${p.falseAlarms}/${b.testNormal}`, binaryBytes(p.weightBytes)]),
    ),
    ...(s.ladder
      ? ['', `ladder: ${s.ladder.manifest} — ROC-AUC of each rung's reconstruction error: ${ladderRungs(s.ladder)}`]
      : []),
  ].join('\n');
}

export function formatDetect(s: DetectSummary): string {
  return (s.task === 'nab' ? formatNab(s) : formatEcg(s)) + '\n';
}
