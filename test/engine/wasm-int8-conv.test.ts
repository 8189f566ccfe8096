/**
 * conv2dInt8 on the wasm backend (the int8 GEMM on panels packed from the image, and
 * the direct depthwise kernel) against the reference backend, exactly: the
 * named cases of int8-conv.test.ts, ResNet-8 layers, K past the GEMM's 512
 * block, depthwise windows on both loop orders, the overflow bound, and
 * seeded random geometries.
 */
import { test } from 'node:test';
import type { Conv2dInt8Params } from '../../src/engine/primitives.js';
import { windowOutSize } from '../../src/engine/primitives.js';
import { MAX_INT8_DOT_LENGTH } from '../../src/engine/quantized-shape-rules.js';
import { checkAgainstReference, randomInt, randomInts } from './wasm-harness.js';

interface Case {
  readonly name: string;
  readonly x: number[];
  readonly w: number[];
  readonly p: Conv2dInt8Params;
}

const base = { stride: [1, 1], pad: [0, 0, 0, 0], dilation: [1, 1], groups: 1, padValue: 0 } as const;
const same3x3 = { ...base, pad: [1, 1, 1, 1] } as const;

const CASES: Case[] = [
  { name: 'ResNet-8 block layer [1,16,32,32] x [16,16,3,3]', x: [1, 16, 32, 32], w: [16, 16, 3, 3], p: { ...same3x3, padValue: -3 } },
  { name: 'ResNet-8 stem 3->16, batch 2', x: [2, 3, 32, 32], w: [16, 3, 3, 3], p: { ...same3x3, padValue: -128 } },
  { name: 'ResNet-8 downsample 16->32 stride 2', x: [1, 16, 32, 32], w: [32, 16, 3, 3], p: { ...same3x3, stride: [2, 2], padValue: 5 } },
  { name: 'ResNet-8 1x1 stride-2 shortcut', x: [2, 16, 32, 32], w: [32, 16, 1, 1], p: { ...base, stride: [2, 2] } },
  { name: '64 channels: K = 576 crosses the 512 K block', x: [2, 64, 8, 8], w: [64, 64, 3, 3], p: { ...same3x3, padValue: 17 } },
  { name: 'K = 513: a second K block of one odd row', x: [1, 57, 6, 9], w: [5, 57, 3, 3], p: { ...same3x3, padValue: -100 } },
  { name: '130 output channels: past the GEMM\'s 128-row M block', x: [2, 4, 5, 6], w: [130, 4, 3, 3], p: { ...same3x3, stride: [1, 2], padValue: 33 } },
  { name: '1x1 pointwise (no im2col)', x: [3, 17, 5, 7], w: [33, 17, 1, 1], p: base },
  { name: '1x1 grouped pointwise', x: [2, 8, 3, 5], w: [4, 2, 1, 1], p: { ...base, groups: 4 } },
  { name: 'asymmetric pads and strides', x: [1, 3, 13, 7], w: [5, 3, 3, 2], p: { ...base, stride: [2, 3], pad: [0, 2, 1, 1], padValue: -77 } },
  { name: 'dilation and stride', x: [1, 2, 15, 14], w: [3, 2, 3, 3], p: { ...base, stride: [2, 1], pad: [1, 0, 3, 2], dilation: [2, 3], padValue: 12 } },
  { name: 'groups 3 stride 2', x: [1, 9, 8, 7], w: [6, 3, 3, 3], p: { ...same3x3, stride: [2, 2], groups: 3, padValue: 1 } },
  { name: 'depthwise 3x3', x: [2, 8, 11, 13], w: [8, 1, 3, 3], p: { ...same3x3, groups: 8, padValue: -9 } },
  { name: 'depthwise multiplier 2, stride 2', x: [1, 3, 7, 33], w: [6, 1, 5, 3], p: { ...base, stride: [2, 2], pad: [2, 1, 2, 1], groups: 3, padValue: 127 } },
  // Depthwise kernels with kw >= 8 (dilation 1) loop over outputs, the rest over taps.
  { name: 'depthwise global pool 8x8 stride 8 (quantized ResNet-8 head)', x: [1, 64, 8, 8], w: [64, 1, 8, 8], p: { ...base, stride: [8, 8], groups: 64, padValue: -128 } },
  { name: 'depthwise 1-D global pool over 13 (quantized cnn1d head)', x: [2, 32, 1, 13], w: [32, 1, 1, 13], p: { ...base, stride: [1, 13], groups: 32, padValue: -128 } },
  { name: 'depthwise wide kernel over padding, multiplier 3, stride 2', x: [2, 4, 9, 21], w: [12, 1, 3, 19], p: { ...base, stride: [2, 2], pad: [1, 9, 2, 10], groups: 4, padValue: 100 } },
  { name: 'depthwise wide dilated kernel (taps order)', x: [1, 3, 6, 40], w: [3, 1, 2, 9], p: { ...base, pad: [1, 4, 0, 4], dilation: [2, 2], groups: 3, padValue: -50 } },
  { name: 'depthwise 3x3 on rows of 29 (SIMD runs and tails)', x: [1, 5, 17, 29], w: [5, 1, 3, 3], p: { ...same3x3, groups: 5, padValue: 77 } },
  { name: 'kernel larger than the image (padding only)', x: [1, 2, 2, 3], w: [3, 2, 5, 5], p: { ...base, pad: [2, 2, 2, 2], padValue: -1 } },
  { name: 'wide rows (two im2col bands)', x: [1, 32, 40, 70], w: [8, 32, 3, 3], p: { ...same3x3, padValue: 2 } },
];

