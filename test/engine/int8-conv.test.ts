/**
 * conv2dInt8 on the reference backend against a brute-force integer
 * convolution written here from the definition (bounds test per tap,
 * padded cells read as padValue, BigInt-free because every sum is bounded
 * far below 2^53), the conv2dInt8 / conv1dInt8 ops, and the shape rule's
 * errors and overflow bound.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { conv1dInt8, conv2dInt8, tensor, windowOutSize, type Conv2dInt8Params } from '../../src/engine/index.js';
import { inferOutput } from '../../src/engine/shape-rules.js';
import { MAX_INT8_DOT_LENGTH } from '../../src/engine/quantized-shape-rules.js';
import { Rng } from '../../src/engine/random.js';
import { sizeOf } from '../../src/engine/shape.js';
import { arr, run, type Arr } from './reference-harness.js';

/** y[n, co, oh, ow] = sum over ci, i, j of x(n, g·Cg + ci, ih, iw) · w[co, ci, i, j], x = padValue outside the image. */
function bruteConv(x: Arr, w: Arr, p: Conv2dInt8Params): { shape: number[]; data: number[] } {
  const [N, C, H, W] = x.shape as [number, number, number, number];
  const [Co, Cg, kh, kw] = w.shape as [number, number, number, number];
  const Ho = windowOutSize(H, kh, p.stride[0], p.pad[0], p.pad[2], p.dilation[0]);
  const Wo = windowOutSize(W, kw, p.stride[1], p.pad[1], p.pad[3], p.dilation[1]);
  const data: number[] = [];
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
                const inside = ih >= 0 && ih < H && iw >= 0 && iw < W;
                const xv = inside ? x.data[((n * C + group * Cg + ci) * H + ih) * W + iw]! : p.padValue;
                s += xv * w.data[((co * Cg + ci) * kh + i) * kw + j]!;
              }
          data.push(s);
        }
  return { shape: [N, Co, Ho, Wo], data };
}

function randomInt8(rng: Rng, shape: number[]): Arr {
  return arr(shape, Array.from({ length: sizeOf(shape) }, () => rng.int(256) - 128), 'int8');
}

interface Case {
  readonly name: string;
  readonly x: number[];
  readonly w: number[];
  readonly p: Conv2dInt8Params;
}

const base = { stride: [1, 1], pad: [0, 0, 0, 0], dilation: [1, 1], groups: 1, padValue: 0 } as const;

export const INT8_CONV_CASES: Case[] = [
  { name: '3x3 pad 1, padValue 0', x: [2, 3, 6, 7], w: [4, 3, 3, 3], p: { ...base, pad: [1, 1, 1, 1] } },
  { name: '3x3 pad 1, padValue -128', x: [1, 3, 5, 5], w: [2, 3, 3, 3], p: { ...base, pad: [1, 1, 1, 1], padValue: -128 } },
  { name: 'asymmetric pads, padValue 37', x: [1, 2, 7, 6], w: [3, 2, 3, 2], p: { ...base, pad: [0, 2, 3, 1], padValue: 37 } },
  { name: 'strides and padValue -5', x: [2, 3, 9, 11], w: [5, 3, 3, 3], p: { ...base, stride: [2, 3], pad: [1, 1, 1, 1], padValue: -5 } },
  { name: 'dilation 2 and stride', x: [1, 2, 12, 10], w: [3, 2, 3, 3], p: { ...base, stride: [2, 1], pad: [2, 1, 2, 3], dilation: [2, 2], padValue: 9 } },
  { name: 'groups 2', x: [2, 4, 6, 6], w: [6, 2, 3, 3], p: { ...base, pad: [1, 1, 1, 1], groups: 2, padValue: 3 } },
  { name: 'depthwise', x: [2, 5, 7, 6], w: [5, 1, 3, 3], p: { ...base, pad: [1, 1, 1, 1], groups: 5, padValue: -17 } },
  { name: 'depthwise multiplier 2, stride 2', x: [1, 3, 8, 9], w: [6, 1, 3, 3], p: { ...base, stride: [2, 2], pad: [1, 0, 1, 2], groups: 3, padValue: 100 } },
  { name: '1x1 pointwise', x: [2, 5, 4, 3], w: [7, 5, 1, 1], p: base },
  { name: 'kernel larger than the image (padding only)', x: [1, 2, 2, 3], w: [3, 2, 5, 5], p: { ...base, pad: [2, 2, 2, 2], padValue: -1 } },
];

