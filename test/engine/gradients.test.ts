/**
 * Every primitive's gradient rule against central finite differences in
 * float64. The case table is keyed by primitive, so a new primitive without
 * a gradient test does not compile.
 */
import { test } from 'node:test';
import * as E from '../../src/engine/index.js';
import { Rng, runPrimitive, type Primitive, type Tensor } from '../../src/engine/index.js';
import { f64, gradCheck } from '../helpers/gradcheck.js';

type Case = { inputs: (rng: Rng) => Tensor[]; f: (xs: Tensor[]) => Tensor; tol?: number };

const awayFromZero = (r: Rng): number => (r.next() < 0.5 ? -1 : 1) * (0.2 + r.next());
const positive = (r: Rng): number => 0.3 + 2 * r.next();
const conv = { stride: [2, 1] as const, pad: [1, 0, 0, 1] as const, dilation: [1, 2] as const, groups: 2 };

const cases: { readonly [P in Primitive]: Case[] | 'non-differentiable' } = {
  neg: [{ inputs: (r) => [f64([3, 4], r)], f: ([x]) => E.neg(x!) }],
  exp: [{ inputs: (r) => [f64([3, 4], r)], f: ([x]) => E.exp(x!) }],
  log: [{ inputs: (r) => [f64([3, 4], r, positive)], f: ([x]) => E.log(x!) }],
  sqrt: [{ inputs: (r) => [f64([3, 4], r, positive)], f: ([x]) => E.sqrt(x!) }],
  abs: [{ inputs: (r) => [f64([3, 4], r, awayFromZero)], f: ([x]) => E.abs(x!) }],
  tanh: [{ inputs: (r) => [f64([3, 4], r)], f: ([x]) => E.tanh(x!) }],
  sigmoid: [{ inputs: (r) => [f64([3, 4], r)], f: ([x]) => E.sigmoid(x!) }],
  erf: [{ inputs: (r) => [f64([3, 4], r)], f: ([x]) => E.erf(x!) }],
  relu: [{ inputs: (r) => [f64([3, 4], r, awayFromZero)], f: ([x]) => E.relu(x!) }],
  round: 'non-differentiable',
  clip: [{ inputs: (r) => [f64([4, 5], r, (q) => 3 * awayFromZero(q))], f: ([x]) => E.clip(x!, -0.1, 1.7) }],
  add: [{ inputs: (r) => [f64([2, 3, 4], r), f64([3, 1], r)], f: ([a, b]) => E.add(a!, b!) }],
  sub: [{ inputs: (r) => [f64([4], r), f64([2, 3, 4], r)], f: ([a, b]) => E.sub(a!, b!) }],
  mul: [{ inputs: (r) => [f64([2, 1, 4], r), f64([3, 1], r)], f: ([a, b]) => E.mul(a!, b!) }],
  div: [{ inputs: (r) => [f64([2, 3], r), f64([3], r, positive)], f: ([a, b]) => E.div(a!, b!) }],
  maximum: [{ inputs: (r) => [f64([3, 4], r), f64([4], r)], f: ([a, b]) => E.maximum(a!, b!) }],
  cmpGt: 'non-differentiable',
  cmpEq: 'non-differentiable',
  where: [
    {
      inputs: (r) => {
        const c = f64([3, 4], r, (q) => (q.next() < 0.5 ? 0 : 1));
        c.requiresGrad = false;
        return [c, f64([3, 4], r), f64([4], r)];
      },
      f: ([c, a, b]) => E.where(c!, a!, b!),
    },
  ],
  sum: [
    { inputs: (r) => [f64([2, 3, 4], r)], f: ([x]) => E.sum(x!, [0, 2]) },
    { inputs: (r) => [f64([2, 3, 4], r)], f: ([x]) => E.sum(x!, [1], true) },
  ],
  max: [{ inputs: (r) => [f64([2, 3, 4], r)], f: ([x]) => E.max(x!, [1, 2]) }],
  argmax: 'non-differentiable',
  reshape: [{ inputs: (r) => [f64([2, 6], r)], f: ([x]) => E.reshape(x!, [3, 4]) }],
  permute: [{ inputs: (r) => [f64([2, 3, 4], r)], f: ([x]) => E.permute(x!, [2, 0, 1]) }],
  expand: [{ inputs: (r) => [f64([3, 1], r)], f: ([x]) => E.expand(x!, [2, 3, 4]) }],
  slice: [{ inputs: (r) => [f64([4, 5], r)], f: ([x]) => E.slice(x!, [1, 2], [3, 5]) }],
  pad: [{ inputs: (r) => [f64([2, 3], r)], f: ([x]) => E.pad(x!, [[1, 0], [2, 1]], 0.5) }],
  concat: [{ inputs: (r) => [f64([2, 3], r), f64([2, 1], r), f64([2, 2], r)], f: (xs) => E.concat(xs, 1) }],
  cast: [{ inputs: (r) => [f64([5], r)], f: ([x]) => runPrimitive('cast', [x!], { dtype: 'float64' }) }],
  matmul: [
    { inputs: (r) => [f64([3, 4], r), f64([4, 5], r)], f: ([a, b]) => E.matmul(a!, b!) },
    { inputs: (r) => [f64([4, 3], r), f64([4, 5], r)], f: ([a, b]) => E.matmul(a!, b!, { transA: true }) },
    { inputs: (r) => [f64([3, 4], r), f64([5, 4], r)], f: ([a, b]) => E.matmul(a!, b!, { transB: true }) },
    { inputs: (r) => [f64([4, 3], r), f64([5, 4], r)], f: ([a, b]) => E.matmul(a!, b!, { transA: true, transB: true }) },
    { inputs: (r) => [f64([2, 3, 4], r), f64([4, 5], r)], f: ([a, b]) => E.matmul(a!, b!) },
  ],
  matmulInt8: 'non-differentiable',
  conv2dInt8: 'non-differentiable',
  requantize: 'non-differentiable',
  conv2d: [
    { inputs: (r) => [f64([2, 4, 5, 6], r), f64([6, 2, 3, 2], r)], f: ([x, w]) => runPrimitive('conv2d', [x!, w!], conv) },
    { inputs: (r) => [f64([1, 3, 4, 4], r), f64([3, 1, 3, 3], r)], f: ([x, w]) => E.conv2d(x!, w!, { pad: 1, groups: 3 }) },
  ],
  conv2dBackInput: [
    { inputs: (r) => [f64([2, 6, 2, 5], r), f64([6, 2, 3, 2], r)], f: ([dy, w]) => runPrimitive('conv2dBackInput', [dy!, w!], { ...conv, inputHW: [5, 6] }) },
  ],
  conv2dBackFilter: [
    { inputs: (r) => [f64([2, 4, 5, 6], r), f64([2, 6, 2, 5], r)], f: ([x, dy]) => runPrimitive('conv2dBackFilter', [x!, dy!], { ...conv, kernelHW: [3, 2] }) },
  ],
  maxPool2d: [{ inputs: (r) => [f64([2, 2, 5, 5], r)], f: ([x]) => E.maxPool2d(x!, { kernel: 3, stride: 2, pad: 1 }) }],
  maxPool2dGrad: 'non-differentiable',
  avgPool2d: [
    { inputs: (r) => [f64([2, 2, 5, 5], r)], f: ([x]) => E.avgPool2d(x!, { kernel: 3, stride: 2, pad: 1 }) },
    { inputs: (r) => [f64([1, 2, 4, 6], r)], f: ([x]) => E.avgPool2d(x!, { kernel: [2, 3], stride: [2, 1], pad: [1, 1, 0, 0], countIncludePad: true }) },
  ],
  avgPool2dGrad: [
    { inputs: (r) => [f64([2, 2, 3, 3], r)], f: ([g]) => runPrimitive('avgPool2dGrad', [g!], { kernel: [3, 3], stride: [2, 2], pad: [1, 1, 1, 1], countIncludePad: false, inputHW: [5, 5] }) },
  ],
};

