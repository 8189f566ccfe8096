/**
 * conv2d, conv2dBackInput and conv2dBackFilter on the wasm backend against
 * the reference backend: im2col + GEMM, the 1x1 fast path and the direct
 * depthwise kernels, across strides, 4-sided pads, dilations and groups.
 */
import { test } from 'node:test';
import type { Conv2dParams, Pads2d, Pair } from '../../src/engine/primitives.js';
import { windowOutSize } from '../../src/engine/primitives.js';
import { checkAgainstReference, randomFloats } from './wasm-harness.js';

interface Case {
  readonly name: string;
  readonly N: number; readonly C: number; readonly H: number; readonly W: number;
  readonly Co: number; readonly k: Pair;
  readonly stride: Pair; readonly pad: Pads2d; readonly dilation: Pair; readonly groups: number;
}

const CASES: Case[] = [
  { name: '3x3 pad 1 (ResNet block)', N: 2, C: 16, H: 32, W: 32, Co: 16, k: [3, 3], stride: [1, 1], pad: [1, 1, 1, 1], dilation: [1, 1], groups: 1 },
  { name: 'stem 3->16', N: 3, C: 3, H: 17, W: 17, Co: 16, k: [3, 3], stride: [1, 1], pad: [1, 1, 1, 1], dilation: [1, 1], groups: 1 },
  { name: '3x3 stride 2', N: 2, C: 5, H: 9, W: 11, Co: 7, k: [3, 3], stride: [2, 2], pad: [1, 1, 1, 1], dilation: [1, 1], groups: 1 },
  { name: 'asymmetric pads and strides', N: 1, C: 3, H: 13, W: 7, Co: 5, k: [3, 2], stride: [2, 3], pad: [0, 2, 1, 1], dilation: [1, 1], groups: 1 },
  { name: 'dilation 2', N: 2, C: 4, H: 12, W: 10, Co: 6, k: [3, 3], stride: [1, 1], pad: [2, 2, 2, 2], dilation: [2, 2], groups: 1 },
  { name: 'dilation and stride', N: 1, C: 2, H: 15, W: 14, Co: 3, k: [3, 3], stride: [2, 1], pad: [1, 0, 3, 2], dilation: [2, 3], groups: 1 },
  { name: 'groups 2', N: 2, C: 6, H: 9, W: 9, Co: 4, k: [3, 3], stride: [1, 1], pad: [1, 1, 1, 1], dilation: [1, 1], groups: 2 },
  { name: 'groups 3 stride 2', N: 1, C: 9, H: 8, W: 7, Co: 6, k: [3, 3], stride: [2, 2], pad: [1, 1, 1, 1], dilation: [1, 1], groups: 3 },
  { name: '1x1 pointwise', N: 3, C: 17, H: 5, W: 7, Co: 33, k: [1, 1], stride: [1, 1], pad: [0, 0, 0, 0], dilation: [1, 1], groups: 1 },
  { name: '1x1 stride 2 shortcut', N: 2, C: 16, H: 16, W: 16, Co: 32, k: [1, 1], stride: [2, 2], pad: [0, 0, 0, 0], dilation: [1, 1], groups: 1 },
  { name: '1x1 grouped', N: 2, C: 8, H: 3, W: 5, Co: 4, k: [1, 1], stride: [1, 1], pad: [0, 0, 0, 0], dilation: [1, 1], groups: 4 },
  { name: 'depthwise 3x3', N: 2, C: 8, H: 11, W: 13, Co: 8, k: [3, 3], stride: [1, 1], pad: [1, 1, 1, 1], dilation: [1, 1], groups: 8 },
  { name: 'depthwise stride 2 dilation 2', N: 2, C: 5, H: 12, W: 9, Co: 5, k: [3, 3], stride: [2, 2], pad: [2, 1, 2, 2], dilation: [2, 2], groups: 5 },
  { name: 'depthwise multiplier 2', N: 1, C: 3, H: 7, W: 33, Co: 6, k: [5, 3], stride: [1, 1], pad: [2, 1, 2, 1], dilation: [1, 1], groups: 3 },
  { name: 'single channel, 1 pixel output', N: 4, C: 1, H: 3, W: 3, Co: 1, k: [3, 3], stride: [1, 1], pad: [0, 0, 0, 0], dilation: [1, 1], groups: 1 },
  { name: 'kernel larger than the image (padding only)', N: 1, C: 2, H: 2, W: 3, Co: 3, k: [5, 5], stride: [1, 1], pad: [2, 2, 2, 2], dilation: [1, 1], groups: 1 },
  { name: 'ResNet downsample 16->32 stride 2 (two im2col bands)', N: 2, C: 16, H: 32, W: 32, Co: 32, k: [3, 3], stride: [2, 2], pad: [1, 1, 1, 1], dilation: [1, 1], groups: 1 },
  { name: '8x8 64 channels', N: 2, C: 64, H: 8, W: 8, Co: 64, k: [3, 3], stride: [1, 1], pad: [1, 1, 1, 1], dilation: [1, 1], groups: 1 },
];

for (const c of CASES) {
  const params: Conv2dParams = { stride: c.stride, pad: c.pad, dilation: c.dilation, groups: c.groups };
  const Ho = windowOutSize(c.H, c.k[0], c.stride[0], c.pad[0], c.pad[2], c.dilation[0]);
  const Wo = windowOutSize(c.W, c.k[1], c.stride[1], c.pad[1], c.pad[3], c.dilation[1]);
  const x = randomFloats([c.N, c.C, c.H, c.W]);
  const w = randomFloats([c.Co, c.C / c.groups, c.k[0], c.k[1]]);
  const dy = randomFloats([c.N, c.Co, Ho, Wo]);
  // Sums of K = C/g*kh*kw (forward, back input: Co/g*taps) or N*Ho*Wo (filter) products of [-1, 1) values.
  const taps = (c.C / c.groups) * c.k[0] * c.k[1];
  test(`conv2d: ${c.name}`, () => {
    checkAgainstReference('conv2d', [x, w], params, { scale: Math.max(1, taps / 16) });
  });
  test(`conv2dBackInput: ${c.name}`, () => {
    checkAgainstReference('conv2dBackInput', [dy, w], { ...params, inputHW: [c.H, c.W] }, { scale: Math.max(1, (c.Co / c.groups) * c.k[0] * c.k[1] / 16) });
  });
  test(`conv2dBackFilter: ${c.name}`, () => {
    checkAgainstReference('conv2dBackFilter', [x, dy], { ...params, kernelHW: c.k }, { scale: Math.max(1, (c.N * Ho * Wo) / 16) });
  });
}

test('conv2d float64 falls back to the reference kernel', () => {
  const params: Conv2dParams = { stride: [1, 1], pad: [1, 1, 1, 1], dilation: [1, 1], groups: 1 };
  checkAgainstReference('conv2d', [randomFloats([1, 2, 5, 5], 'float64'), randomFloats([3, 2, 3, 3], 'float64')], params, { rtol: 1e-12, native: false });
});
