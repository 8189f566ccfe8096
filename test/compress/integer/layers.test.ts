/**
 * The quantized layers against references written out element by element:
 * convolution and linear layers against direct sums of (q_x − z_x)·q_w over
 * the unpadded taps with TFLite's fixed-point rescale (so the engine's
 * padding-with-the-zero-point and folded-bias trick is checked, not
 * assumed), the residual addition against TFLite's Add arithmetic spelled
 * out, pools against window sums, and every layer against the real-valued
 * computation within one output step. The rescale is TFLite's
 * single-rounding MultiplyByQuantizedMultiplier (`rescale` below), the form
 * the integer path uses (requant-math.ts, INTEGER_ROUNDING); the default
 * double-rounding form differs on some outputs of several cases here, so these
 * tests tell the two apart.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { multiplyByQuantizedMultiplierSingleRounding as rescale, quantizeMultiplier, Rng, tensor, tidy } from '../../../src/engine/index.js';
import { msbSlice } from '../../../src/compress/quantize/msb-slice.js';
import {
  activationClamp,
  addParams,
  DequantizeOutput,
  fixedParams,
  LEFT_SHIFT,
  msbSliceTensor,
  QAvgPool,
  QConv,
  QLinear,
  QMaxPool,
  quantizedAdd,
  QuantizeInput,
  storeWeights,
  weightedParams,
  type ActivationQuant,
} from '../../../src/compress/integer/index.js';
import type { ConvGeometry } from '../../../src/compress/integer/conv-geometry.js';

function randInt8(rng: Rng, n: number, lo = -128, hi = 127): Int8Array {
  return Int8Array.from({ length: n }, () => lo + rng.int(hi - lo + 1));
}

function clamp(v: number, lo: number, hi: number): number {
  return Math.min(Math.max(v, lo), hi);
}

interface ConvCase {
  n: number; c: number; h: number; w: number; co: number; groups: number;
  kh: number; kw: number; stride: [number, number]; pad: [number, number, number, number];
}

/** Direct int8 convolution: Σ over in-bounds taps of (x − z_x)·w, + b_q, TFLite's single-rounding rescale, + z_y, clamp. */
function referenceConv(x: Int8Array, wq: Int8Array, biasQ: Int32Array, k: ConvCase, inQ: ActivationQuant, m: { multiplier: readonly number[]; shift: readonly number[] }, outQ: ActivationQuant, lo: number, hi: number): number[] {
  const ho = Math.floor((k.h + k.pad[0] + k.pad[2] - k.kh) / k.stride[0]) + 1;
  const wo = Math.floor((k.w + k.pad[1] + k.pad[3] - k.kw) / k.stride[1]) + 1;
  const cg = k.c / k.groups;
  const out: number[] = [];
  for (let n = 0; n < k.n; n++) for (let o = 0; o < k.co; o++) for (let i = 0; i < ho; i++) for (let j = 0; j < wo; j++) {
    const g = Math.floor(o / (k.co / k.groups));
    let acc = biasQ[o]!;
    for (let ci = 0; ci < cg; ci++) for (let a = 0; a < k.kh; a++) for (let b = 0; b < k.kw; b++) {
      const y = i * k.stride[0] - k.pad[0] + a;
      const xx = j * k.stride[1] - k.pad[1] + b;
      if (y < 0 || y >= k.h || xx < 0 || xx >= k.w) continue;
      const xv = x[((n * k.c + g * cg + ci) * k.h + y) * k.w + xx]!;
      acc += (xv - inQ.zeroPoint) * wq[((o * cg + ci) * k.kh + a) * k.kw + b]!;
    }
    out.push(clamp(rescale(acc, m.multiplier[o]!, m.shift[o]!) + outQ.zeroPoint, lo, hi));
  }
  return out;
}

const CONV_CASES: readonly [string, ConvCase][] = [
  ['3×3 stride 2, asymmetric pads', { n: 2, c: 3, h: 7, w: 6, co: 4, groups: 1, kh: 3, kw: 3, stride: [2, 2], pad: [0, 0, 1, 1] }],
  ['depthwise 3×3, pads 1', { n: 1, c: 4, h: 5, w: 5, co: 4, groups: 4, kh: 3, kw: 3, stride: [1, 1], pad: [1, 1, 1, 1] }],
  ['grouped 1×2', { n: 2, c: 4, h: 3, w: 4, co: 6, groups: 2, kh: 1, kw: 2, stride: [1, 1], pad: [0, 1, 0, 0] }],
];

