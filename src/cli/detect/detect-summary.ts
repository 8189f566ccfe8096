/**
 * What `edgewatt detect` reports: per task, the metrics of each precision —
 * the table's rows, the `--json` object (no per-reading arrays) and the core
 * of result.json. Fractions stay fractions and bytes stay bytes; the table
 * formats them.
 */
import type { CodecPrecision } from '../../generative/precision/codec-variants.js';
import type { EcgPrecisionResult } from '../../generative/tasks/ecg-anomaly.js';

/** Options shared by both tasks, as the command parsed them. */
export interface DetectRunOptions {
  precisions: readonly CodecPrecision[];
  /** Undefined: the task's default. */
  epochs?: number;
  seed?: number;
  latent?: number;
  /** Repair gaps and repeated timestamps of a CSV stream (listed), instead of refusing them. */
  repair: boolean;
  /** Progress bars during training (stderr). */
  progress: boolean;
  /** Progress lines (stderr). */
  log: (message: string) => void;
  /** The stream check's report lines (data/stream-check-report.ts formatRepairReport), before training. */
  onStreamCheck?: (lines: string[]) => void;
  /**
   * Save a detector here as a precision ladder (generative/precision/detector-ladder.ts):
   * the ECG task's trained model, or for a NAB stream one model trained on its
   * leading stretch (generative/tasks/nab-detector-ladder.ts).
   */
  ladderDir?: string;
}

/** A detector saved as a ladder (--ladder): its manifest and each rung's ROC-AUC from its own reconstruction error. */
export interface DetectLadderSummary {
  manifest: string;
  rungs: { id: string; rocAuc: number; weightBytes: number }[];
}

/** The NAB ladder's split: what the deployable detector was trained on and scored on (datasets/nab-ladder-split.ts). */
export interface NabLadderSummary extends DetectLadderSummary {
  /** Leading fraction of the scored readings trained on. */
  trainFraction: number;
  /** Scored readings in the training stretch. */
  trainReadings: number;
  /** Windows scored after it, and how many touch a labelled window. */
  testWindows: number;
  testPositive: number;
}

export interface NabPrecisionSummary {
  precision: CodecPrecision;
  windowsDetected: number;
  windowsTotal: number;
  /** Detections outside every labelled window. */
  falseAlarms: number;
  /** Point-wise ROC-AUC of the score against the labelled readings. */
  rocAuc: number;
  weightBytes: number;
}

export interface NabDetectSummary {
  task: 'nab';
  stream: string;
  labels: string;
  /** The label-file key the windows came from. */
  key: string;
  /** Readings after the stream check (and any repair), before decimation. */
  readings: number;
  /** Readings scored: after decimation by `decimation`. */
  scoredReadings: number;
  decimation: number;
  /** Step between scored readings. */
  stepS: number;
  windowLength: number;
  folds: number;
  /** Epochs trained per fold (as run). */
  epochs: number;
  /** The stream check's report (formatRepairReport), repairs or "no repairs needed". */
  streamCheck: string[];
  precisions: NabPrecisionSummary[];
  /** --ladder: the deployable detector, trained on the stream's leading stretch and scored on the rest. */
  ladder?: NabLadderSummary;
}

/** One precision's detection figures as runEcgAnomaly measured them (threshold: by default the 99th percentile of the validation beats' scores), without the per-beat scores. */
export type EcgPrecisionSummary = Pick<EcgPrecisionResult, 'precision' | 'rocAuc' | 'prAuc' | 'threshold' | 'sensitivity' | 'falseAlarms' | 'weightBytes'>;

export interface EcgDetectSummary {
  task: 'ecg';
  stream: string;
  annotations: string;
  lead: string;
  beats: { train: number; validation: number; testNormal: number; testAbnormal: number };
  /** Samples of the lead the record marks invalid; beats whose window holds one are left out. */
  invalidSamples: number;
  /** Epochs trained (as run). */
  epochs: number;
  precisions: EcgPrecisionSummary[];
  /** The detector saved as a ladder (--ladder). */
  ladder?: DetectLadderSummary;
}

export type DetectSummary = NabDetectSummary | EcgDetectSummary;

/** One chart file of the report folder. */
export interface DetectChart {
  /** `score-<precision>.svg`. */
  file: string;
  svg: string;
}

/** What a task run hands to the report writer and the printer. */
export interface DetectOutcome {
  summary: DetectSummary;
  /** result.json: the summary plus detections, windows and training (no per-reading arrays). */
  result: Record<string, unknown>;
  charts: DetectChart[];
}
