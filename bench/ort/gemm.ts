/**
 * f32 GEMM through onnxruntime: an ONNX graph with one MatMul node whose two
 * operands are both graph inputs, C = A·B for square n×n operands. Both are
 * inputs, not one an initializer, because onnxruntime pre-packs constant
 * MatMul weights when the session is created (MLAS prepacking), and the
 * Edgewatt contender it is compared with packs B on every call.
 *
 * The feeds are built once. Each timed call is one `session.run`, which
 * includes what the onnxruntime API does per call and cannot be skipped:
 * onnxruntime-web copies A and B into its WebAssembly heap and C out of it;
 * onnxruntime-node allocates C. The Edgewatt contender does neither (its
 * operands live in its own memory), so at 256³ the ORT figures carry a few
 * percent of copying that is part of using them.
 */
import type { Step } from '../contender.js';
import { bareOrtRun, type OrtFlavour } from './runtimes.js';
import { NotAvailableError } from '../contender.js';
import { Rng } from '../../src/engine/random.js';

type Proto = typeof import('../../src/interop/onnx/proto.js');

async function matmulOnnx(n: number): Promise<Uint8Array> {
  let p: Proto;
  try {
    p = (await import(new URL('../../src/interop/onnx/proto.js', import.meta.url).href)) as Proto;
  } catch (e) {
    throw new NotAvailableError(`cannot load src/interop/onnx/proto: ${e instanceof Error ? e.message : String(e)}`);
  }
  return p.encodeModel({
    irVersion: p.IR_VERSION,
    opsetImport: [{ domain: '', version: p.OPSET }],
    producerName: 'edgewatt-bench',
    graph: {
      name: `matmul${n}`,
      node: [{ opType: 'MatMul', input: ['A', 'B'], output: ['C'], name: 'matmul' }],
      input: [p.valueInfo('A', [n, n]), p.valueInfo('B', [n, n])],
      output: [p.valueInfo('C', [n, n])],
    },
  });
}

function operands(n: number, seed: number): [Float32Array, Float32Array] {
  const rng = new Rng(seed);
  const gen = (): Float32Array => Float32Array.from({ length: n * n }, () => 2 * rng.next() - 1);
  return [gen(), gen()];
}

/** One `session.run` of C = A·B on onnxruntime-node or onnxruntime-web (runtimes.ts `bareOrtRun`). */
export async function ortGemm(flavour: OrtFlavour, n: number, seed = 3): Promise<Step> {
  const [a, b] = operands(n, seed);
  return bareOrtRun(flavour, await matmulOnnx(n), () => ({ A: { data: a, dims: [n, n] }, B: { data: b, dims: [n, n] } }));
}
