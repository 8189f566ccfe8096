/**
 * What `npm run bench:distill` reports: per task, one row per model (teacher,
 * cross-entropy student, distilled student) with its size and held-out top-1;
 * the students' figures averaged over their seeds with each seed shown, and
 * the distilled student's gain as the mean of per-seed paired differences
 * (same seed, same initial weights, same batches). The section of
 * docs/BENCHMARKS.md sits between its own markers after the compression
 * section, so the other benchmarks' sections and hand-written notes stay.
 */
import { readFile } from 'node:fs/promises';
import type { DistillRecipe } from '../../src/compress/distill/recipes.js';
import { writeFileAtomic } from '../../src/io/atomic-write.js';
import { replaceDocSection } from '../doc-section.js';
import { makeRecord, type BenchRecord } from '../record.js';
import type { Comparison, ComparedModel, Role, TrainProtocol } from './compare.js';

export interface DistillTask {
  /** Record-name prefix: `har`, `tiny_imagenet`. */
  key: string;
  label: string;
  dataset: string;
  recipe: DistillRecipe;
  protocol: TrainProtocol;
  /** One comparison per student seed; the teacher is the same model in each. */
  runs: readonly { studentSeed: number; comparison: Comparison }[];
  seconds: number;
}

export interface RoleSummary {
  role: Role;
  model: ComparedModel;
  /** Per student seed (the teacher: one figure). */
  top1: number[];
  /** Per seed, this model's top-1 minus the cross-entropy student's of the same seed, in points; null for the cross-entropy student. */
  deltaVsCe: number[] | null;
  teacherAgreement: number[] | null;
  bestEpochs: (number | null)[];
}

const ROLE_LABEL: Record<Role, string> = { teacher: 'teacher (cross-entropy)', 'ce-student': 'student, cross-entropy', 'kd-student': 'student, distilled' };

export function mean(xs: readonly number[]): number {
  return xs.reduce((a, b) => a + b, 0) / xs.length;
}

/** The three rows of a task, each model's figures gathered over the student seeds. */
export function summarizeRoles(task: DistillTask): RoleSummary[] {
  if (task.runs.length === 0) throw new RangeError(`summarizeRoles: task "${task.key}" has no runs`);
  const ce = task.runs.map((r) => r.comparison.ceStudent.top1);
  const teacher = task.runs[0]!.comparison.teacher;
  const row = (role: 'ce-student' | 'kd-student', pick: (c: Comparison) => ComparedModel): RoleSummary => {
    const models = task.runs.map((r) => pick(r.comparison));
    const top1 = models.map((m) => m.top1);
    return {
      role,
      model: models[0]!,
      top1,
      deltaVsCe: role === 'ce-student' ? null : top1.map((t, i) => (t - ce[i]!) * 100),
      teacherAgreement: models.map((m) => m.teacherAgreement ?? NaN),
      bestEpochs: models.map((m) => m.bestEpoch),
    };
  };
  return [
    { role: 'teacher', model: teacher, top1: [teacher.top1], deltaVsCe: ce.map((c) => (teacher.top1 - c) * 100), teacherAgreement: null, bestEpochs: [teacher.bestEpoch] },
    row('ce-student', (c) => c.ceStudent),
    row('kd-student', (c) => c.kdStudent),
  ];
}

function widthOf(m: ComparedModel): string {
  const c = m.spec.config;
  if (c['width'] !== undefined) return `width ${c['width']}`;
  if (c['numFilters'] !== undefined) return `${c['numFilters']} filters`;
  return '—';
}

/** `mean (each)` when there are several figures, else the figure. */
function spread(xs: readonly number[], format: (x: number) => string): string {
  return xs.length === 1 ? format(xs[0]!) : `${format(mean(xs))} (${xs.map(format).join(', ')})`;
}

const pct = (x: number) => `${(x * 100).toFixed(2)}%`;
const pt = (x: number) => `${x >= 0 ? '+' : '−'}${Math.abs(x).toFixed(2)} pt`;

export function comparisonMarkdown(task: DistillTask): string[] {
  const lines = ['| model | role | width | params | MACs | top-1 | Δ vs CE student | teacher agreement | epoch kept |', '|---|---|---|---|---|---|---|---|---|'];
  for (const r of summarizeRoles(task)) {
    const epochs = r.bestEpochs.map((e) => (e === null ? '?' : String(e))).join(', ');
    lines.push(
      `| ${r.model.spec.name} | ${ROLE_LABEL[r.role]} | ${widthOf(r.model)} | ${r.model.params.toLocaleString('en-US')} | ${r.model.macs.toLocaleString('en-US')} | ${spread(r.top1, pct)} | ` +
        `${r.deltaVsCe ? spread(r.deltaVsCe, pt) : ''} | ${r.teacherAgreement ? spread(r.teacherAgreement, pct) : '—'} | ${epochs} |`,
    );
  }
  return lines;
}

