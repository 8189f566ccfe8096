/**
 * `npm run bench:generative`: the generative models on real data at every
 * precision (issue 7) — ECG abnormal beats and imputation (MIT-BIH 100),
 * NAB machine-temperature failures, HAR synthesis — with the energy of a
 * scored and of a generated window on three device profiles (modelled).
 * Writes bench/results/generative.json and the "Generative models" section
 * of docs/BENCHMARKS.md. A data folder that is absent skips its task, said
 * on stderr and in the section.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readNabStream, readWfdbAnnotations, readWfdbRecord } from '../../src/data/index.js';
import { runEcgAnomaly, type EcgAnomalyResult } from '../../src/generative/tasks/ecg-anomaly.js';
import { runNabAnomaly, type NabAnomalyResult } from '../../src/generative/tasks/nab-anomaly.js';
import { runHarSynthesis } from '../../src/generative/tasks/har-synthesis.js';
import type { SynthesisResult } from '../../src/generative/synthesis/synthesis-result.js';
import { scoreDetections } from '../../src/generative/metrics/nab-detections.js';
import { codecEnergy, type WindowEnergy } from '../../src/generative/precision/codec-energy.js';
import { CODEC_PRECISIONS, type CodecVariant } from '../../src/generative/precision/codec-variants.js';
import { writeFileAtomic, writeJsonAtomic } from '../../src/io/atomic-write.js';
import { describeMachine } from '../machine.js';
import { replaceDocSection } from '../doc-section.js';
import { generativeMarkdown } from './generative-doc.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const DATA = process.env['EDGEWATT_DATA'] ?? join(ROOT, '..', 'shared', 'data');
const DEVICES = ['nucleo-u575zi', 'raspberry-pi-4', 'jetson-orin-nano'];
const log = (m: string) => process.stderr.write(`[bench:generative] ${m}\n`);

export interface GenerativeBench {
  date: string;
  durationS: number;
  machine: ReturnType<typeof describeMachine>;
  ecg: (Omit<EcgAnomalyResult, 'results'> & { results: (Omit<EcgAnomalyResult['results'][number], 'scores' | 'variant'> & { energy: WindowEnergy[] })[] }) | null;
  nab: { key: string; results: { precision: string; windowsDetected: number; windowsTotal: number; falseAlarms: number; rocAuc: number; weightBytes: number }[]; thresholdSweep: { factor: number; windowsDetected: number; falseAlarms: number }[]; folds: number } | null;
  har: (Omit<SynthesisResult, 'results' | 'realExamples' | 'training'> & { bestEpoch: number; results: (Omit<SynthesisResult['results'][number], 'examples' | 'variant'> & { energy: WindowEnergy[] })[] }) | null;
  skipped: string[];
}

function energyOf(variant: Pick<CodecVariant, 'work'>): WindowEnergy[] {
  return codecEnergy(variant, DEVICES);
}

async function main(): Promise<void> {
  const started = new Date();
  const t0 = performance.now();
  const skipped: string[] = [];
  const precisions = CODEC_PRECISIONS;
  let ecg: GenerativeBench['ecg'] = null;
  const hea = join(DATA, 'ecg-mitbih', '100.hea');
  if (existsSync(hea)) {
    log('ECG: MIT-BIH 100, VAE on normal beats');
    const r = await runEcgAnomaly(readWfdbRecord(hea), readWfdbAnnotations(hea), { precisions, log });
    ecg = { ...r, results: r.results.map(({ scores: _s, variant, ...rest }) => ({ ...rest, energy: energyOf(variant) })) };
  } else skipped.push(`ECG (${hea} not found)`);
  let nab: GenerativeBench['nab'] = null;
  const nabDir = join(DATA, 'nab');
  if (existsSync(join(nabDir, 'machine_temperature_system_failure.csv'))) {
    log('NAB: machine temperature, cross-fitted VAE');
    const r: NabAnomalyResult = await runNabAnomaly(readNabStream(nabDir, 'machine_temperature_system_failure.csv'), { precisions, log });
    const fp32 = r.results.find((x) => x.precision === 'fp32')!;
    const debounce = Math.round(86_400 / r.stepS);
    nab = {
      key: r.key,
      folds: r.folds.length,
      results: r.results.map((x) => ({ precision: x.precision, windowsDetected: x.detection.windowsDetected, windowsTotal: x.detection.windowsTotal, falseAlarms: x.detection.falseAlarms, rocAuc: x.rocAuc, weightBytes: x.weightBytes })),
      thresholdSweep: [1, 1.25, 1.5, 2].map((factor) => {
        const d = scoreDetections(fp32.score, factor, r.windows, { minGap: debounce, probation: 63 });
        return { factor, windowsDetected: d.windowsDetected, falseAlarms: d.falseAlarms };
      }),
    };
  } else skipped.push(`NAB (${nabDir} not found)`);
  let har: GenerativeBench['har'] = null;
  const harDir = join(DATA, 'har-stm32');
  if (existsSync(harDir)) {
    log('HAR: conditional VAE synthesis');
    const r = await runHarSynthesis(harDir, { precisions, log });
    const { results, realExamples: _e, training, ...rest } = r;
    har = { ...rest, bestEpoch: training.bestEpoch, results: results.map(({ examples: _x, variant, ...q }) => ({ ...q, energy: energyOf(variant) })) };
  } else skipped.push(`HAR (${harDir} not found)`);
  const bench: GenerativeBench = { date: started.toISOString(), durationS: (performance.now() - t0) / 1000, machine: describeMachine(), ecg, nab, har, skipped };
  await writeJsonAtomic(join(ROOT, 'bench', 'results', 'generative.json'), bench);
  const docPath = join(ROOT, 'docs', 'BENCHMARKS.md');
  const doc = await readFile(docPath, 'utf8');
  await writeFileAtomic(docPath, replaceDocSection(doc, 'generative', 'Generative models (issue 7)', generativeMarkdown(bench)));
  log(`wrote bench/results/generative.json and the generative section of docs/BENCHMARKS.md (${bench.durationS.toFixed(0)} s)`);
}

await main();
