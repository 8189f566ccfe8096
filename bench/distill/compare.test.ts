/** The three-way distillation comparison on a tiny synthetic task. Run: node --test dist/bench/ */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Rng } from '../../src/engine/index.js';
import { ArrayDataset, DataLoader } from '../../src/data/index.js';
import type { Batch, BatchSource } from '../../src/train/index.js';
import { harDistillRecipe, type DistillRecipe } from '../../src/compress/distill/recipes.js';
import { compareDistillation, withProbePass, type ComparisonSetup, type TrainProtocol } from './compare.js';

const LENGTH = 16;
const CLASSES = 3;

/**
 * Windows [3, LENGTH] of Gaussian noise around a class-dependent level per
 * axis: learnable in a few epochs. With `relabel`, the labels are redrawn at
 * random, so validation accuracy wanders and the best epoch is not simply the last.
 */
function dataset(n: number, seed: number, relabel = false): ArrayDataset {
  const rng = new Rng(seed);
  const x = new Float32Array(n * 3 * LENGTH);
  const y = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    y[i] = i % CLASSES;
    for (let a = 0; a < 3; a++) for (let t = 0; t < LENGTH; t++) x[(i * 3 + a) * LENGTH + t] = (a === y[i] ? 1 : -0.5) + rng.normal();
    if (relabel) y[i] = rng.int(CLASSES);
  }
  return new ArrayDataset(x, y, [3, LENGTH], { numClasses: CLASSES });
}

/** The HAR recipe's T, α and architecture family, at widths small enough for a unit test. */
function tinyRecipe(): DistillRecipe {
  const r = harDistillRecipe({ inputLength: LENGTH, numClasses: CLASSES });
  return { ...r, teacher: { ...r.teacher, config: { ...r.teacher.config, width: 8 } }, student: { ...r.student, config: { ...r.student.config, width: 2 } } };
}

const protocol: TrainProtocol = { epochs: 3, batchSize: 8, lr: 0.01, weightDecay: 1e-4, warmupSteps: (t) => Math.min(4, t), warmupStartFactor: 0.1, augmentation: 'none', schedule: 'test' };

/** Records the labels of every batch each loader made by `trainLoader` yields, per loader. */
function recordingSetup(dir: string, train: ArrayDataset, val: ArrayDataset): { setup: ComparisonSetup; seen: Map<number, number[][]> } {
  const seen = new Map<number, number[][]>();
  let made = 0;
  const trainLoader = (seed: number): BatchSource => {
    const id = made++;
    const loader = new DataLoader(train, { batchSize: protocol.batchSize, shuffle: true, rng: new Rng(seed) });
    const log: number[][] = [];
    seen.set(id, log);
    return {
      length: loader.length,
      *[Symbol.iterator](): Iterator<Batch> {
        for (const b of loader) {
          log.push([...b.y.subarray(0, b.size)]);
          yield b;
        }
      },
    };
  };
  const setup: ComparisonSetup = {
    recipe: tinyRecipe(),
    protocol,
    trainLoader,
    probe: new DataLoader(train, { batchSize: protocol.batchSize }),
    val: new DataLoader(val, { batchSize: 64 }),
    studentSeed: 3,
    checkpoints: { teacher: join(dir, 'teacher'), 'ce-student': join(dir, 'ce'), 'kd-student': join(dir, 'kd') },
  };
  return { setup, seen };
}

async function recorded(dir: string): Promise<{ val_accuracy: number; epoch: number }> {
  return (JSON.parse(await readFile(join(dir, 'model.json'), 'utf8')) as { training: { val_accuracy: number; epoch: number } }).training;
}

test('withProbePass serves the first pass from the probe source and every later one from the training source', () => {
  const probe = [{ tag: 'probe' }] as unknown as BatchSource;
  const train = Object.assign([{ tag: 'train' }] as unknown as BatchSource, { length: 7 });
  const s = withProbePass(probe, train);
  assert.equal(s.length, 7);
  const tags = [0, 1, 2].map(() => ([...s][0] as unknown as { tag: string }).tag);
  assert.deepEqual(tags, ['probe', 'train', 'train']);
});

test('both students see the same batches, and each model is reported at its best validation epoch', { timeout: 60_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'bench-distill-compare-'));
  try {
    const { setup, seen } = recordingSetup(dir, dataset(48, 1), dataset(30, 2, true));
    const c = await compareDistillation(setup);
    // Loaders in order: teacher, CE student, KD student (distill's probe pass goes to setup.probe, not to a loader).
    assert.equal(seen.size, 3);
    const [teacherBatches, ceBatches, kdBatches] = [seen.get(0)!, seen.get(1)!, seen.get(2)!];
    assert.equal(ceBatches.length, protocol.epochs * 6);
    assert.deepEqual(kdBatches, ceBatches);
    assert.notDeepEqual(teacherBatches, ceBatches, 'the teacher keeps its own seed (0), the students use seed 3');
    const models = [[c.teacher, 'teacher'], [c.ceStudent, 'ce'], [c.kdStudent, 'kd']] as const;
    // Otherwise the last epoch's weights would pass for the best epoch's.
    assert.ok(models.some(([m]) => m.bestEpoch! < protocol.epochs), `best epochs ${models.map(([m]) => m.bestEpoch)}: the data should make one model peak early`);
    for (const [m, d] of models) {
      const saved = await recorded(join(dir, d));
      assert.equal(m.bestEpoch, saved.epoch);
      assert.equal(m.top1, saved.val_accuracy, `${m.role}: top-1 is the saved best epoch's validation accuracy`);
      assert.equal(m.samples, 30);
      assert.equal(m.epochsRun, protocol.epochs);
      assert.equal(m.reusedFrom, null);
    }
    assert.equal(c.kdStudent.spec.config['seed'], 3);
    assert.deepEqual(c.kdStudent.spec, c.ceStudent.spec);
    assert.equal(c.kdStudent.params, c.ceStudent.params);
    assert.ok(c.teacher.params > c.ceStudent.params && c.teacher.macs > c.ceStudent.macs);
    assert.equal(c.teacher.teacherAgreement, null);
    for (const a of [c.ceStudent.teacherAgreement, c.kdStudent.teacherAgreement]) assert.ok(a !== null && a >= 0 && a <= 1);

    // A reused teacher is loaded, not retrained, and measures the same.
    const again = recordingSetup(dir, dataset(48, 1), dataset(30, 2, true));
    const c2 = await compareDistillation({ ...again.setup, reuse: { teacher: true } });
    assert.equal(c2.teacher.reusedFrom, join(dir, 'teacher'));
    assert.equal(c2.teacher.epochsRun, 0);
    assert.equal(c2.teacher.top1, c.teacher.top1);
    assert.equal(again.seen.size, 2, 'only the two students drew training loaders');
    assert.equal(c2.kdStudent.top1, c.kdStudent.top1, 'same teacher, seed and batches: the same distilled student');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a recipe whose models disagree on the class count fails before any model trains', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'bench-distill-compare-'));
  try {
    const { setup, seen } = recordingSetup(dir, dataset(24, 1), dataset(9, 2));
    const r = setup.recipe;
    const bad = { ...r, teacher: { ...r.teacher, config: { ...r.teacher.config, numClasses: CLASSES + 1 } } };
    await assert.rejects(compareDistillation({ ...setup, recipe: bad }), /teacher gives \[N, 4\] but the student \[N, 3\]/);
    assert.equal(seen.size, 0);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
