/** The distillation table, records and doc placement. Run: node --test dist/bench/ */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { harDistillRecipe } from '../../src/compress/distill/recipes.js';
import type { Comparison, ComparedModel, Role } from './compare.js';
import { harProtocol } from './har.js';
import { comparisonMarkdown, distillRecords, distillSectionBody, placeSectionAfter, summarizeRoles, type DistillTask } from './distill-doc.js';

const recipe = harDistillRecipe();

function model(role: Role, top1: number, agreement: number | null): ComparedModel {
  const spec = role === 'teacher' ? recipe.teacher : recipe.student;
  return {
    role, spec: { name: spec.name, config: { ...spec.config } }, params: role === 'teacher' ? 26499 : 627, macs: role === 'teacher' ? 344832 : 8160,
    top1, samples: 1350, teacherAgreement: agreement, bestEpoch: 5, epochsRun: 12, trainSeconds: 1, reusedFrom: null,
  };
}

function comparison(ce: number, kd: number): Comparison {
  return { teacher: model('teacher', 0.99, null), ceStudent: model('ce-student', ce, 0.95), kdStudent: model('kd-student', kd, 0.97) };
}

const task: DistillTask = {
  key: 'har', label: 'HAR cnn1d', dataset: 'HAR validation windows', recipe, protocol: harProtocol(12), seconds: 60,
  runs: [{ studentSeed: 0, comparison: comparison(0.96, 0.97) }, { studentSeed: 1, comparison: comparison(0.97, 0.965) }],
};

test('the distilled student is compared with the cross-entropy student of the same seed', () => {
  const [teacher, ce, kd] = summarizeRoles(task);
  assert.equal(ce!.deltaVsCe, null);
  assert.deepEqual(kd!.top1, [0.97, 0.965]);
  // Paired: (0.97 − 0.96) and (0.965 − 0.97), in points.
  assert.ok(Math.abs(kd!.deltaVsCe![0]! - 1) < 1e-9 && Math.abs(kd!.deltaVsCe![1]! + 0.5) < 1e-9);
  assert.ok(Math.abs(teacher!.deltaVsCe![0]! - 3) < 1e-9 && Math.abs(teacher!.deltaVsCe![1]! - 2) < 1e-9);
  assert.equal(teacher!.teacherAgreement, null);
});

test('the table shows each model with its width, size, mean and per-seed top-1 and the paired gain', () => {
  const md = comparisonMarkdown(task).join('\n');
  assert.match(md, /\| cnn1d \| teacher \(cross-entropy\) \| width 64 \| 26,499 \| 344,832 \| 99\.00% \| \+2\.50 pt \(\+3\.00 pt, \+2\.00 pt\) \| — \| 5 \|/);
  assert.match(md, /\| cnn1d \| student, cross-entropy \| width 8 \| 627 \| 8,160 \| 96\.50% \(96\.00%, 97\.00%\) \|  \| 95\.00% \(95\.00%, 95\.00%\) \| 5, 5 \|/);
  assert.match(md, /\| cnn1d \| student, distilled \| width 8 \| 627 \| 8,160 \| 96\.75% \(97\.00%, 96\.50%\) \| \+0\.25 pt \(\+1\.00 pt, −0\.50 pt\) \| 97\.00% \(97\.00%, 97\.00%\) \| 5, 5 \|/);
  const body = distillSectionBody([task], { date: '2026-01-01', durationS: 61, cpu: 'CPU', notRun: ['Tiny-ImageNet (not asked)'] });
  assert.match(body, /Not measured in this run: Tiny-ImageNet \(not asked\)\./);
  assert.match(body, /12 epochs, batch 32, AdamW at 0\.01/);
});

test('records carry the means, with each seed in the note', () => {
  const r = Object.fromEntries(distillRecords(task).map((x) => [x.name, x]));
  assert.ok(Math.abs(r['har_distill_kd_minus_ce_top1']!.value! - 0.25) < 1e-9);
  assert.match(r['har_distill_kd_minus_ce_top1']!.note!, /per student seed \(0, 1\): \+1\.00 pt, −0\.50 pt/);
  assert.ok(Math.abs(r['har_distill_ce_student_top1']!.value! - 96.5) < 1e-9);
  assert.ok(Math.abs(r['har_distill_kd_teacher_agreement']!.ratio! - 97 / 95) < 1e-9);
});

test('a new section goes after the compression section and its notes; a second run replaces only its body', () => {
  const doc = '# B\n\n## Compression (issue 4)\n\n<!-- bench:compress:start -->\nC\n<!-- bench:compress:end -->\n\nNotes on compression.\n\n## Runtime\n\nR\n';
  const once = placeSectionAfter(doc, 'distill', 'Distillation (issue 4)', 'D1', 'compress');
  assert.equal(once, '# B\n\n## Compression (issue 4)\n\n<!-- bench:compress:start -->\nC\n<!-- bench:compress:end -->\n\nNotes on compression.\n\n## Distillation (issue 4)\n\n<!-- bench:distill:start -->\nD1\n<!-- bench:distill:end -->\n\n## Runtime\n\nR\n');
  const noted = once.replace('<!-- bench:distill:end -->\n', '<!-- bench:distill:end -->\n\nHand-written.\n');
  const twice = placeSectionAfter(noted, 'distill', 'Distillation (issue 4)', 'D2', 'compress');
  assert.equal(twice, noted.replace('D1', 'D2'));
  // Without a compression section it is appended, as replaceDocSection does.
  assert.match(placeSectionAfter('# B\n', 'distill', 'Distillation (issue 4)', 'D', 'compress'), /# B\n\n## Distillation \(issue 4\)\n\n<!-- bench:distill:start -->\nD\n/);
});