for (const c of INT8_CONV_CASES) {
  test(`reference conv2dInt8 equals the brute-force integer convolution: ${c.name}`, () => {
    const rng = new Rng(sizeOf(c.x) + 7 * sizeOf(c.w));
    const x = randomInt8(rng, c.x), w = randomInt8(rng, c.w);
    const want = bruteConv(x, w, c.p);
    const got = run('conv2dInt8', [x, w], c.p);
    assert.equal(got.dtype, 'int32');
    assert.deepEqual(got.shape, want.shape);
    assert.deepEqual(Array.from(got.data), want.data);
  });
}

test('reference conv2dInt8: all -128 (the largest products) sums exactly at the longest allowed kernel', () => {
  // K = 14563 · 3 · 3 = 131067 <= MAX_INT8_DOT_LENGTH: the sum 131067 · 2^14 = 2147401728 is just below 2^31.
  const cg = Math.floor(MAX_INT8_DOT_LENGTH / 9);
  const x = arr([1, cg, 3, 3], new Array(cg * 9).fill(-128), 'int8');
  const w = arr([1, cg, 3, 3], new Array(cg * 9).fill(-128), 'int8');
  const got = run('conv2dInt8', [x, w], base);
  assert.deepEqual(Array.from(got.data), [cg * 9 * 16384]);
  assert.ok(got.data[0]! > 2 ** 31 - 2 ** 17);
});

test('conv2dInt8 op: matches the brute force and pads with padValue', () => {
  const rng = new Rng(11);
  const x = randomInt8(rng, [1, 4, 5, 6]), w = randomInt8(rng, [6, 2, 3, 3]);
  const p: Conv2dInt8Params = { stride: [2, 1], pad: [1, 0, 1, 2], dilation: [1, 1], groups: 2, padValue: -9 };
  const want = bruteConv(x, w, p);
  const y = conv2dInt8(tensor(x.data, x.shape, 'int8'), tensor(w.data, w.shape, 'int8'), { stride: [2, 1], pad: [1, 0, 1, 2], groups: 2, padValue: -9 });
  assert.equal(y.dtype, 'int32');
  assert.deepEqual(y.shape, want.shape);
  assert.deepEqual(Array.from(y.toArray() as ArrayLike<number>), want.data);
});

test('conv1dInt8 op: the 1-D convolution of [N, C, W] as NC1W, with asymmetric pads, stride, dilation and groups', () => {
  const rng = new Rng(12);
  const x1 = randomInt8(rng, [2, 4, 13]), w1 = randomInt8(rng, [6, 2, 3]);
  // The same data as an image of height 1 gives the expected 1-D result.
  const x = arr([2, 4, 1, 13], x1.data, 'int8'), w = arr([6, 2, 1, 3], w1.data, 'int8');
  const want = bruteConv(x, w, { stride: [1, 2], pad: [0, 2, 0, 1], dilation: [1, 2], groups: 2, padValue: 55 });
  const y = conv1dInt8(tensor(x1.data, x1.shape, 'int8'), tensor(w1.data, w1.shape, 'int8'), { stride: 2, pad: [2, 1], dilation: 2, groups: 2, padValue: 55 });
  assert.deepEqual(y.shape, [want.shape[0], want.shape[1], want.shape[3]]);
  assert.deepEqual(Array.from(y.toArray() as ArrayLike<number>), want.data);
  // A hand case: x = [1, 2, 3], w = [1, 1], pad 1 each side with padValue 10 -> [10+1, 1+2, 2+3, 3+10].
  const h = conv1dInt8(tensor(new Int8Array([1, 2, 3]), [1, 1, 3], 'int8'), tensor(new Int8Array([1, 1]), [1, 1, 2], 'int8'), { pad: 1, padValue: 10 });
  assert.deepEqual(Array.from(h.toArray() as ArrayLike<number>), [11, 3, 5, 13]);
});

