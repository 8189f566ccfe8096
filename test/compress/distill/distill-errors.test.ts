/** Everything `distill` refuses, before any training: the errors name what to fix. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Rng } from '../../../src/engine/index.js';
import { Conv1d, GlobalAvgPool, Linear, ReLU, Sequential, type Module } from '../../../src/nn/index.js';
import { AdamW } from '../../../src/train/index.js';
import { distill } from '../../../src/compress/distill/distill.js';
import type { DistillOptions } from '../../../src/compress/distill/distill-options.js';
import { loader, snapshot, teacherLabelled } from './synthetic-tasks.js';

function net(channels: number, classes: number, stride = 1): Sequential {
  const rng = new Rng(channels * 7 + stride);
  return new Sequential({ conv: new Conv1d(2, channels, 3, { padding: 'same', stride, rng }), relu: new ReLU(), pool: new GlobalAvgPool(), fc: new Linear(channels, classes, { rng }) });
}

const teacher3 = net(6, 3);
const data = teacherLabelled(teacher3, 16, [2, 10], 3, 1);

function options(over: Partial<DistillOptions> = {}): DistillOptions {
  return { teacher: teacher3, student: net(3, 3), train: loader(data, data.teacherClass, 8), epochs: 1, numClasses: 3, temperature: 4, alpha: 0.9, progress: false, ...over };
}

/** distill must reject before training: the student's weights are untouched. */
async function rejects(over: Partial<DistillOptions>, message: RegExp): Promise<void> {
  const o = options(over);
  const before = snapshot(o.student);
  await assert.rejects(distill(o), message);
  assert.deepEqual(snapshot(o.student), before, 'no training happened');
}

test('logits of different class counts: "the teacher gives [N, 5] but the student [N, 3]"', async () => {
  await rejects({ teacher: net(6, 5) }, /distill: the teacher gives \[N, 5\] but the student \[N, 3\]; both must give \[N, K\] logits over the same K classes/);
  await rejects({ numClasses: 4 }, /distill: numClasses is 4 but both models give 3 logits; set numClasses to 3/);
});

test('a model that cannot run the batch is named with the batch shape', async () => {
  const wrongInput = new Sequential({ conv: new Conv1d(5, 3, 3), pool: new GlobalAvgPool(), fc: new Linear(3, 3) });
  await rejects({ student: wrongInput }, /distill: the student cannot run the probe batch of shape \[8, 2, 10\]: Conv1d "conv": input has 2 channels, expected 5/);
});

test('hint paths must exist; the error lists the paths there are', async () => {
  await rejects({ hints: [{ student: 'conv', teacher: 'block1.conv', weight: 1 }] }, /distill: the teacher has no module at path "block1\.conv"; its module paths are "", "conv", "relu", "pool", "fc"/);
  await rejects({ hints: [{ student: 'conv', teacher: 'conv', weight: 0 }] }, /distill: hints\[0\]\.weight must be a finite number > 0, got 0/);
});

test('hint features at different resolutions: an error naming both paths and shapes', async () => {
  await rejects(
    { teacher: net(6, 3, 2), hints: [{ student: 'relu', teacher: 'conv', weight: 1 }] },
    /distill: hints\[0\]: the student's "relu" gives \[8, 3, 10\] but the teacher's "conv" gives \[8, 6, 5\]; the spatial sizes \[10\] and \[5\] must match/,
  );
});

test('temperature, alpha, epochs and numClasses are checked', async () => {
  await rejects({ temperature: 0 }, /distill: temperature must be a finite number > 0, got 0/);
  await rejects({ temperature: -1 }, /temperature must be a finite number > 0, got -1/);
  await rejects({ alpha: -0.1 }, /distill: alpha must be in \[0, 1\].*got -0\.1/);
  await rejects({ alpha: 1.01 }, /alpha must be in \[0, 1\]/);
  await rejects({ epochs: 0 }, /distill: epochs must be a positive integer, got 0/);
  await rejects({ numClasses: 2.5 }, /distill: numClasses must be a positive integer, got 2\.5/);
  await rejects({ lr: 0 }, /distill: lr must be a finite number > 0, got 0/);
  await rejects({ train: [] }, /distill: the training source yielded no batches/);
});

test('a teacher that is, or shares tensors with, the student is refused', async () => {
  const student = net(3, 3);
  await rejects({ teacher: student, student }, /the teacher and the student are the same model/);
  const shared = new Linear(3, 3);
  const a: Module = new Sequential({ conv: new Conv1d(2, 3, 3, { padding: 'same' }), pool: new GlobalAvgPool(), fc: shared });
  const b: Module = new Sequential({ conv: new Conv1d(2, 3, 3, { padding: 'same' }), pool: new GlobalAvgPool(), fc: shared });
  await rejects({ teacher: a, student: b }, /the teacher shares tensors with the student \("fc\.weight", "fc\.bias"\), so training the student would change the teacher/);
});

test('an optimizer factory must train what it is given and never the teacher', async () => {
  const teacher = net(6, 3);
  await rejects({ teacher, optimizer: (params) => new AdamW([...params, ...teacher.parameters()], { lr: 0.01 }) }, /the optimizer from options\.optimizer updates the teacher's parameter "conv\.weight"/);
  await rejects(
    { hints: [{ student: 'conv', teacher: 'conv', weight: 1 }], optimizer: (params) => new AdamW(params.slice(0, 2), { lr: 0.01 }) },
    /the optimizer from options\.optimizer leaves out 4 of the 6 parameters it was given/,
  );
});
