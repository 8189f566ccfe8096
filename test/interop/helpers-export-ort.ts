/** Shared by the ONNX export tests: run exported bytes in onnxruntime and compare with Edgewatt. */
import * as ort from 'onnxruntime-node';
import { noGrad, randu, tidy, type Rng, type Tensor } from '../../src/engine/index.js';
import type { Module } from '../../src/nn/index.js';

/** Runs `bytes` on `x` in onnxruntime; returns the output's values and dims. */
export async function runOnnx(bytes: Uint8Array, x: Tensor, names: { input?: string; output?: string } = {}): Promise<{ data: ArrayLike<number>; dims: number[] }> {
  const session = await ort.InferenceSession.create(bytes);
  try {
    const feeds = { [names.input ?? 'input']: new ort.Tensor('float32', Float32Array.from(x.toArray()), [...x.shape]) };
    const out = (await session.run(feeds))[names.output ?? 'output']!;
    const data = out.data as ArrayLike<number | bigint>;
    return { data: Array.from(data, Number), dims: [...out.dims] };
  } finally {
    await session.release();
  }
}

/** The model's eval-mode output on `x` as a plain array with its shape. */
export function forward(model: Module, x: Tensor): { data: number[]; dims: number[] } {
  return tidy(() => {
    const y = noGrad(() => model.call(x));
    return { data: Array.from(y.toArray()), dims: [...y.shape] };
  });
}

export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new RangeError(`maxAbsDiff: lengths differ (${a.length} vs ${b.length})`);
  let d = 0;
  for (let i = 0; i < a.length; i++) d = Math.max(d, Math.abs(a[i]! - b[i]!));
  return d;
}

/**
 * Non-trivial batch-norm statistics (means in [-0.5, 0.5), variances in
 * [0.5, 1.5)) and affine parameters, so an export that ignored them or
 * swapped mean and variance would show.
 */
export function randomizeBatchNorm(model: Module, rng: Rng): void {
  for (const [name, t] of model.stateDict()) {
    const v = t.view();
    const [lo, hi] = name.endsWith('runningVar') ? [0.5, 1.5] : name.endsWith('runningMean') ? [-0.5, 0.5] : [NaN, NaN];
    const affine = /\.bn\w*\.(weight|bias)$|Bn\.(weight|bias)$/.test(name);
    if (!Number.isNaN(lo)) for (let i = 0; i < v.length; i++) v[i] = lo + (hi - lo) * rng.next();
    else if (affine) for (let i = 0; i < v.length; i++) v[i] = (name.endsWith('weight') ? 0.75 : -0.25) + 0.5 * rng.next();
  }
}

/** Runs `model` and the ONNX bytes on the same random input of batch `batch`; returns the max abs difference. */
export async function parity(model: Module, bytes: Uint8Array, inputShape: readonly number[], batch: number, rng: Rng): Promise<{ diff: number; dims: number[] }> {
  const x = randu([batch, ...inputShape], rng, -1, 1);
  const want = forward(model, x);
  const got = await runOnnx(bytes, x);
  if (got.dims.join() !== want.dims.join()) throw new Error(`onnxruntime gave dims [${got.dims}] but Edgewatt [${want.dims}]`);
  const diff = maxAbsDiff(got.data, want.data);
  x.dispose();
  return { diff, dims: got.dims };
}
