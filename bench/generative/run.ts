/**
 * `npm run bench:generative`: the generative models on real data at every
 * precision (issue 7), with the energy of a scored and of a generated
 * window on three device profiles (modelled):
 *
 *   anomaly     ECG abnormal beats + imputation (MIT-BIH 100), and the same
 *               detector saved as a ladder (each rung's ROC-AUC from its own
 *               reconstruction error — what the scheduler's twin prices);
 *               NAB machine temperature at the pre-registered threshold and
 *               at the factor chosen on another labelled NAB stream;
 *               HAR novelty (leave one activity out)
 *   synthesis   HAR activities (conditional), normal ECG beats,
 *               machine-temperature regimes (conditional)
 *
 * Writes bench/results/generative.json and the "Generative models" section
 * of docs/BENCHMARKS.md. A data folder that is absent skips its tasks, said
 * on stderr and in the section.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkStream, formatRepairReport, labelledNabStream, parseNabWindows, parseSensorCsv, readNabStream, readWfdbAnnotations, readWfdbRecord } from '../../src/data/index.js';
import { runEcgAnomaly } from '../../src/generative/tasks/ecg-anomaly.js';
import { runNabAnomaly } from '../../src/generative/tasks/nab-anomaly.js';
import { NAB_THRESHOLD_FACTORS, selectNabThresholdFactor } from '../../src/generative/tasks/nab-threshold-selection.js';
import { runHarNovelty } from '../../src/generative/tasks/har-novelty.js';
import { runHarSynthesis } from '../../src/generative/tasks/har-synthesis.js';
import { runEcgSynthesis } from '../../src/generative/tasks/ecg-synthesis.js';
import { MACHINE_TEMPERATURE_FILE, runMachineTempSynthesis } from '../../src/generative/tasks/machine-temp-synthesis.js';
import type { SynthesisResult } from '../../src/generative/synthesis/synthesis-result.js';
import { codecEnergy, type WindowEnergy } from '../../src/generative/precision/codec-energy.js';
import { CODEC_PRECISIONS, type CodecVariant } from '../../src/generative/precision/codec-variants.js';
import { writeFileAtomic, writeJsonAtomic } from '../../src/io/atomic-write.js';
import { describeMachine } from '../machine.js';
import { replaceDocSection } from '../doc-section.js';
import { generativeMarkdown } from './generative-doc.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const DATA = process.env['EDGEWATT_DATA'] ?? join(ROOT, '..', 'shared', 'data');
const DEVICES = ['nucleo-u575zi', 'raspberry-pi-4', 'jetson-orin-nano'];
const AMBIENT = 'ambient_temperature_system_failure.csv';
const log = (m: string) => process.stderr.write(`[bench:generative] ${m}\n`);

interface EcgBench {
  record: string;
  counts: { train: number; validation: number; testNormal: number; testAbnormal: number };
  bestEpoch: number;
  results: { precision: string; rocAuc: number; prAuc: number; sensitivity: number; falseAlarms: number; weightBytes: number; imputation: { mae: number; rmse: number; count: number }; energy: WindowEnergy[] }[];
  linearImputation: { mae: number; rmse: number; count: number };
  /** The detector as a ladder: each rung's ROC-AUC from its own reconstruction error, bytes and measured latency. */
  ladder: { id: string; rocAuc: number; weightBytes: number; latency: { backend: string; medianMs: number }[] }[];
}

interface NabDetections {
  precision: string;
  windowsDetected: number;
  windowsTotal: number;
  falseAlarms: number;
  rocAuc: number;
  weightBytes: number;
}

interface NabBench {
  key: string;
  folds: number;
  /** Threshold = the largest held-out normal score (factor 1), fixed before testing. */
  preRegistered: NabDetections[];
  /** The factor chosen on the development stream, applied unchanged. */
  selection: { developmentStream: string; repair: string[]; criterion: string; grid: readonly number[]; sweep: { factor: number; windowsDetected: number; windowsTotal: number; falseAlarms: number }[]; factor: number } | null;
  selected: NabDetections[] | null;
}

type SynthesisBench = Omit<SynthesisResult, 'results' | 'realExamples' | 'training'> & {
  bestEpoch: number;
  results: (Omit<SynthesisResult['results'][number], 'examples' | 'variant' | 'samples'> & { energy: WindowEnergy[] })[];
  /** Task-specific facts (regime definition and counts). */
  extra?: Record<string, unknown>;
};

