/** Running a QDQ export in onnxruntime-node and comparing it with Edgewatt's integer path, in output steps. */
import assert from 'node:assert/strict';
import * as ort from 'onnxruntime-node';
import type { Tensor } from '../../../src/engine/index.js';
import { exportQdqOnnx, type QuantizedModel } from '../../../src/compress/integer/index.js';

/** The exported graph's output for `x` (input named `input`, output `output`). */
export async function runOrt(bytes: Uint8Array, x: Tensor, options: ort.InferenceSession.SessionOptions = {}): Promise<Float32Array> {
  const session = await ort.InferenceSession.create(bytes, options);
  try {
    const out = await session.run({ input: new ort.Tensor('float32', Float32Array.from(x.toArray()), [...x.shape]) });
    return out['output']!.data as Float32Array;
  } finally {
    await session.release();
  }
}

/** Max |onnxruntime − Edgewatt| in output steps, and the fraction of outputs that differ at all. */
export async function parityInLsb(q: QuantizedModel, x: Tensor): Promise<{ maxLsb: number; differing: number }> {
  const ours = q.call(x).toArray();
  const theirs = await runOrt(exportQdqOnnx(q, { inputShape: q.info.inputShape }), x);
  assert.equal(theirs.length, ours.length, 'onnxruntime gives as many outputs');
  const scale = q.dequantizeOutput.params.current.scale;
  let maxLsb = 0;
  let differing = 0;
  for (let i = 0; i < ours.length; i++) {
    const d = Math.abs(ours[i]! - theirs[i]!) / scale;
    maxLsb = Math.max(maxLsb, d);
    if (d > 1e-3) differing++;
  }
  return { maxLsb, differing: differing / ours.length };
}