test('the int8 conv ops name the argument at fault', () => {
  const x = tensor(new Int8Array(16), [1, 1, 4, 4], 'int8');
  const w = tensor(new Int8Array(9), [1, 1, 3, 3], 'int8');
  assert.throws(() => conv2dInt8(tensor(new Float32Array(16), [1, 1, 4, 4]), w), /conv2dInt8: x must be int8 \[N, C, H, W\], got float32\[1, 1, 4, 4\]/);
  assert.throws(() => conv2dInt8(x, tensor(new Int8Array(9), [1, 9], 'int8')), /conv2dInt8: w must be int8 \[Cout, Cin\/groups, kh, kw\], got int8\[1, 9\]/);
  assert.throws(() => conv2dInt8(x, w, { padValue: 128 }), /conv2dInt8: padValue must be an integer in \[-128, 127\].*got 128/);
  assert.throws(() => conv2dInt8(x, w, { padValue: 0.5 }), /padValue/);
  assert.throws(() => conv2dInt8(x, w, { stride: 0 }), /conv2dInt8 stride: expected a positive integer/);
  assert.throws(() => conv1dInt8(x, w), /conv1dInt8: x must be int8 \[N, C, W\]/);
  assert.throws(() => conv1dInt8(tensor(new Int8Array(4), [1, 1, 4], 'int8'), tensor(new Int8Array(3), [1, 1, 3], 'int8'), { padValue: -129 }), /conv1dInt8: padValue/);
});

test('conv2dInt8 shape rule: dtypes, ranks, groups, padValue and the int32 overflow bound', () => {
  const spec = (shape: number[], dtype: 'int8' | 'int32' | 'float32' = 'int8') => ({ shape, dtype });
  assert.deepEqual(inferOutput('conv2dInt8', [spec([2, 4, 8, 8]), spec([6, 2, 3, 3])], { ...base, stride: [2, 2], pad: [1, 1, 1, 1], groups: 2 }), { shape: [2, 6, 4, 4], dtype: 'int32' });
  const rejects = (inputs: { shape: number[]; dtype: 'int8' | 'int32' | 'float32' }[], p: Conv2dInt8Params, err: RegExp) =>
    assert.throws(() => inferOutput('conv2dInt8', inputs, p), err);
  rejects([spec([1, 1, 4, 4], 'float32'), spec([1, 1, 3, 3])], base, /conv2dInt8: x must be int8, got float32/);
  rejects([spec([1, 1, 4, 4]), spec([1, 1, 3, 3], 'int32')], base, /conv2dInt8: w must be int8, got int32/);
  rejects([spec([1, 4, 4]), spec([1, 1, 3, 3])], base, /conv2dInt8: x must have rank 4/);
  rejects([spec([1, 3, 4, 4]), spec([2, 2, 3, 3])], base, /input has 3 channels but weight expects 2/);
  rejects([spec([1, 1, 4, 4]), spec([1, 1, 3, 3])], { ...base, padValue: -129 }, /conv2dInt8: padValue must be in \[-128, 127\], got -129/);
  rejects([spec([1, 1, 4, 4]), spec([1, 1, 3, 3])], { ...base, padValue: 1.5 }, /conv2dInt8: padValue must be an integer/);
  rejects([spec([1, 1, 2, 2]), spec([1, 1, 3, 3])], base, /height window .* exceeds the padded input/);
  assert.equal(MAX_INT8_DOT_LENGTH, 131071);
  const longest = MAX_INT8_DOT_LENGTH;
  assert.deepEqual(inferOutput('conv2dInt8', [spec([1, longest, 1, 1]), spec([1, longest, 1, 1])], base).shape, [1, 1, 1, 1]);
  rejects([spec([1, longest + 1, 1, 1]), spec([1, longest + 1, 1, 1])], base, /131072 int8 products, more than the 131071 .* fit int32/);
  rejects([spec([1, 8192, 4, 4]), spec([1, 8192, 4, 4])], base, /8192·4·4 = 131072/);
});
