/**
 * The gradient of every primitive, in one table keyed by primitive (after
 * tinygrad's `gradient.py` and tfjs's `gradients/`). Each rule maps the
 * gradient of the output to gradients of the inputs, written with ops — so
 * the rules themselves are differentiable. A primitive missing from the table
 * does not compile; primitives without a gradient say so explicitly.
 */
import type { ParamsOf, Primitive } from './primitives.js';
import type { Tensor } from './tensor.js';
import { add, div, exp, gt, mul, neg, sub, where } from './ops/elementwise.js';
import { sum, sumTo } from './ops/reduce.js';
import { cast, expand, pad, permute, reshape, slice } from './ops/movement.js';
import { matmul } from './ops/linalg.js';
import { runPrimitive } from './run.js';

export interface GradContext<P extends Primitive> {
  readonly inputs: readonly Tensor[];
  readonly output: Tensor;
  readonly params: ParamsOf<P>;
}

/** Gradient of each input (null: none flows there). */
export type GradRule<P extends Primitive> = (g: Tensor, ctx: GradContext<P>) => readonly (Tensor | null)[];

export const NON_DIFFERENTIABLE = 'non-differentiable' as const;

type GradTable = { readonly [P in Primitive]: GradRule<P> | typeof NON_DIFFERENTIABLE };

const TWO_OVER_SQRT_PI = 2 / Math.sqrt(Math.PI);

/** Re-inserts reduced axes as size 1 so `g` broadcasts back over the input. */
function unreduce(g: Tensor, inShape: readonly number[], axes: readonly number[], keepDims: boolean): Tensor {
  if (keepDims) return g;
  const s = [...inShape];
  for (const a of axes) s[a] = 1;
  return reshape(g, s);
}