for (const [label, k] of CONV_CASES) {
  for (const activation of [null, 'relu', 'relu6'] as const) {
    test(`QConv (${label}, ${activation ?? 'no'} activation) equals the direct integer sum with TFLite's single-rounding rescale`, () => {
      const rng = new Rng(label.length * 7 + (activation?.length ?? 0));
      const inQ: ActivationQuant = { scale: Math.fround(0.02), zeroPoint: -17 };
      const outQ: ActivationQuant = { scale: Math.fround(0.03), zeroPoint: activation ? -128 : 5 };
      const cg = k.c / k.groups;
      const wq = randInt8(rng, k.co * cg * k.kh * k.kw, -127, 127);
      const weightScale = Float32Array.from({ length: k.co }, () => 0.002 + 0.004 * rng.next());
      const bias = Float32Array.from({ length: k.co }, () => rng.normal() * 0.5);
      const params = weightedParams({ input: inQ, output: outQ, weightScale, bias, weights: wq, activation });
      const geometry: ConvGeometry = { dims: 2, kernel: [k.kh, k.kw], stride: k.stride, dilation: [1, 1], groups: k.groups, padding: k.pad };
      const layer = new QConv(geometry, k.c, storeWeights(wq, [k.co, cg, k.kh, k.kw], 8), fixedParams(params));
      const x = randInt8(rng, k.n * k.c * k.h * k.w);
      const got = tidy(() => Array.from(layer.call(tensor(x, [k.n, k.c, k.h, k.w], 'int8')).toArray()));
      // The reference's bias has no zero-point term: it skips pads and subtracts z_x itself.
      const biasQ = Int32Array.from(bias, (b, c) => Math.round(b / (inQ.scale * weightScale[c]!)));
      const { min, max } = activationClamp(activation, outQ);
      assert.deepEqual(got, referenceConv(x, wq, biasQ, k, inQ, params, outQ, min, max));
      // And the reals: within one output step of act(conv(x_real, w_real) + b) rescaled and rounded.
      const reals = referenceConvReal(x, wq, bias, weightScale, k, inQ);
      const act = (v: number) => (activation === 'relu' ? Math.max(v, 0) : activation === 'relu6' ? clamp(v, 0, 6) : v);
      reals.forEach((r, i) => {
        const want = clamp(Math.round(act(r) / outQ.scale) + outQ.zeroPoint, min, max);
        assert.ok(Math.abs(got[i]! - want) <= 1, `output ${i}: ${got[i]} vs real-valued ${want}`);
      });
    });
  }
}

function referenceConvReal(x: Int8Array, wq: Int8Array, bias: Float32Array, ws: Float32Array, k: ConvCase, inQ: ActivationQuant): number[] {
  const ho = Math.floor((k.h + k.pad[0] + k.pad[2] - k.kh) / k.stride[0]) + 1;
  const wo = Math.floor((k.w + k.pad[1] + k.pad[3] - k.kw) / k.stride[1]) + 1;
  const cg = k.c / k.groups;
  const out: number[] = [];
  for (let n = 0; n < k.n; n++) for (let o = 0; o < k.co; o++) for (let i = 0; i < ho; i++) for (let j = 0; j < wo; j++) {
    const g = Math.floor(o / (k.co / k.groups));
    let acc = bias[o]!;
    for (let ci = 0; ci < cg; ci++) for (let a = 0; a < k.kh; a++) for (let b = 0; b < k.kw; b++) {
      const y = i * k.stride[0] - k.pad[0] + a;
      const xx = j * k.stride[1] - k.pad[1] + b;
      if (y < 0 || y >= k.h || xx < 0 || xx >= k.w) continue;
      acc += inQ.scale * (x[((n * k.c + g * cg + ci) * k.h + y) * k.w + xx]! - inQ.zeroPoint) * ws[o]! * wq[((o * cg + ci) * k.kh + a) * k.kw + b]!;
    }
    out.push(acc);
  }
  return out;
}

