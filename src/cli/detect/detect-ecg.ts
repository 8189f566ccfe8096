/**
 * `edgewatt detect <record.hea>`: the abnormal-beat task
 * (generative/tasks/ecg-anomaly.ts) on a WFDB record and its reference
 * annotations. The lead is MLII when the record has it (the task's
 * default; every MIT-BIH record but 102 and 104, whose upper signal is V5
 * because of surgical dressings — MIT-BIH Arrhythmia Database directory),
 * else the record's first signal, so those two run too. The beat split is built once before training to
 * refuse a record the task could not score (ROC-AUC needs both normal and
 * abnormal test beats) before any time is spent on it.
 */
import { readWfdbAnnotations, readWfdbRecord, type WfdbRecord } from '../../data/wfdb/record.js';
import { ecgBeatTask } from '../../generative/datasets/ecg-beat-task.js';
import { runEcgAnomaly } from '../../generative/tasks/ecg-anomaly.js';
import { FileFormatError } from '../../io/file-format-error.js';
import { ecgScoreChart } from './detect-charts.js';
import type { DetectOutcome, DetectRunOptions, EcgDetectSummary } from './detect-summary.js';

const PREFERRED_LEAD = 'MLII';

export async function detectEcg(header: string, annotationsPath: string, o: DetectRunOptions): Promise<DetectOutcome> {
  const record = readWfdbRecord(header);
  const annotations = readWfdbAnnotations(header);
  const lead = leadOf(record);
  const signal = record.signals[lead]!;
  const leadName = signal.spec.description || `signal ${lead}`;
  if (signal.invalidSamples > 0) o.log(`${signal.invalidSamples} samples of ${leadName} are marked invalid; beats whose window holds one are left out`);
  const split = ecgBeatTask(record, annotations, { leads: [lead] });
  if (split.counts.testAbnormal === 0 || split.counts.testNormal === 0) {
    const missing = split.counts.testAbnormal === 0 ? 'no abnormal beats' : 'no normal test beats';
    throw new FileFormatError(annotationsPath, 'beats', `${missing} to score (${split.counts.testNormal} normal and ${split.counts.testAbnormal} abnormal test beats); ROC-AUC needs both`);
  }
  const result = await runEcgAnomaly(record, annotations, {
    leads: [lead], precisions: o.precisions,
    ...(o.epochs !== undefined ? { epochs: o.epochs } : {}),
    ...(o.seed !== undefined ? { seed: o.seed } : {}),
    ...(o.latent !== undefined ? { latent: o.latent } : {}),
    progress: o.progress, log: o.log,
    ...(o.ladderDir !== undefined ? { ladder: { outDir: o.ladderDir, datasetLabel: `record ${record.header.record} (${leadName}): the ${split.counts.testNormal} normal beats after the training and validation blocks and all ${split.counts.testAbnormal} abnormal beats` } } : {}),
  });
  const c = result.task.counts;
  const summary: EcgDetectSummary = {
    task: 'ecg', stream: header, annotations: annotationsPath, lead: leadName,
    beats: { train: c.train, validation: c.validation, testNormal: c.testNormal, testAbnormal: c.testAbnormal },
    invalidSamples: signal.invalidSamples, epochs: result.training.epochs.length,
    precisions: result.results.map((r) => ({
      precision: r.precision, rocAuc: r.rocAuc, prAuc: r.prAuc, threshold: r.threshold,
      sensitivity: r.sensitivity, falseAlarms: r.falseAlarms, weightBytes: r.weightBytes,
    })),
    ...(result.ladder
      ? { ladder: { manifest: result.ladder.manifestPath, rungs: result.ladder.manifest.variants.map((v) => ({ id: v.id, rocAuc: v.quality!.value, weightBytes: v.weightBytes })) } }
      : {}),
  };
  const fs = record.header.samplingFrequencyHz;
  const resultJson = {
    ...summary,
    beatsLeftOutAtEdges: c.skippedAtEdges,
    precisions: result.results.map((r, k) => ({
      ...summary.precisions[k]!,
      bits: r.variant.bits,
      detectionsS: Array.from(r.scores.keys()).filter((i) => r.scores[i]! > r.threshold).map((i) => result.task.testBeats.sample[i]! / fs),
    })),
    training: { bestEpoch: result.training.bestEpoch, epochs: result.training.epochs },
  };
  const charts = result.results.map((r) => ({ file: `score-${r.precision}.svg`, svg: ecgScoreChart(result, r, fs, record.header.record) }));
  return { summary, result: resultJson, charts };
}

function leadOf(record: WfdbRecord): number {
  const k = record.signals.findIndex((s) => s.spec.description === PREFERRED_LEAD);
  return k >= 0 ? k : 0;
}
