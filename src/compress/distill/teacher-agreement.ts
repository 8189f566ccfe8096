/**
 * How well a distilled student matches its teacher on held-out data: each
 * model's accuracy against the labels, and the agreement (the fraction of
 * samples where the student's top class is the teacher's), the quantity
 * distillation optimises when α = 1. Both models run in eval mode under
 * noGrad; their modes are restored afterwards.
 */
import { noGrad, tensor, tidy } from '../../engine/index.js';
import type { Module } from '../../nn/index.js';
import { MetricAccumulator, type BatchSource } from '../../train/index.js';
import { enterEvalMode } from './eval-mode.js';

export interface TeacherAgreement {
  teacherAccuracy: number;
  studentAccuracy: number;
  /** Fraction of samples on which the student's argmax equals the teacher's. */
  agreement: number;
  samples: number;
}

/** Row-wise argmax of logits [N, K]; the first maximum wins. */
function argmaxRows(logits: ArrayLike<number>, n: number, k: number): Int32Array {
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    let best = 0;
    for (let j = 1; j < k; j++) if (logits[i * k + j]! > logits[i * k + best]!) best = j;
    out[i] = best;
  }
  return out;
}

export function measureTeacherAgreement(teacher: Module, student: Module, data: BatchSource, numClasses: number): TeacherAgreement {
  const teacherAcc = new MetricAccumulator(numClasses);
  const studentAcc = new MetricAccumulator(numClasses);
  let agreeing = 0;
  let samples = 0;
  const restoreModes = enterEvalMode([teacher, student]);
  try {
    for (const batch of data) {
      const y = batch.y.subarray(0, batch.size);
      noGrad(() =>
        tidy(() => {
          const x = tensor(batch.x, batch.shape);
          const t = teacher.call(x).toArray() as Float32Array;
          const s = student.call(x).toArray() as Float32Array;
          teacherAcc.add(t, y);
          studentAcc.add(s, y);
          const [pt, ps] = [argmaxRows(t, batch.size, numClasses), argmaxRows(s, batch.size, numClasses)];
          for (let i = 0; i < batch.size; i++) if (pt[i] === ps[i]) agreeing++;
        }),
      );
      samples += batch.size;
    }
  } finally {
    restoreModes();
  }
  return { teacherAccuracy: teacherAcc.accuracy(), studentAccuracy: studentAcc.accuracy(), agreement: samples ? agreeing / samples : NaN, samples };
}