export const gradRules: GradTable = {
  neg: (g) => [neg(g)],
  exp: (g, { output }) => [mul(g, output)],
  log: (g, { inputs: [x] }) => [div(g, x!)],
  sqrt: (g, { output }) => [div(g, mul(output, 2))],
  abs: (g, { inputs: [x] }) => [mul(g, sub(gt(x!, 0), gt(0, x!)))],
  tanh: (g, { output }) => [mul(g, sub(1, mul(output, output)))],
  sigmoid: (g, { output }) => [mul(g, mul(output, sub(1, output)))],
  erf: (g, { inputs: [x] }) => [mul(g, mul(exp(neg(mul(x!, x!))), TWO_OVER_SQRT_PI))],
  relu: (g, { inputs: [x] }) => [mul(g, gt(x!, 0))],
  // Pass-through strictly inside (min, max), as PyTorch's hardtanh/ReLU6.
  clip: (g, { inputs: [x], params }) => [mul(g, mul(gt(x!, params.min), gt(params.max, x!)))],

  add: (g, { inputs: [a, b] }) => [sumTo(g, a!.shape), sumTo(g, b!.shape)],
  sub: (g, { inputs: [a, b] }) => [sumTo(g, a!.shape), sumTo(neg(g), b!.shape)],
  mul: (g, { inputs: [a, b] }) => [sumTo(mul(g, b!), a!.shape), sumTo(mul(g, a!), b!.shape)],
  div: (g, { inputs: [a, b], output }) => [sumTo(div(g, b!), a!.shape), sumTo(neg(div(mul(g, output), b!)), b!.shape)],
  // Ties send the gradient to `a` (the first operand), as the subgradient convention of PyTorch's max.
  maximum: (g, { inputs: [a, b] }) => {
    const bWins = gt(b!, a!);
    return [sumTo(mul(g, sub(1, bWins)), a!.shape), sumTo(mul(g, bWins), b!.shape)];
  },
  // Piecewise constant: the true gradient is 0 almost everywhere. Quantization-aware
  // training gets its straight-through estimate by composing x + detach(round(x) - x).
  round: NON_DIFFERENTIABLE,
  cmpGt: NON_DIFFERENTIABLE,
  cmpEq: NON_DIFFERENTIABLE,
  where: (g, { inputs: [c, a, b] }) => [null, sumTo(where(c!, g, 0), a!.shape), sumTo(where(c!, 0, g), b!.shape)],

  sum: (g, { inputs: [x], params }) => [expand(unreduce(g, x!.shape, params.axes, params.keepDims), x!.shape)],
  // Ties share the gradient equally (tinygrad's rule), so the total is preserved.
  max: (g, { inputs: [x], output, params }) => {
    const o = expand(unreduce(output, x!.shape, params.axes, params.keepDims), x!.shape);
    const hit = runPrimitive('cmpEq', [x!, o], {});
    const count = sum(hit, params.axes, true);
    return [mul(div(hit, count), expand(unreduce(g, x!.shape, params.axes, params.keepDims), x!.shape))];
  },
  argmax: NON_DIFFERENTIABLE,

  reshape: (g, { inputs: [x] }) => [reshape(g, x!.shape)],
  permute: (g, { params }) => {
    const inv = new Array<number>(params.perm.length);
    params.perm.forEach((p, i) => (inv[p] = i));
    return [permute(g, inv)];
  },
  expand: (g, { inputs: [x] }) => [sumTo(g, x!.shape)],
  slice: (g, { inputs: [x], params }) => [pad(g, x!.shape.map((d, i) => [params.starts[i]!, d - params.ends[i]!] as const))],
  pad: (g, { inputs: [x], params }) => [slice(g, params.pads.map((p) => p[0]), params.pads.map((p, i) => p[0] + x!.shape[i]!))],
  concat: (g, { inputs, params }) => {
    let start = 0;
    return inputs.map((t) => {
      const starts = g.shape.map(() => 0);
      const ends: number[] = [...g.shape];
      starts[params.axis] = start;
      ends[params.axis] = start + t.shape[params.axis]!;
      start += t.shape[params.axis]!;
      return runPrimitive('slice', [g], { starts, ends });
    });
  },
  cast: (g, { inputs: [x] }) => [x!.dtype === 'float32' || x!.dtype === 'float64' ? cast(g, x!.dtype) : null],

  matmul: (g, { inputs: [a, b], params: { transA, transB } }) => {
    // C = op(A)·op(B). Each case writes dA and dB in A's and B's own layouts.
    let da: Tensor;
    let db: Tensor;
    if (!transA && !transB) {
      da = matmul(g, b!, { transB: true });
      db = matmul(a!, g, { transA: true });
    } else if (transA && !transB) {
      da = matmul(b!, g, { transB: true });
      db = matmul(a!, g);
    } else if (!transA && transB) {
      da = matmul(g, b!);
      db = matmul(g, a!, { transA: true });
    } else {
      da = matmul(b!, g, { transA: true, transB: true });
      db = matmul(g, a!, { transA: true, transB: true });
    }
    return [sumTo(da, a!.shape), sumTo(db, b!.shape)];
  },
  matmulInt8: NON_DIFFERENTIABLE,
  // Integer-only inference kernels: quantization-aware training differentiates the float fake-quantized graph instead.
  conv2dInt8: NON_DIFFERENTIABLE,
  requantize: NON_DIFFERENTIABLE,

  conv2d: (g, { inputs: [x, w], params }) => [
    runPrimitive('conv2dBackInput', [g, w!], { ...params, inputHW: [x!.shape[2]!, x!.shape[3]!] }),
    runPrimitive('conv2dBackFilter', [x!, g], { ...params, kernelHW: [w!.shape[2]!, w!.shape[3]!] }),
  ],
  // backInput(dy, w) is linear in each argument; its adjoints are the other two conv maps.
  conv2dBackInput: (g, { inputs: [dy, w], params }) => {
    const { inputHW: _hw, ...conv } = params;
    return [runPrimitive('conv2d', [g, w!], conv), runPrimitive('conv2dBackFilter', [g, dy!], { ...conv, kernelHW: [w!.shape[2]!, w!.shape[3]!] })];
  },
  conv2dBackFilter: (g, { inputs: [x, dy], params }) => {
    const { kernelHW: _k, ...conv } = params;
    return [runPrimitive('conv2dBackInput', [dy!, g], { ...conv, inputHW: [x!.shape[2]!, x!.shape[3]!] }), runPrimitive('conv2d', [x!, g], conv)];
  },

  maxPool2d: (g, { inputs: [x], params }) => [runPrimitive('maxPool2dGrad', [x!, g], params)],
  maxPool2dGrad: NON_DIFFERENTIABLE,
  avgPool2d: (g, { inputs: [x], params }) => [runPrimitive('avgPool2dGrad', [g], { ...params, inputHW: [x!.shape[2]!, x!.shape[3]!] })],
  avgPool2dGrad: (g, { params }) => {
    const { inputHW: _hw, ...pool } = params;
    return [runPrimitive('avgPool2d', [g], pool)];
  },
};

/** Adds two gradient contributions (kept separate so accumulation reads clearly in autograd). */
export function accumulate(a: Tensor | undefined, b: Tensor): Tensor {
  return a === undefined ? b : add(a, b);
}