test('QConv 1-D runs as the 2-D layer on [N, C, 1, W]', () => {
  const rng = new Rng(4);
  const inQ: ActivationQuant = { scale: Math.fround(0.05), zeroPoint: 3 };
  const outQ: ActivationQuant = { scale: Math.fround(0.1), zeroPoint: -2 };
  const wq = randInt8(rng, 5 * 3 * 3, -127, 127);
  const params = fixedParams(weightedParams({ input: inQ, output: outQ, weightScale: new Float32Array(5).fill(0.01), bias: new Float32Array(5).fill(0.1), weights: wq, activation: null }));
  const g1: ConvGeometry = { dims: 1, kernel: [1, 3], stride: [1, 2], dilation: [1, 1], groups: 1, padding: [0, 1, 0, 1] };
  const one = new QConv(g1, 3, storeWeights(wq, [5, 3, 3], 8), params);
  const two = new QConv({ ...g1, dims: 2 }, 3, storeWeights(wq, [5, 3, 1, 3], 8), params);
  const x = randInt8(rng, 2 * 3 * 9);
  const y1 = tidy(() => one.call(tensor(x, [2, 3, 9], 'int8')));
  const y2 = tidy(() => two.call(tensor(x, [2, 3, 1, 9], 'int8')));
  assert.deepEqual(y1.shape, [2, 5, 5]);
  assert.deepEqual(Array.from(y1.toArray()), Array.from(y2.toArray()));
});

test('QConv names itself and the expected input when given a float or mis-shaped input', () => {
  const params = fixedParams(weightedParams({ input: { scale: 0.1, zeroPoint: 0 }, output: { scale: 0.1, zeroPoint: 0 }, weightScale: Float32Array.of(1), bias: [0], weights: Int8Array.of(1), activation: null }));
  const layer = new QConv({ dims: 2, kernel: [1, 1], stride: [1, 1], dilation: [1, 1], groups: 1, padding: [0, 0, 0, 0] }, 1, storeWeights(Int8Array.of(1), [1, 1, 1, 1], 8), params);
  assert.throws(() => layer.call(tensor(new Float32Array(4), [1, 1, 2, 2])), /QConv: input must be int8 \[N, 1, H, W\], got float32\[1, 1, 2, 2\]/);
  assert.throws(() => layer.call(tensor(new Int8Array(8), [1, 2, 2, 2], 'int8')), /input has 2 channels, expected 1/);
});

test('QLinear equals Σ (x − z)·w + b_q with per-channel single-rounding rescale, at 8, 4 and 2 bits (packed)', () => {
  const rng = new Rng(9);
  const inQ: ActivationQuant = { scale: Math.fround(0.04), zeroPoint: -128 };
  const outQ: ActivationQuant = { scale: Math.fround(0.05), zeroPoint: 11 };
  for (const bits of [8, 4, 2] as const) {
    const qmax = 2 ** (bits - 1) - 1;
    const wq = randInt8(rng, 7 * 10, -qmax, qmax);
    const weightScale = Float32Array.from({ length: 7 }, () => 0.01 + 0.02 * rng.next());
    const bias = Float32Array.from({ length: 7 }, () => rng.normal());
    const params = weightedParams({ input: inQ, output: outQ, weightScale, bias, weights: wq, activation: null });
    const layer = new QLinear(storeWeights(wq, [7, 10], bits), fixedParams(params));
    const x = randInt8(rng, 3 * 10);
    const got = Array.from(tidy(() => layer.call(tensor(x, [3, 10], 'int8')).toArray()));
    const want: number[] = [];
    for (let n = 0; n < 3; n++) for (let o = 0; o < 7; o++) {
      let acc = Math.round(bias[o]! / (inQ.scale * weightScale[o]!));
      for (let k = 0; k < 10; k++) acc += (x[n * 10 + k]! - inQ.zeroPoint) * wq[o * 10 + k]!;
      want.push(clamp(rescale(acc, params.multiplier[o]!, params.shift[o]!) + outQ.zeroPoint, -128, 127));
    }
    assert.deepEqual(got, want, `${bits} bits`);
    assert.equal(layer.weights.storedBytes, Math.ceil((70 * bits) / 8), `${bits}-bit weights are held packed`);
    assert.equal(layer.ownBuffers().find(([n]) => n === 'weight')![1].size, Math.ceil((70 * bits) / 8));
  }
});

