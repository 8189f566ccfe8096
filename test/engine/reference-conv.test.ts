/**
 * Reference convolution: conv2d against the textbook seven-loop definition
 * (bounds test per tap, padding read as zero), and the two backward kernels
 * as adjoints of conv2d on random float64 data:
 *   <conv2d(x, w), dy> == <x, backInput(dy, w)> == <w, backFilter(x, dy)>.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Conv2dParams } from '../../src/engine/primitives.js';
import { Rng } from '../../src/engine/random.js';
import { arr, assertClose, dot, randomArr, run, type Arr } from './reference-harness.js';

function naiveConv2d(x: Arr, w: Arr, p: Conv2dParams, Ho: number, Wo: number): number[] {
  const [N, C, H, W] = x.shape as number[] as [number, number, number, number];
  const [Co, Cg, kh, kw] = w.shape as number[] as [number, number, number, number];
  const out: number[] = [];
  for (let n = 0; n < N; n++)
    for (let co = 0; co < Co; co++)
      for (let oh = 0; oh < Ho; oh++)
        for (let ow = 0; ow < Wo; ow++) {
          const group = Math.floor(co / (Co / p.groups));
          let s = 0;
          for (let ci = 0; ci < Cg; ci++)
            for (let i = 0; i < kh; i++)
              for (let j = 0; j < kw; j++) {
                const ih = oh * p.stride[0] - p.pad[0] + i * p.dilation[0];
                const iw = ow * p.stride[1] - p.pad[1] + j * p.dilation[1];
                if (ih < 0 || ih >= H || iw < 0 || iw >= W) continue;
                const c = group * Cg + ci;
                s += x.data[((n * C + c) * H + ih) * W + iw]! * w.data[((co * Cg + ci) * kh + i) * kw + j]!;
              }
          out.push(s);
        }
  return out;
}

interface Case {
  x: [number, number, number, number];
  w: [number, number, number, number];
  p: Conv2dParams;
}

const CASES: Case[] = [
  { x: [1, 1, 5, 5], w: [1, 1, 3, 3], p: { stride: [1, 1], pad: [0, 0, 0, 0], dilation: [1, 1], groups: 1 } },
  { x: [2, 3, 7, 6], w: [4, 3, 3, 2], p: { stride: [2, 1], pad: [1, 0, 2, 1], dilation: [1, 1], groups: 1 } },
  { x: [1, 2, 9, 8], w: [3, 2, 3, 3], p: { stride: [1, 2], pad: [2, 2, 2, 2], dilation: [2, 3], groups: 1 } },
  { x: [2, 4, 6, 6], w: [6, 2, 3, 3], p: { stride: [2, 2], pad: [1, 1, 1, 1], dilation: [1, 1], groups: 2 } },
  // depthwise with channel multiplier 2, stride larger than the kernel (input cells skipped)
  { x: [1, 3, 8, 7], w: [6, 1, 2, 2], p: { stride: [3, 3], pad: [0, 1, 1, 0], dilation: [1, 1], groups: 3 } },
  // 1x1 conv, and a kernel as large as the padded input
  { x: [2, 5, 4, 3], w: [2, 5, 1, 1], p: { stride: [1, 1], pad: [0, 0, 0, 0], dilation: [1, 1], groups: 1 } },
  { x: [1, 2, 3, 3], w: [2, 2, 5, 4], p: { stride: [1, 1], pad: [1, 0, 1, 1], dilation: [1, 1], groups: 1 } },
];

test('conv2d: a hand-computed 3x3 image with a 2x2 kernel, stride 1, pad 1 on top/left', () => {
  const x = arr([1, 1, 3, 3], [1, 2, 3, 4, 5, 6, 7, 8, 9]);
  const w = arr([1, 1, 2, 2], [1, 0, 0, -1]);
  const out = run('conv2d', [x, w], { stride: [1, 1], pad: [1, 1, 0, 0], dilation: [1, 1], groups: 1 });
  assert.deepEqual(out.shape, [1, 1, 3, 3]);
  // y[oh, ow] = x[oh-1, ow-1] - x[oh, ow] (zero outside)
  assert.deepEqual([...out.data], [-1, -2, -3, -4, -4, -4, -7, -4, -4]);
});

test('conv2d matches the seven-loop definition for stride, asymmetric pad, dilation and groups', () => {
  const rng = new Rng(11);
  for (const c of CASES) {
    for (const dtype of ['float64', 'float32'] as const) {
      const x = randomArr(rng, c.x, dtype), w = randomArr(rng, c.w, dtype);
      const out = run('conv2d', [x, w], c.p);
      const expected = naiveConv2d(x, w, c.p, out.shape[2]!, out.shape[3]!);
      assertClose(out.data, dtype === 'float32' ? expected.map(Math.fround) : expected, dtype === 'float32' ? 1e-6 : 1e-13, `conv2d ${JSON.stringify(c)} ${dtype}`);
    }
  }
});

test('conv2dBackInput and conv2dBackFilter are the adjoints of conv2d', () => {
  const rng = new Rng(12);
  for (const c of CASES) {
    const x = randomArr(rng, c.x), w = randomArr(rng, c.w);
    const y = run('conv2d', [x, w], c.p);
    const dy = randomArr(rng, y.shape);
    const dx = run('conv2dBackInput', [dy, w], { ...c.p, inputHW: [c.x[2], c.x[3]] });
    const dw = run('conv2dBackFilter', [x, dy], { ...c.p, kernelHW: [c.w[2], c.w[3]] });
    assert.deepEqual(dx.shape, x.shape);
    assert.deepEqual(dw.shape, w.shape);
    const forward = dot(y.data, dy.data);
    const what = JSON.stringify(c);
    assert.ok(Math.abs(forward - dot(x.data, dx.data)) <= 1e-11 * Math.max(1, Math.abs(forward)), `backInput adjoint ${what}`);
    assert.ok(Math.abs(forward - dot(w.data, dw.data)) <= 1e-11 * Math.max(1, Math.abs(forward)), `backFilter adjoint ${what}`);
  }
});

test('conv2dBackInput gives zero to input cells no window reads, and matches one-hot probes', () => {
  // stride 3 over width 7 with a 2-wide kernel reads columns {0,1,3,4}; the rest get zero gradient
  const p: Conv2dParams = { stride: [1, 3], pad: [0, 0, 0, 0], dilation: [1, 1], groups: 1 };
  const w = arr([1, 1, 1, 2], [2, 3], 'float64');
  const dy = arr([1, 1, 1, 2], [1, 10], 'float64');
  const dx = run('conv2dBackInput', [dy, w], { ...p, inputHW: [1, 7] });
  assert.deepEqual([...dx.data], [2, 3, 0, 20, 30, 0, 0]);
  const x = arr([1, 1, 1, 7], [1, 2, 3, 4, 5, 6, 7], 'float64');
  const dw = run('conv2dBackFilter', [x, dy], { ...p, kernelHW: [1, 2] });
  assert.deepEqual([...dw.data], [1 * 1 + 4 * 10, 2 * 1 + 5 * 10]);
});
