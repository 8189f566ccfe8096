/**
 * Edgewatt GEMM contenders: f32 `matmul` and int8 `matmulInt8` (int8 × int8
 * → int32) on square n×n operands. The result is not copied out: Edgewatt
 * runs a primitive's kernel before the op returns, as tfjs-wasm does, so the
 * timed call is the GEMM. Copying C out (`toArray()` here, `dataSync()` in
 * tfjs) added 16-24% at 256³ on both sides when measured while writing this
 * harness — an allocation and a copy, not GEMM work.
 */
import type { Step } from '../contender.js';
import { loadEdgewatt } from './api.js';

export async function edgewattGemmF32(n: number, seed = 3): Promise<Step> {
  const { engine: ew } = await loadEdgewatt();
  const rng = new ew.Rng(seed);
  const a = ew.randn([n, n], rng);
  const b = ew.randn([n, n], rng);
  return {
    step: () => {
      ew.matmul(a, b).dispose();
    },
    dispose: () => {
      a.dispose();
      b.dispose();
    },
  };
}

export async function edgewattGemmInt8(n: number, seed = 5): Promise<Step> {
  const { engine: ew } = await loadEdgewatt();
  const rng = new ew.Rng(seed);
  const int8 = (): Int8Array => Int8Array.from({ length: n * n }, () => rng.int(255) - 127);
  const a = ew.tensor(int8(), [n, n]);
  const b = ew.tensor(int8(), [n, n]);
  return {
    step: () => {
      ew.matmulInt8(a, b).dispose();
    },
    dispose: () => {
      a.dispose();
      b.dispose();
    },
  };
}
