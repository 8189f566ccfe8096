/**
 * Both contenders must be the same network for a ratio to mean anything. The
 * MLPerf Tiny ResNet-8 with conv biases has 78,666 parameters counting batch
 * norm's moving statistics, 78,186 without (derived layer by layer in
 * tfjs/resnet8.ts); the tfjs model must match exactly, and Edgewatt's count
 * is printed beside it.
 */
import type { EwModule } from '../edgewatt/api.js';
import { createResNet8, disposeResNet8, parameterCount } from '../tfjs/resnet8.js';
import { useTfjsBackend } from '../tfjs/backends.js';

const EXPECTED_ALL = 78_666;
const EXPECTED_TRAINABLE = 78_186;

/** Throws when the tfjs model is not the reference size; returns a note for the record. */
export async function checkTfjsResNet8Size(log: (m: string) => void): Promise<string> {
  await useTfjsBackend('cpu');
  const m = createResNet8();
  const all = parameterCount(m.all);
  const trainable = parameterCount(m.trainable);
  disposeResNet8(m);
  log(`tfjs ResNet-8: ${all.toLocaleString('en-US')} parameters (${trainable.toLocaleString('en-US')} trainable)`);
  if (all !== EXPECTED_ALL || trainable !== EXPECTED_TRAINABLE) {
    throw new Error(`tfjs ResNet-8 has ${all} parameters (${trainable} trainable); the MLPerf Tiny reference has ${EXPECTED_ALL} (${EXPECTED_TRAINABLE})`);
  }
  return `tfjs ResNet-8: ${all.toLocaleString('en-US')} parameters incl. BN moving statistics (${trainable.toLocaleString('en-US')} trainable)`;
}

export function describeEdgewattSize(model: EwModule, log: (m: string) => void): string {
  const n = model.parameters().reduce((s, p) => s + p.size, 0);
  const text = `Edgewatt resnet8(): ${n.toLocaleString('en-US')} trainable parameters`;
  log(text);
  return text;
}