for (const [prim, list] of Object.entries(cases) as [Primitive, Case[] | 'non-differentiable'][]) {
  if (list === 'non-differentiable') {
    test(`gradient of ${prim}: declared non-differentiable in the rule table`, () => {
      if (E.gradRules[prim] !== E.NON_DIFFERENTIABLE) throw new Error(`${prim} has a rule but the test says it has none`);
    });
    continue;
  }
  list.forEach((c, i) => {
    test(`gradient of ${prim} #${i} matches finite differences (float64)`, () => {
      const rng = new Rng(1234 + i);
      const inputs = c.inputs(rng);
      gradCheck(prim, c.f, inputs, c.tol !== undefined ? { tol: c.tol } : {});
      for (const t of inputs) t.dispose();
    });
  });
}

test('composite ops differentiate through their primitives (gelu, silu, softmax, logSoftmax, leakyRelu, convTranspose)', () => {
  const rng = new Rng(7);
  gradCheck('gelu', ([x]) => E.gelu(x!), [f64([6], rng)]);
  gradCheck('silu', ([x]) => E.silu(x!), [f64([6], rng)]);
  gradCheck('softmax', ([x]) => E.softmax(x!, 1), [f64([3, 5], rng)]);
  gradCheck('logSoftmax', ([x]) => E.logSoftmax(x!, -1), [f64([3, 5], rng)]);
  gradCheck('leakyRelu', ([x]) => E.leakyRelu(x!, 0.1), [f64([6], rng, awayFromZero)]);
  gradCheck('convTranspose2d', ([x, w]) => E.convTranspose2d(x!, w!, { stride: 2, pad: 1, outputPadding: 1 }), [f64([1, 2, 3, 3], rng), f64([2, 3, 3, 3], rng)]);
  gradCheck('convTranspose1d', ([x, w]) => E.convTranspose1d(x!, w!, { stride: 2, outputPadding: 1 }), [f64([2, 2, 4], rng), f64([2, 2, 3], rng)]);
  gradCheck('variance', ([x]) => E.variance(x!, [0, 2]), [f64([3, 2, 4], rng)]);
});
