/**
 * Small synthetic distillation tasks: a fixed random teacher defines the
 * function to learn, inputs are Gaussian, and the labels can be made
 * deliberately wrong so that only the teacher's soft targets carry the task.
 */
import { noGrad, Rng, tensor, tidy } from '../../../src/engine/index.js';
import type { Module } from '../../../src/nn/index.js';
import { ArrayDataset, DataLoader } from '../../../src/data/index.js';

export interface SyntheticSplit {
  x: Float32Array;
  sampleShape: number[];
  /** The teacher's argmax per sample. */
  teacherClass: Int32Array;
}

/** `n` Gaussian samples of `sampleShape` labelled by the teacher's argmax (eval mode, no gradient). */
export function teacherLabelled(teacher: Module, n: number, sampleShape: number[], numClasses: number, seed: number): SyntheticSplit {
  const rng = new Rng(seed);
  const size = sampleShape.reduce((a, b) => a * b, 1);
  const x = Float32Array.from({ length: n * size }, () => rng.normal());
  teacher.eval();
  const logits = noGrad(() => tidy(() => teacher.call(tensor(x, [n, ...sampleShape])).toArray()));
  teacher.train();
  const teacherClass = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    let best = 0;
    for (let k = 1; k < numClasses; k++) if (logits[i * numClasses + k]! > logits[i * numClasses + best]!) best = k;
    teacherClass[i] = best;
  }
  return { x, sampleShape, teacherClass };
}

/** A shuffling loader over the split with the given labels. */
export function loader(split: SyntheticSplit, labels: Int32Array, batchSize: number, seed = 0): DataLoader {
  return new DataLoader(new ArrayDataset(split.x, labels, split.sampleShape, { numClasses: Math.max(...labels) + 1 }), { batchSize, shuffle: true, rng: new Rng(seed) });
}

/** Labels shifted by one class: wrong for every sample, yet a function of the true class. */
export function shiftedLabels(classes: Int32Array, numClasses: number): Int32Array {
  return classes.map((c) => (c + 1) % numClasses);
}

/** The fraction of samples on which `model`'s argmax is `expected`. */
export function agreementWith(model: Module, split: SyntheticSplit, numClasses: number): number {
  const n = split.teacherClass.length;
  model.eval();
  const logits = noGrad(() => tidy(() => model.call(tensor(split.x, [n, ...split.sampleShape])).toArray()));
  model.train();
  let hits = 0;
  for (let i = 0; i < n; i++) {
    let best = 0;
    for (let k = 1; k < numClasses; k++) if (logits[i * numClasses + k]! > logits[i * numClasses + best]!) best = k;
    if (best === split.teacherClass[i]) hits++;
  }
  return hits / n;
}

/** Every parameter and buffer of `model` by name, copied out. */
export function snapshot(model: Module): Map<string, number[]> {
  return new Map([...model.stateDict()].map(([name, t]) => [name, Array.from(t.toArray())]));
}
