/** The distillation objective against a hand computation, its closed-form gradient and finite differences. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Rng, tensor, tidy } from '../../../src/engine/index.js';
import { distillationLoss } from '../../../src/compress/distill/distillation-loss.js';
import { f64, gradCheck, ref } from '../../helpers/gradcheck.js';

const student = [
  [1.0, 2.0, 0.5],
  [-1.0, 0.0, 3.0],
];
const teacher = [
  [0.5, 3.0, -1.0],
  [2.0, -0.5, 1.0],
];
const labels = [1, 0];

function softmaxRow(row: number[], t: number): number[] {
  const z = row.map((v) => v / t);
  const m = Math.max(...z);
  const e = z.map((v) => Math.exp(v - m));
  const s = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / s);
}

/** α·T²·mean KL(p_t ‖ p_s) + (1 − α)·mean CE, written out with Math.exp. */
function handLoss(s: number[][], t: number[][], y: number[], temperature: number, alpha: number): number {
  let kl = 0;
  let ce = 0;
  s.forEach((row, i) => {
    const ps = softmaxRow(row, temperature);
    const pt = softmaxRow(t[i]!, temperature);
    pt.forEach((p, k) => (kl += p * Math.log(p / ps[k]!)));
    ce -= Math.log(softmaxRow(row, 1)[y[i]!]!);
  });
  const n = s.length;
  return alpha * temperature * temperature * (kl / n) + (1 - alpha) * (ce / n);
}

function lossValue(temperature: number, alpha: number): number {
  return tidy(() => distillationLoss(tensor(student.flat(), [2, 3], 'float64', ref()), tensor(teacher.flat(), [2, 3], 'float64', ref()), labels, { temperature, alpha }).item());
}

test('distillationLoss matches a hand computation for several T and alpha', () => {
  for (const [temperature, alpha] of [[4, 0.9], [1, 0.5], [2, 0], [10, 1]] as const) {
    const expected = handLoss(student, teacher, labels, temperature, alpha);
    assert.ok(Math.abs(lossValue(temperature, alpha) - expected) < 1e-12, `T=${temperature} alpha=${alpha}: ${lossValue(temperature, alpha)} vs ${expected}`);
  }
});

test('alpha = 1 ignores the labels; alpha = 0 ignores the teacher', () => {
  const s = tensor(student.flat(), [2, 3], 'float64', ref());
  const t = tensor(teacher.flat(), [2, 3], 'float64', ref());
  const withLabels = (y: number[], alpha: number, tt = t) => tidy(() => distillationLoss(s, tt, y, { temperature: 3, alpha }).item());
  assert.equal(withLabels([1, 0], 1), withLabels([2, 2], 1));
  const otherTeacher = tensor([9, 0, 0, 0, 9, 0], [2, 3], 'float64', ref());
  assert.equal(withLabels([1, 0], 0), withLabels([1, 0], 0, otherTeacher));
  assert.notEqual(withLabels([1, 0], 0.5), withLabels([1, 0], 0.5, otherTeacher));
});

test('the gradient is α·T·(softmax(s/T) − softmax(t/T))/N + (1 − α)·(softmax(s) − onehot)/N', () => {
  const [temperature, alpha] = [4, 0.9];
  const s = tensor(student.flat(), [2, 3], 'float64', ref());
  s.requiresGrad = true;
  tidy(() => distillationLoss(s, tensor(teacher.flat(), [2, 3], 'float64', ref()), labels, { temperature, alpha }).backward());
  const grad = Array.from(s.grad!.toArray());
  const n = student.length;
  student.forEach((row, i) => {
    const ps = softmaxRow(row, temperature);
    const pt = softmaxRow(teacher[i]!, temperature);
    const p1 = softmaxRow(row, 1);
    row.forEach((_, k) => {
      const expected = (alpha * temperature * (ps[k]! - pt[k]!)) / n + ((1 - alpha) * (p1[k]! - (k === labels[i] ? 1 : 0))) / n;
      assert.ok(Math.abs(grad[i * 3 + k]! - expected) < 1e-12, `d/ds[${i},${k}]: ${grad[i * 3 + k]} vs ${expected}`);
    });
  });
});

test('the gradient agrees with central differences on random logits', () => {
  const rng = new Rng(7);
  const s = f64([4, 5], rng, (r) => 2 * r.normal());
  const t = tensor(Float64Array.from({ length: 20 }, () => 2 * rng.normal()), [4, 5], 'float64', ref());
  for (const [temperature, alpha] of [[4, 0.9], [0.5, 0.3]] as const) {
    gradCheck(`distillationLoss T=${temperature} alpha=${alpha}`, ([x]) => distillationLoss(x!, t, [0, 4, 2, 1], { temperature, alpha }), [s], { tol: 1e-6 });
  }
});

test('temperature and alpha are checked, naming the option', () => {
  const s = tensor([0, 1], [1, 2]);
  const t = tensor([1, 0], [1, 2]);
  assert.throws(() => distillationLoss(s, t, [0], { temperature: 0, alpha: 0.5 }), /distillationLoss: temperature must be a finite number > 0, got 0/);
  assert.throws(() => distillationLoss(s, t, [0], { temperature: Infinity, alpha: 0.5 }), /temperature must be a finite number > 0, got Infinity/);
  assert.throws(() => distillationLoss(s, t, [0], { temperature: 2, alpha: 1.5 }), /distillationLoss: alpha must be in \[0, 1\].*got 1\.5/);
  assert.throws(() => distillationLoss(s, t, [0], { temperature: 2, alpha: NaN }), /alpha must be in \[0, 1\]/);
  assert.throws(() => distillationLoss(s, tensor([1, 0, 0], [1, 3]), [0], { temperature: 2, alpha: 0.5 }), /klDivergence: student \[1, 2\] and teacher \[1, 3\]/);
});