for (const c of CASES) {
  test(`wasm conv2dInt8 equals the reference: ${c.name}`, () => {
    checkAgainstReference('conv2dInt8', [randomInts(c.x, 'int8', -128, 127), randomInts(c.w, 'int8', -128, 127)], c.p);
  });
}

test('wasm conv2dInt8: the longest allowed kernel of -128s sums exactly to just below 2^31', () => {
  const cg = Math.floor(MAX_INT8_DOT_LENGTH / 9);
  checkAgainstReference('conv2dInt8', [randomInts([1, cg, 3, 3], 'int8', -128, -128), randomInts([2, cg, 3, 3], 'int8', -128, -128)], base);
});

test('wasm depthwise conv2dInt8: the longest allowed window of -128s, partly padding, sums exactly', () => {
  // Σ over K = MAX_INT8_DOT_LENGTH taps of (-128)·(-128), 31071 of them padding cells holding -128.
  const K = MAX_INT8_DOT_LENGTH;
  checkAgainstReference('conv2dInt8', [randomInts([1, 2, 1, K - 31071], 'int8', -128, -128), randomInts([2, 1, 1, K], 'int8', -128, -128)], { ...base, pad: [0, 31071, 0, 0], groups: 2, padValue: -128 });
});

test('wasm conv2dInt8 equals the reference on 40 seeded random geometries', () => {
  for (let t = 0; t < 40; t++) {
    const groups = [1, 1, 1, 2, 3][randomInt(5)]!;
    const depthwise = randomInt(6) === 0;
    const cg = depthwise ? 1 : 1 + randomInt(9);
    const C = cg * (depthwise ? 1 + randomInt(6) : groups);
    const g = depthwise ? C : groups;
    const Co = g * (1 + randomInt(depthwise ? 2 : 7));
    const kh = 1 + randomInt(4), kw = 1 + randomInt(4);
    const dilation = [1 + randomInt(2), 1 + randomInt(2)] as const;
    const pad = [randomInt(3), randomInt(3), randomInt(3), randomInt(3)] as const;
    const stride = [1 + randomInt(3), 1 + randomInt(3)] as const;
    const H = Math.max(1, dilation[0] * (kh - 1) + 1 - pad[0] - pad[2]) + randomInt(12);
    const W = Math.max(1, dilation[1] * (kw - 1) + 1 - pad[1] - pad[3]) + randomInt(12);
    const p: Conv2dInt8Params = { stride, pad, dilation, groups: g, padValue: randomInt(256) - 128 };
    // The shapes above always leave at least one output position.
    if (windowOutSize(H, kh, stride[0], pad[0], pad[2], dilation[0]) < 1) throw new Error('bad test geometry');
    const x = randomInts([1 + randomInt(3), C, H, W], 'int8', -128, 127);
    const w = randomInts([Co, cg, kh, kw], 'int8', -128, 127);
    checkAgainstReference('conv2dInt8', [x, w], p);
  }
});
