/**
 * Gemm-13 and MatMul-13 (onnx/docs/Operators.md) on the engine's matmul
 * primitive, which takes 2-D or 3-D operands: N-D MatMul (NumPy semantics,
 * 1-D operands promoted and the added axis removed again) is folded onto it.
 */
import { add, broadcastShapes, expand, matmul, mul, reshape, sizeOf, type Tensor } from '../../../../engine/index.js';
import type { NodeContext } from '../node-context.js';
import { checkSize, input, requireInputs, type OpDefinition } from '../op-definition.js';

/** NumPy matmul of any ranks >= 1 (MatMul-13). */
export function matmulNd(ctx: NodeContext, a: Tensor, b: Tensor): Tensor {
  if (a.rank === 0 || b.rank === 0) ctx.fail('inputs', `MatMul needs operands of rank >= 1, got [${a.shape.join(', ')}] and [${b.shape.join(', ')}]`);
  const a2 = a.rank === 1 ? reshape(a, [1, a.shape[0]!]) : a;
  const b2 = b.rank === 1 ? reshape(b, [b.shape[0]!, 1]) : b;
  const [m, k] = a2.shape.slice(-2) as [number, number];
  const [k2, n] = b2.shape.slice(-2) as [number, number];
  if (k !== k2) ctx.fail('inputs', `inner dimensions differ: [${a.shape.join(', ')}] x [${b.shape.join(', ')}]`);
  const batch = broadcastShapes(a2.shape.slice(0, -2), b2.shape.slice(0, -2)) ?? ctx.fail('inputs', `batch dims of [${a.shape.join(', ')}] and [${b.shape.join(', ')}] do not broadcast`);
  checkSize(ctx, [...batch, m, n], 'the product');
  let y: Tensor;
  if (b2.rank === 2) {
    // [..., M, K] x [K, N]: one 2-D product over all rows.
    y = reshape(matmul(reshape(a2, [sizeOf(batch) * m, k]), b2), [...batch, m, n]);
  } else {
    const bs = sizeOf(batch);
    const a3 = reshape(expand(a2, [...batch, m, k]), [bs, m, k]);
    const b3 = reshape(expand(b2, [...batch, k, n]), [bs, k, n]);
    y = reshape(matmul(a3, b3), [...batch, m, n]);
  }
  const shape = [...batch, ...(a.rank === 1 ? [] : [m]), ...(b.rank === 1 ? [] : [n])];
  return reshape(y, shape);
}

export const linalgOps = {
  MatMul: {
    prepare(ctx: NodeContext) {
      requireInputs(ctx, 2);
      return { run: (xs) => [matmulNd(ctx, input(xs, 0), input(xs, 1))] };
    },
  },
  Gemm: {
    prepare(ctx: NodeContext) {
      requireInputs(ctx, 2);
      const alpha = ctx.float('alpha', 1), beta = ctx.float('beta', 1);
      const transA = ctx.int('transA', 0) !== 0, transB = ctx.int('transB', 0) !== 0;
      return {
        run: (xs) => {
          const a = input(xs, 0), b = input(xs, 1);
          if (a.rank !== 2 || b.rank !== 2) ctx.fail('inputs', `Gemm needs 2-D A and B, got [${a.shape.join(', ')}] and [${b.shape.join(', ')}]`);
          checkSize(ctx, [a.shape[transA ? 1 : 0]!, b.shape[transB ? 0 : 1]!], 'the product');
          let y = matmul(a, b, { transA, transB });
          if (alpha !== 1) y = mul(y, alpha);
          const c = xs[2];
          if (c && beta !== 0) y = add(y, beta === 1 ? c : mul(c, beta));
          return [y];
        },
      };
    },
  },
} satisfies Record<string, OpDefinition>;