test('blockwise QLinear: each block of inputs summed exactly, rescaled to the largest block scale, then requantized', () => {
  const rng = new Rng(10);
  const inQ: ActivationQuant = { scale: Math.fround(0.03), zeroPoint: 7 };
  const outQ: ActivationQuant = { scale: Math.fround(0.06), zeroPoint: -4 };
  const [out, inF, size] = [5, 10, 4];
  const count = Math.ceil(inF / size);
  const wq = randInt8(rng, out * inF, -7, 7);
  const blockScales = Float32Array.from({ length: out * count }, () => 0.005 + 0.03 * rng.next());
  const channelScale = Float32Array.from({ length: out }, (_, c) => Math.max(...blockScales.subarray(c * count, (c + 1) * count)));
  const bias = Float32Array.from({ length: out }, () => rng.normal() * 0.3);
  const params = weightedParams({ input: inQ, output: outQ, weightScale: channelScale, bias, weights: wq, activation: null, blocks: { size, count, kernelArea: 1, scales: blockScales } });
  const layer = new QLinear(storeWeights(wq, [out, inF], 4), fixedParams(params));
  const x = randInt8(rng, 3 * inF);
  const got = Array.from(tidy(() => layer.call(tensor(x, [3, inF], 'int8')).toArray()));
  const biasInt = params.bias.toArray();
  got.forEach((g, idx) => {
    const [n, o] = [Math.floor(idx / out), idx % out];
    let acc = biasInt[o]!;
    let real = bias[o]!;
    for (let k = 0; k < count; k++) {
      let part = 0;
      for (let i = k * size; i < Math.min((k + 1) * size, inF); i++) {
        part += x[n * inF + i]! * wq[o * inF + i]!;
        real += inQ.scale * (x[n * inF + i]! - inQ.zeroPoint) * blockScales[o * count + k]! * wq[o * inF + i]!;
      }
      const r = quantizeMultiplier(blockScales[o * count + k]! / channelScale[o]!);
      acc += rescale(part, r.multiplier, r.shift);
    }
    assert.equal(g, clamp(rescale(acc, params.multiplier[o]!, params.shift[o]!) + outQ.zeroPoint, -128, 127), `output ${idx}`);
    assert.ok(Math.abs(g - clamp(Math.round(real / outQ.scale) + outQ.zeroPoint, -128, 127)) <= 1, `output ${idx} within 1 step of the real value`);
  });
});

test("quantizedAdd is TFLite's int8 Add: offsets, << 20, per-input multipliers, output rescale, fused ReLU clamp", () => {
  const rng = new Rng(13);
  const a: ActivationQuant = { scale: Math.fround(0.021), zeroPoint: -5 };
  const b: ActivationQuant = { scale: Math.fround(0.047), zeroPoint: 30 };
  const out: ActivationQuant = { scale: Math.fround(0.05), zeroPoint: -128 };
  const p = addParams(a, b, out, 'relu');
  const xa = randInt8(rng, 200);
  const xb = randInt8(rng, 200);
  const got = Array.from(tidy(() => quantizedAdd(tensor(xa, [2, 100], 'int8'), tensor(xb, [2, 100], 'int8'), p).toArray()));
  const twiceMax = 2 * Math.max(a.scale, b.scale);
  const ma = quantizeMultiplier(a.scale / twiceMax);
  const mb = quantizeMultiplier(b.scale / twiceMax);
  const mo = quantizeMultiplier(twiceMax / (2 ** LEFT_SHIFT * out.scale));
  got.forEach((g, i) => {
    const sa = rescale((xa[i]! - a.zeroPoint) * 2 ** LEFT_SHIFT, ma.multiplier, ma.shift);
    const sb = rescale((xb[i]! - b.zeroPoint) * 2 ** LEFT_SHIFT, mb.multiplier, mb.shift);
    const want = clamp(rescale(sa + sb, mo.multiplier, mo.shift) + out.zeroPoint, out.zeroPoint, 127);
    assert.equal(g, want, `element ${i}`);
    const real = Math.max(a.scale * (xa[i]! - a.zeroPoint) + b.scale * (xb[i]! - b.zeroPoint), 0);
    assert.ok(Math.abs(g - clamp(Math.round(real / out.scale) + out.zeroPoint, -128, 127)) <= 1, `element ${i} is within 1 step of the real sum`);
  });
});

