/** The distiller on small synthetic tasks: it transfers the teacher's function, hints train, the teacher never moves. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Rng } from '../../../src/engine/index.js';
import { BatchNorm1d, Conv1d, GlobalAvgPool, Linear, ReLU, Sequential } from '../../../src/nn/index.js';
import { distill } from '../../../src/compress/distill/distill.js';
import { agreementWith, loader, shiftedLabels, snapshot, teacherLabelled } from './synthetic-tasks.js';

const K = 3;
const FEATURES = 6;

/** A linear teacher scaled so its classes are well separated (confident but not one-hot at T = 4). */
function linearTeacher(): Linear {
  const t = new Linear(FEATURES, K, { rng: new Rng(1) });
  const w = t.weight.view();
  for (let i = 0; i < w.length; i++) w[i] = w[i]! * 6;
  return t;
}

test('with alpha = 1 a student learns the teacher\'s function although every hard label is wrong', async () => {
  const teacher = linearTeacher();
  const train = teacherLabelled(teacher, 512, [FEATURES], K, 2);
  const heldOut = teacherLabelled(teacher, 256, [FEATURES], K, 3);
  const wrong = shiftedLabels(train.teacherClass, K);
  const run = async (alpha: number) => {
    const student = new Linear(FEATURES, K, { rng: new Rng(4) });
    await distill({ teacher, student, train: loader(train, wrong, 64), epochs: 15, numClasses: K, temperature: 4, alpha, lr: 0.05, progress: false });
    return agreementWith(student, heldOut, K);
  };
  const soft = await run(1);
  assert.ok(soft >= 0.9, `soft targets only: held-out agreement with the teacher ${soft}`);
  // The control: from the (wrong) labels alone the student learns the shifted classes.
  const hard = await run(0);
  assert.ok(hard <= 0.2, `hard labels only: agreement ${hard} should be near 0`);
});

function convNet(channels: number, seed: number, stride = 1): Sequential {
  const rng = new Rng(seed);
  return new Sequential({
    conv: new Conv1d(2, channels, 3, { padding: 'same', stride, rng }),
    bn: new BatchNorm1d(channels),
    relu: new ReLU(),
    pool: new GlobalAvgPool(),
    fc: new Linear(channels, K, { rng }),
  });
}

test('a hint trains the adapter and the student towards the teacher\'s features; the teacher never changes', async () => {
  const teacher = convNet(8, 10);
  const data = teacherLabelled(teacher, 256, [2, 12], K, 11);
  const before = snapshot(teacher);
  const run = async (hints: boolean) => {
    const student = convNet(4, 12);
    const r = await distill({
      teacher, student, train: loader(data, data.teacherClass, 32), epochs: 8, numClasses: K, temperature: 4, alpha: 0.9, lr: 0.02, progress: false,
      hints: hints ? [{ student: 'conv', teacher: 'conv', weight: 1 }] : [],
    });
    return { r, conv: snapshot(student).get('conv.weight')! };
  };
  const withHint = await run(true);
  const curve = withHint.r.hintMse[0]!;
  assert.equal(curve.length, 8, 'one mean hint MSE per epoch');
  assert.ok(curve.at(-1)! < 0.5 * curve[0]!, `hint MSE per epoch should fall by half or more: ${curve.map((v) => v.toFixed(3)).join(', ')}`);
  const without = await run(false);
  assert.deepEqual(without.r.hintMse, []);
  // Same seeds, same data: only the hint's gradient can make the student's conv weights differ.
  assert.notDeepEqual(withHint.conv, without.conv, 'the hint gradient reaches the student, not only the adapter');
  assert.deepEqual(snapshot(teacher), before, 'teacher parameters and batch-norm statistics unchanged');
  for (const p of teacher.parameters()) assert.equal(p.grad, null, `teacher parameter ${p.name} got a gradient`);
  assert.equal(teacher.training, true, "the teacher's own mode is given back");
});

test('the student keeps its own module paths and parameter names; the adapters are not part of it', async () => {
  const teacher = convNet(8, 20);
  const student = convNet(4, 21);
  const names = student.namedParameters().map(([n]) => n);
  const data = teacherLabelled(teacher, 32, [2, 12], K, 22);
  const r = await distill({ teacher, student, train: loader(data, data.teacherClass, 16), epochs: 1, numClasses: K, temperature: 2, alpha: 0.5, progress: false, hints: [{ student: 'relu', teacher: 'relu', weight: 0.5 }] });
  assert.equal(r.student, student);
  assert.deepEqual(student.namedParameters().map(([n]) => n), names);
  for (const [n, p] of student.namedParameters()) assert.equal(p.name, n);
  assert.equal(student.path, '');
  assert.equal(r.history.epochs.length, 1);
});

test('validation runs the distillation loss and reports the student\'s accuracy', async () => {
  const teacher = linearTeacher();
  const train = teacherLabelled(teacher, 128, [FEATURES], K, 30);
  const val = teacherLabelled(teacher, 64, [FEATURES], K, 31);
  const student = new Linear(FEATURES, K, { rng: new Rng(32) });
  const r = await distill({ teacher, student, train: loader(train, train.teacherClass, 32), val: loader(val, val.teacherClass, 64), epochs: 2, numClasses: K, temperature: 4, alpha: 0.9, lr: 0.05, progress: false });
  const last = r.history.epochs.at(-1)!.val!;
  assert.equal(last.samples, 64);
  assert.ok(Math.abs(last.accuracy - agreementWith(student, val, K)) < 1e-12, 'validation accuracy is the student\'s');
});
