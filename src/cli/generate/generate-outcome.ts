/**
 * A synthesis run turned into what `edgewatt generate` prints and writes:
 * the summary (table, --json), result.json (the summary plus the training
 * curve and each precision's bit widths; no windows), and the rendered
 * files — a window grid per precision, the quality-vs-energy chart, and
 * with --samples a CSV of synthetic windows per precision. Everything is
 * rendered here, before the report writer touches the disk.
 */
import type { SynthesisResult } from '../../generative/synthesis/synthesis-result.js';
import type { ReportFile } from '../report/write-report-folder.js';
import { qualityEnergyFile, windowGridFile } from './generate-charts.js';
import { summariseSynthesis, type GenerateOutcome, type GenerateSummary } from './generate-summary.js';
import { syntheticSamplesCsv } from './synthetic-samples-csv.js';

export interface GenerateOutcomeOptions {
  /** Device profiles the modelled energy of a generated window is given on. */
  devices: readonly string[];
  /** --samples: synthetic windows per class asked for; the task was run with the same samplesPerClass. */
  samplesPerClass?: number;
}

export function generateOutcome(task: { name: string; description: string; dataDir: string }, r: SynthesisResult, o: GenerateOutcomeOptions): GenerateOutcome {
  const csvs: ReportFile[] = [];
  let samples: GenerateSummary['samples'] = null;
  if (o.samplesPerClass !== undefined) {
    let perClass = r.classes.map(() => o.samplesPerClass!);
    for (const q of r.results) {
      if (q.samples === undefined) throw new Error(`the ${task.name} task returned no samples for ${q.precision}; its runner must pass samplesPerClass on to evaluateSynthesis`);
      perClass = perClass.map((n, k) => Math.min(n, q.samples![k]?.length ?? 0));
      csvs.push({ file: `synthetic-${q.precision}.csv`, content: syntheticSamplesCsv({ classes: r.classes, channels: r.channels, windowLength: r.windowLength, samples: q.samples }) });
    }
    samples = { perClass, requestedPerClass: o.samplesPerClass, files: csvs.map((c) => c.file) };
  }
  const summary = summariseSynthesis(task, r, o.devices, samples);
  const chart = qualityEnergyFile(summary, task.name);
  const files = [...r.results.map((q) => windowGridFile(r, q, task.name)), ...(chart ? [chart] : []), ...csvs];
  const result = {
    ...summary,
    values: 'windows are compared in the standardised space of the training windows (per channel: minus the training mean, over the training standard deviation)',
    precisions: summary.precisions.map((p, k) => ({ ...p, bits: r.results[k]!.variant.bits })),
    training: { bestEpoch: r.training.bestEpoch, stoppedByBudget: r.training.stoppedByBudget, epochs: r.training.epochs },
  };
  return { summary, result, files };
}
