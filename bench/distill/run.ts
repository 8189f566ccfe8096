/**
 * `npm run bench:distill [-- --tiny-imagenet] [-- --seeds N] [-- --har-epochs N]`:
 * issue 4's distillation recipes measured on real data. Per task it trains
 * the recipe's teacher, a cross-entropy student and a distilled student of
 * the same initial weights under one protocol (compare.ts), and reports
 * each model's held-out top-1, size and agreement with the teacher.
 *
 *   HAR            always (when ../shared/data/har-stm32 is there): the
 *                  teacher once, the two students for each of --seeds seeds
 *   Tiny-ImageNet  only with --tiny-imagenet: the 32-filter teacher costs
 *                  about 4× the 16-filter student's two minutes an epoch on
 *                  one core, so with nothing cached it runs for hours; the
 *                  teacher and both students are cached under
 *                  .cache/edgewatt/models (tiny-imagenet.ts)
 *
 * Writes bench/results/distill.json and the distillation section of
 * docs/BENCHMARKS.md, saying what was not run.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { writeJsonAtomic } from '../../src/io/atomic-write.js';
import { describeMachine } from '../machine.js';
import { toJsonLine, type BenchRecord } from '../record.js';
import { distillRecords, updateDistillDoc, type DistillTask } from './distill-doc.js';
import { compareHarDistillation } from './har.js';
import { compareTinyImageNetDistillation } from './tiny-imagenet.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const DATA = process.env['EDGEWATT_DATA'] ?? join(ROOT, '..', 'shared', 'data');
const CACHE = join(ROOT, '.cache', 'edgewatt');
const log = (m: string) => process.stderr.write(`[bench:distill] ${m}\n`);

/**
 * HAR epochs for every model: 20, the epochs bench:compress fine-tunes its
 * pruned HAR model for, above `edgewatt train har`'s 12 because the width-8
 * student has a quarter of the default model's parameters. Measured
 * 2026-11-22 on one shared core: about 1.4 s an epoch for the teacher,
 * 0.3 s for the student, 0.6 s for distillation.
 */
const HAR_EPOCHS = 20;
/** Student seeds on HAR: five paired runs, because one HAR figure is as noisy as the effect looked for (har.ts). */
const HAR_SEEDS = 5;

function positiveInt(name: string, v: string | undefined, fallback: number): number {
  if (v === undefined) return fallback;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`bench:distill: ${name} must be a positive integer, got "${v}"`);
  return n;
}

async function harTask(epochs: number, seeds: number): Promise<DistillTask | null> {
  const dir = join(DATA, 'har-stm32');
  if (!existsSync(dir)) {
    log(`HAR skipped: ${dir} not found (set EDGEWATT_DATA)`);
    return null;
  }
  const r = await compareHarDistillation({ dir, epochs, studentSeeds: Array.from({ length: seeds }, (_, i) => i), progress: false, log });
  return { key: 'har', label: 'HAR cnn1d', dataset: r.dataset, recipe: r.recipe, protocol: r.protocol, runs: r.runs, seconds: r.seconds };
}

async function tinyImageNetTask(): Promise<DistillTask> {
  const r = await compareTinyImageNetDistillation({ root: join(DATA, 'tiny-imagenet-200'), cacheDir: CACHE, modelsDir: join(CACHE, 'models'), progress: true, log });
  return { key: 'tiny_imagenet', label: 'ResNet-8 Tiny-ImageNet', dataset: r.dataset, recipe: r.recipe, protocol: r.protocol, runs: [{ studentSeed: 0, comparison: r.comparison }], seconds: r.seconds };
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    args: process.argv.slice(2),
    options: { 'tiny-imagenet': { type: 'boolean', default: false }, seeds: { type: 'string' }, 'har-epochs': { type: 'string' } },
    strict: true,
  });
  const seeds = positiveInt('--seeds', values.seeds, HAR_SEEDS);
  const harEpochs = positiveInt('--har-epochs', values['har-epochs'], HAR_EPOCHS);
  const machine = describeMachine();
  const started = new Date().toISOString();
  const t0 = performance.now();
  const tasks: DistillTask[] = [];
  const notRun: string[] = [];
  const har = await harTask(harEpochs, seeds);
  if (har) tasks.push(har);
  else notRun.push(`HAR (${join(DATA, 'har-stm32')} not found)`);
  if (values['tiny-imagenet']) tasks.push(await tinyImageNetTask());
  else notRun.push('Tiny-ImageNet (ResNet-8 32 → 16 filters with a hint at stack2; hours on one core, run with `-- --tiny-imagenet`)');
  if (tasks.length === 0) throw new Error(`bench:distill: nothing to measure: ${notRun.join('; ')}`);
  const records: BenchRecord[] = tasks.flatMap(distillRecords);
  for (const r of records) process.stdout.write(toJsonLine(r) + '\n');
  const durationS = (performance.now() - t0) / 1000;
  await writeJsonAtomic(join(ROOT, 'bench', 'results', 'distill.json'), { date: started, duration_s: durationS, machine, ran: tasks.map((t) => t.key), not_run: notRun, records, tasks });
  await updateDistillDoc(join(ROOT, 'docs', 'BENCHMARKS.md'), tasks, { date: started, durationS, cpu: machine.cpuModel, notRun });
  log('wrote bench/results/distill.json and the distillation section of docs/BENCHMARKS.md');
  return 0;
}

main().then(
  (code) => (process.exitCode = code),
  (e: unknown) => {
    log(`fatal: ${e instanceof Error && e.stack ? e.stack : String(e)}`);
    process.exitCode = 1;
  },
);