function protocolLine(task: DistillTask): string {
  const p = task.protocol;
  const seeds = task.runs.map((r) => r.studentSeed).join(', ');
  // Later seeds reuse the teacher the first one trained; only what the first run found cached was made elsewhere.
  const first = task.runs[0]!.comparison;
  const reused = [first.teacher, first.ceStudent].filter((m) => m.reusedFrom).map((m) => `${m.role} from ${m.reusedFrom}`);
  return (
    `Recipe \`${task.recipe.name}\`: ${task.recipe.description}. Every model: ${p.epochs} epochs, batch ${p.batchSize}, AdamW at ${p.lr} (weight decay ${p.weightDecay}), ` +
    `linear warm-up into cosine annealing, augmentation: ${p.augmentation}; student seed${task.runs.length > 1 ? 's' : ''} ${seeds} (initial weights and batch order, identical for the two students of a seed), teacher seed ${task.recipe.teacher.config['seed'] ?? 0}.` +
    (reused.length ? ` Reused checkpoints: ${reused.join('; ')}.` : '')
  );
}

export interface DistillRunInfo {
  date: string;
  durationS: number;
  cpu: string;
  /** What was not measured in this run, and why. */
  notRun: readonly string[];
}

export function distillSectionBody(tasks: readonly DistillTask[], run: DistillRunInfo): string {
  return [
    `Generated by \`npm run bench:distill\` on ${run.date} (${run.durationS.toFixed(0)} s, ${run.cpu}, 1 thread). For each task, the recipe's teacher and two students of one architecture and initial weights, one trained with cross-entropy and one distilled from the teacher, all under one training protocol. Every model keeps the epoch with the best validation accuracy (the protocol of \`edgewatt train\`), and top-1 is reported on that same validation split, so all three figures are optimistic alike. Teacher agreement: the fraction of validation samples whose top class is the teacher's. MACs and parameters per sample from the model summary.`,
    '',
    ...tasks.flatMap((t) => [`**${t.label}** (${t.dataset}; ${t.seconds.toFixed(0)} s)`, '', protocolLine(t), '', ...comparisonMarkdown(t), '']),
    run.notRun.length ? `Not measured in this run: ${run.notRun.join('; ')}.` : 'Every task was measured in this run.',
  ].join('\n');
}

/**
 * Like replaceDocSection, but a section that is not there yet goes right
 * after the section `after` (its end marker and any hand-written text up to
 * the next `## ` heading) instead of at the end of the document.
 */
export function placeSectionAfter(doc: string, name: string, heading: string, body: string, after: string): string {
  if (doc.includes(`<!-- bench:${name}:start -->`)) return replaceDocSection(doc, name, heading, body);
  const afterEnd = doc.indexOf(`<!-- bench:${after}:end -->`);
  if (afterEnd < 0) return replaceDocSection(doc, name, heading, body);
  const next = doc.indexOf('\n## ', afterEnd);
  const block = `## ${heading}\n\n<!-- bench:${name}:start -->\n${body}\n<!-- bench:${name}:end -->\n`;
  if (next < 0) return `${doc.trimEnd()}\n\n${block}`;
  return `${doc.slice(0, next + 1)}${block}\n${doc.slice(next + 1)}`;
}

export async function updateDistillDoc(path: string, tasks: readonly DistillTask[], run: DistillRunInfo): Promise<void> {
  const doc = await readFile(path, 'utf8');
  await writeFileAtomic(path, placeSectionAfter(doc, 'distill', 'Distillation (issue 4)', distillSectionBody(tasks, run), 'compress'));
}

/** One record per figure a reader would quote, means over the student seeds, each seed in the note. */
export function distillRecords(task: DistillTask): BenchRecord[] {
  const [teacher, ce, kd] = summarizeRoles(task);
  const perSeed = (xs: readonly number[], f: (x: number) => string) => `per student seed (${task.runs.map((r) => r.studentSeed).join(', ')}): ${xs.map(f).join(', ')}`;
  const k = task.key;
  return [
    makeRecord({ name: `${k}_distill_teacher_top1`, value: teacher!.top1[0]! * 100, unit: '%', note: `${teacher!.model.spec.name} ${widthOf(teacher!.model)}, ${teacher!.model.params} params, ${teacher!.model.samples} validation samples` }),
    makeRecord({ name: `${k}_distill_ce_student_top1`, value: mean(ce!.top1) * 100, unit: '%', note: perSeed(ce!.top1, pct) }),
    makeRecord({ name: `${k}_distill_kd_student_top1`, value: mean(kd!.top1) * 100, unit: '%', baseline: 'the cross-entropy student of the same seeds', baselineValue: mean(ce!.top1) * 100, note: perSeed(kd!.top1, pct) }),
    makeRecord({ name: `${k}_distill_kd_minus_ce_top1`, value: mean(kd!.deltaVsCe!), unit: 'pt', note: `paired by seed; ${perSeed(kd!.deltaVsCe!, pt)}` }),
    makeRecord({ name: `${k}_distill_kd_teacher_agreement`, value: mean(kd!.teacherAgreement!) * 100, unit: '%', baseline: 'the cross-entropy student', baselineValue: mean(ce!.teacherAgreement!) * 100, note: perSeed(kd!.teacherAgreement!, pct) }),
  ];
}