interface NoveltyBench {
  classes: string[];
  thresholdQuantile: number;
  folds: { heldOut: string; counts: Record<string, number>; results: { precision: string; rocAuc: number; prAuc: number; detectionRate: number; falseAlarmRate: number; weightBytes: number }[] }[];
}

export interface GenerativeBench {
  date: string;
  durationS: number;
  machine: ReturnType<typeof describeMachine>;
  ecg: EcgBench | null;
  nab: NabBench | null;
  harNovelty: NoveltyBench | null;
  synthesis: { har: SynthesisBench | null; ecgNormal: SynthesisBench | null; machineTemperature: SynthesisBench | null };
  skipped: string[];
}

function energyOf(variant: Pick<CodecVariant, 'work'>): WindowEnergy[] {
  return codecEnergy(variant, DEVICES);
}

function synthesisBench(r: SynthesisResult, extra?: Record<string, unknown>): SynthesisBench {
  const { results, realExamples: _e, training, ...rest } = r;
  return {
    ...rest, bestEpoch: training.bestEpoch,
    results: results.map(({ examples: _x, variant, samples: _s, ...q }) => ({ ...q, energy: energyOf(variant) })),
    ...(extra ? { extra } : {}),
  };
}

async function ecgTasks(skipped: string[]): Promise<{ ecg: EcgBench | null; ecgNormal: SynthesisBench | null }> {
  const dir = join(DATA, 'ecg-mitbih');
  const hea = join(dir, '100.hea');
  if (!existsSync(hea)) {
    skipped.push(`ECG (${hea} not found)`);
    return { ecg: null, ecgNormal: null };
  }
  log('ECG: MIT-BIH 100, VAE on normal beats, and its ladder');
  const ladderDir = mkdtempSync(join(tmpdir(), 'edgewatt-bench-ecg-ladder-'));
  let ecg: EcgBench;
  try {
    const r = await runEcgAnomaly(readWfdbRecord(hea), readWfdbAnnotations(hea), { precisions: CODEC_PRECISIONS, log, ladder: { outDir: ladderDir } });
    ecg = {
      record: '100', counts: r.task.counts, bestEpoch: r.training.bestEpoch,
      results: r.results.map((x) => ({ precision: x.precision, rocAuc: x.rocAuc, prAuc: x.prAuc, sensitivity: x.sensitivity, falseAlarms: x.falseAlarms, weightBytes: x.weightBytes, imputation: x.imputation, energy: energyOf(x.variant) })),
      linearImputation: r.linearImputation,
      ladder: r.ladder!.manifest.variants.map((v) => ({ id: v.id, rocAuc: v.quality!.value, weightBytes: v.weightBytes, latency: v.latency.map((l) => ({ backend: l.backend, medianMs: l.medianMs })) })),
    };
  } finally {
    rmSync(ladderDir, { recursive: true, force: true });
  }
  log('ECG: normal-beat synthesis');
  const s = await runEcgSynthesis(dir, { precisions: CODEC_PRECISIONS, log });
  return { ecg, ecgNormal: synthesisBench(s, { epochSelection: s.counts.epochSelection }) };
}

function nabDetections(r: Awaited<ReturnType<typeof runNabAnomaly>>): NabDetections[] {
  return r.results.map((x) => ({ precision: x.precision, windowsDetected: x.detection.windowsDetected, windowsTotal: x.detection.windowsTotal, falseAlarms: x.detection.falseAlarms, rocAuc: x.rocAuc, weightBytes: x.weightBytes }));
}

