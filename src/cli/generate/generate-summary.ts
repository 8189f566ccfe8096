/**
 * What `edgewatt generate` reports: the data and training behind the
 * windows, then per precision of the codec ladder the quality of its
 * synthetic windows against held-out real ones and the modelled energy of
 * generating one window — the table's rows, the `--json` object and the
 * core of result.json. Fractions stay fractions, bytes bytes and joules
 * joules; the table formats them.
 */
import { codecEnergy } from '../../generative/precision/codec-energy.js';
import type { SynthesisQuality, SynthesisResult } from '../../generative/synthesis/synthesis-result.js';
import type { ReportFile } from '../report/write-report-folder.js';

/**
 * Where generating a window is priced by default: the microcontroller a
 * sensor node would generate on (Cortex-M33) and a gateway-class board
 * (Raspberry Pi 4), both profiles in devices/ — two of the three the
 * generative benchmark prices (bench/generative/run.ts).
 */
export const GENERATE_DEVICES: readonly string[] = ['nucleo-u575zi', 'raspberry-pi-4'];

/** One generated window (the decoder alone) on one device profile, by the energy model: modelled, not measured. */
export interface ModelledGeneration {
  device: string;
  engine: string;
  /** Null where the device's engines cannot run the precision; `unsupported` says why. */
  energyJ: number | null;
  latencyS: number | null;
  unsupported?: string;
}

/** A precision's quality (synthesis-result.ts SynthesisQuality, the windows left out) and the modelled energy of one generated window. */
export interface GeneratePrecisionSummary extends Pick<SynthesisQuality, 'precision' | 'mmd2' | 'psdDistance' | 'discriminativeAccuracy' | 'tstr' | 'trtr' | 'tstrGapPts' | 'weightBytes'> {
  /** Bytes the sampler keeps beside the decoder (latent density, noise parameters), stored with it on a device; null where the task does not say. */
  samplerBytes: number | null;
  modelledGeneration: ModelledGeneration[];
}

export interface GenerateSummary {
  /** The task's name in synthesis-tasks.ts. */
  task: string;
  description: string;
  data: string;
  classes: string[];
  channels: string[];
  sampleRateHz: number;
  windowLength: number;
  windows: { train: number; validation: number };
  /** Epochs trained (as run) and the one whose weights were kept. */
  epochs: number;
  bestEpoch: number;
  /** The --samples CSV files: windows written of each class (in class order; at most the draw the metrics scored) of those asked for per class. */
  samples: { perClass: number[]; requestedPerClass: number; files: string[] } | null;
  precisions: GeneratePrecisionSummary[];
}

/** What a run hands to the report writer and the printer. */
export interface GenerateOutcome {
  summary: GenerateSummary;
  /** result.json: the summary plus training curves and bit widths (no windows). */
  result: Record<string, unknown>;
  /** Charts and sample CSVs, rendered. */
  files: ReportFile[];
}

export function summariseSynthesis(task: { name: string; description: string; dataDir: string }, r: SynthesisResult, devices: readonly string[], samples: GenerateSummary['samples']): GenerateSummary {
  return {
    task: task.name, description: task.description, data: task.dataDir,
    classes: r.classes, channels: r.channels, sampleRateHz: r.sampleRateHz, windowLength: r.windowLength,
    windows: { train: r.counts.train, validation: r.counts.validation },
    epochs: r.training.epochs.length, bestEpoch: r.training.bestEpoch, samples,
    precisions: r.results.map((q) => ({
      precision: q.precision, mmd2: q.mmd2, psdDistance: q.psdDistance, discriminativeAccuracy: q.discriminativeAccuracy,
      tstr: q.tstr, trtr: q.trtr, tstrGapPts: q.tstrGapPts, weightBytes: q.weightBytes, samplerBytes: q.samplerBytes ?? null,
      modelledGeneration: codecEnergy(q.variant, devices).map((e) => ({
        device: e.device, engine: e.engine, energyJ: e.generateEnergyJ, latencyS: e.generateLatencyS,
        ...(e.unsupported !== undefined ? { unsupported: e.unsupported } : {}),
      })),
    })),
  };
}