test('QAvgPool: window sums are exact and the mean is within one step of the real mean (global and windowed, 1-D and 2-D)', () => {
  const rng = new Rng(21);
  const input: ActivationQuant = { scale: Math.fround(0.03), zeroPoint: -100 };
  const output: ActivationQuant = { scale: Math.fround(0.011), zeroPoint: -128 };
  const params = fixedParams({ input, output });
  const x = randInt8(rng, 2 * 3 * 5 * 4);
  const cases: [QAvgPool, number[], (n: number, c: number, o: number) => number[]][] = [
    [new QAvgPool(2, null, params), [2, 3, 5, 4], (n, c) => Array.from({ length: 20 }, (_, i) => (n * 3 + c) * 20 + i)],
    // 2×2 windows, stride 2, over 5×4: the last row is left out, as the float pool does.
    [new QAvgPool(2, { kernel: [2, 2], stride: [2, 2], pad: [0, 0, 0, 0] }, params), [2, 3, 5, 4], (n, c, o) => {
      const [i, j] = [Math.floor(o / 2), o % 2];
      return [0, 1, 4, 5].map((d) => (n * 3 + c) * 20 + i * 8 + j * 2 + d);
    }],
    [new QAvgPool(1, null, params), [2, 3, 20], (n, c) => Array.from({ length: 20 }, (_, i) => (n * 3 + c) * 20 + i)],
  ];
  for (const [pool, shape, windowOf] of cases) {
    const y = tidy(() => pool.call(tensor(x, shape, 'int8')));
    const got = y.toArray();
    const perChannel = got.length / 6;
    const count = windowOf(0, 0, 0).length;
    const { multiplier, shift } = quantizeMultiplier(input.scale / (count * output.scale));
    for (let n = 0; n < 2; n++) for (let c = 0; c < 3; c++) for (let o = 0; o < perChannel; o++) {
      const cells = windowOf(n, c, o);
      const sum = cells.reduce((s, i) => s + x[i]!, 0);
      const g = got[(n * 3 + c) * perChannel + o]!;
      assert.equal(g, clamp(rescale(sum - count * input.zeroPoint, multiplier, shift) + output.zeroPoint, -128, 127));
      const realMean = (input.scale * (sum - count * input.zeroPoint)) / count;
      assert.ok(Math.abs(g - clamp(Math.round(realMean / output.scale) + output.zeroPoint, -128, 127)) <= 1);
    }
  }
  assert.deepEqual(tidy(() => new QAvgPool(2, null, params).call(tensor(x, [2, 3, 5, 4], 'int8')).shape), [2, 3]);
});

test('QMaxPool is the max of the int8 values in each window (padding never wins)', () => {
  const rng = new Rng(5);
  const x = randInt8(rng, 1 * 2 * 4 * 4);
  const pool = new QMaxPool(2, { kernel: [3, 3], stride: [2, 2], pad: [1, 1, 1, 1] });
  const y = tidy(() => pool.call(tensor(x, [1, 2, 4, 4], 'int8')));
  assert.equal(y.dtype, 'int8');
  const got = y.toArray();
  for (let c = 0; c < 2; c++) for (let i = 0; i < 2; i++) for (let j = 0; j < 2; j++) {
    let m = -Infinity;
    for (let a = -1; a <= 1; a++) for (let b = -1; b <= 1; b++) {
      const [r, s] = [2 * i + a, 2 * j + b];
      if (r >= 0 && r < 4 && s >= 0 && s < 4) m = Math.max(m, x[c * 16 + r * 4 + s]!);
    }
    assert.equal(got[c * 4 + i * 2 + j], m);
  }
});

test('QuantizeInput rounds x / s half to even and saturates; DequantizeOutput inverts it exactly on the grid', () => {
  const q: ActivationQuant = { scale: Math.fround(0.5), zeroPoint: -3 };
  const quantize = new QuantizeInput(fixedParams(q));
  // x / s = 0.5, 1.5, 2.5, -0.5, -1.5, 1000, -1000.
  const x = Float32Array.of(0.25, 0.75, 1.25, -0.25, -0.75, 500, -500);
  const got = Array.from(tidy(() => quantize.call(tensor(x, [7])).toArray()));
  assert.deepEqual(got, [0 - 3, 2 - 3, 2 - 3, 0 - 3, -2 - 3, 127, -128]);
  const back = Array.from(tidy(() => new DequantizeOutput(fixedParams(q)).call(tensor(Int8Array.of(-3, -1, 127), [3], 'int8')).toArray()));
  assert.deepEqual(back, [0, 1, 65]);
});

test("msbSliceTensor (primitives) equals hD's msbSlice on every int8 value, at every width", () => {
  const all = Int8Array.from({ length: 256 }, (_, i) => i - 128);
  for (let bits = 2; bits <= 8; bits++) {
    const got = tidy(() => Array.from(msbSliceTensor(tensor(all, [256], 'int8'), bits).toArray()));
    assert.deepEqual(got, Array.from(msbSlice(all, bits)), `${bits} bits`);
  }
});