async function nabTasks(skipped: string[]): Promise<{ nab: NabBench | null; machineTemperature: SynthesisBench | null }> {
  const dir = join(DATA, 'nab');
  if (!existsSync(join(dir, MACHINE_TEMPERATURE_FILE))) {
    skipped.push(`NAB (${join(dir, MACHINE_TEMPERATURE_FILE)} not found)`);
    return { nab: null, machineTemperature: null };
  }
  const machine = readNabStream(dir, MACHINE_TEMPERATURE_FILE);
  log('NAB: machine temperature, cross-fitted VAE, threshold factor 1 (pre-registered)');
  const pre = await runNabAnomaly(machine, { precisions: CODEC_PRECISIONS, log });
  let selection: NabBench['selection'] = null;
  let selected: NabDetections[] | null = null;
  const ambientPath = join(dir, AMBIENT);
  if (existsSync(ambientPath)) {
    // The development stream's gaps are filled (linearly, each listed); its longest, 7.25 d, lies inside a labelled window.
    const read = parseSensorCsv(readFileSync(ambientPath, 'utf8'), ambientPath, undefined, 'drop');
    const checked = checkStream(read, { channels: 1 }, { gaps: 'fill', nans: 'error', maxGapS: Infinity });
    const labelsPath = join(dir, 'combined_windows.json');
    const ambient = labelledNabStream(checked.stream, parseNabWindows(readFileSync(labelsPath, 'utf8'), labelsPath), labelsPath);
    log('NAB: threshold factor chosen on ambient temperature (development stream)');
    // Fixed before running: hourly readings, no decimation; windows of 24 (1 day, near the machine task's 21 h).
    const sel = await selectNabThresholdFactor([{ stream: ambient, options: { decimation: 1, windowLength: 24 } }], { log });
    selection = {
      developmentStream: ambient.key, repair: formatRepairReport(checked.report), criterion: sel.criterion, grid: NAB_THRESHOLD_FACTORS,
      sweep: sel.sweep.map((s) => ({ factor: s.factor, windowsDetected: s.windowsDetected, windowsTotal: s.windowsTotal, falseAlarms: s.falseAlarms })), factor: sel.factor,
    };
    log(`NAB: machine temperature at the chosen factor ${sel.factor}`);
    selected = nabDetections(await runNabAnomaly(machine, { precisions: CODEC_PRECISIONS, thresholdFactor: sel.factor, log }));
  } else skipped.push(`NAB threshold selection (${ambientPath} not found)`);
  log('NAB: machine-temperature regime synthesis');
  const s = await runMachineTempSynthesis(dir, { precisions: CODEC_PRECISIONS, log });
  return {
    nab: { key: pre.key, folds: pre.folds.length, preRegistered: nabDetections(pre), selection, selected },
    machineTemperature: synthesisBench(s, { epochSelection: s.counts.epochSelection, regimes: s.regimes }),
  };
}

async function harTasks(skipped: string[]): Promise<{ har: SynthesisBench | null; harNovelty: NoveltyBench | null }> {
  const dir = join(DATA, 'har-stm32');
  if (!existsSync(dir)) {
    skipped.push(`HAR (${dir} not found)`);
    return { har: null, harNovelty: null };
  }
  log('HAR: conditional VAE synthesis');
  const har = synthesisBench(await runHarSynthesis(dir, { precisions: CODEC_PRECISIONS, log }));
  log('HAR: novelty, one activity held out at a time');
  const n = await runHarNovelty(dir, { precisions: CODEC_PRECISIONS, log });
  const harNovelty: NoveltyBench = {
    classes: n.classes, thresholdQuantile: n.thresholdQuantile,
    folds: n.folds.map((f) => ({
      heldOut: f.heldOut, counts: f.counts,
      results: f.results.map((x) => ({ precision: x.precision, rocAuc: x.rocAuc, prAuc: x.prAuc, detectionRate: x.detectionRate, falseAlarmRate: x.falseAlarmRate, weightBytes: x.weightBytes })),
    })),
  };
  return { har, harNovelty };
}

async function main(): Promise<void> {
  const started = new Date();
  const t0 = performance.now();
  const skipped: string[] = [];
  const { ecg, ecgNormal } = await ecgTasks(skipped);
  const { nab, machineTemperature } = await nabTasks(skipped);
  const { har, harNovelty } = await harTasks(skipped);
  const bench: GenerativeBench = {
    date: started.toISOString(), durationS: (performance.now() - t0) / 1000, machine: describeMachine(),
    ecg, nab, harNovelty, synthesis: { har, ecgNormal, machineTemperature }, skipped,
  };
  await writeJsonAtomic(join(ROOT, 'bench', 'results', 'generative.json'), bench);
  const docPath = join(ROOT, 'docs', 'BENCHMARKS.md');
  const doc = await readFile(docPath, 'utf8');
  await writeFileAtomic(docPath, replaceDocSection(doc, 'generative', 'Generative models (issue 7)', generativeMarkdown(bench)));
  log(`wrote bench/results/generative.json and the generative section of docs/BENCHMARKS.md (${bench.durationS.toFixed(0)} s)`);
}

await main();
