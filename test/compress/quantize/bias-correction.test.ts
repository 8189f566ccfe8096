/**
 * Empirical bias correction: for a Linear the expected output error has the
 * closed form (W_q − W)·E[x]; for convolutions (padded borders, strides) the
 * test measures the corrected layer against the float one: after the
 * correction the mean output error per channel over the calibration data is
 * ~0, where before it was clearly not.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { noGrad, randn, Rng, tidy, type Tensor } from '../../../src/engine/index.js';
import { Conv1d, Conv2d, Linear } from '../../../src/nn/index.js';
import { correctBias, expectedOutputError } from '../../../src/compress/quantize/bias-correction.js';
import { dequantizeArray, quantizeArray, symmetricPerChannel } from '../../../src/compress/quantize/qparams.js';
import { copyWithBias, outputChannelAxis, type WeightedLayer } from '../../../src/compress/quantize/weighted-layer.js';

function dequantizedWeight(layer: WeightedLayer, bits: number): Float32Array {
  const w = layer.weight.toArray() as Float32Array;
  const p = symmetricPerChannel(w, layer.weight.shape, bits);
  return dequantizeArray(quantizeArray(w, p, layer.weight.shape), p, layer.weight.shape);
}

/** Mean of (a(x) − b(x)) per output channel over the inputs, computed in the test. */
function meanChannelDifference(a: WeightedLayer, b: WeightedLayer, inputs: Tensor[]): number[] {
  const sums: number[] = [];
  const counts: number[] = [];
  noGrad(() =>
    tidy(() => {
      for (const x of inputs) {
        const ya = a.call(x).toArray();
        const yb = b.call(x);
        const axis = outputChannelAxis(a, yb.rank);
        const channels = yb.shape[axis]!;
        const inner = yb.shape.slice(axis + 1).reduce((p, d) => p * d, 1);
        yb.toArray().forEach((v, i) => {
          const c = Math.floor(i / inner) % channels;
          sums[c] = (sums[c] ?? 0) + ya[i]! - v;
          counts[c] = (counts[c] ?? 0) + 1;
        });
      }
    }),
  );
  return sums.map((s, c) => s / counts[c]!);
}

/** Inputs with a non-zero mean, so the weight error has a biased effect. */
function inputs(rng: Rng, shape: number[], count: number): Tensor[] {
  return Array.from({ length: count }, () => tidy(() => randn(shape, rng).add(0.8)));
}

test('for a Linear the expected error is (W_q − W)·E[x], the closed form', () => {
  const rng = new Rng(18);
  const layer = new Linear(6, 4, { rng });
  const xs = inputs(rng, [10, 6], 3);
  const wq = dequantizedWeight(layer, 3);
  const w = layer.weight.toArray();
  const mean = new Float64Array(6);
  for (const x of xs) x.toArray().forEach((v, i) => (mean[i % 6] = mean[i % 6]! + v / 30));
  const want = Array.from({ length: 4 }, (_, o) => mean.reduce((acc, m, k) => acc + (wq[o * 6 + k]! - w[o * 6 + k]!) * m, 0));
  const got = expectedOutputError(layer, wq, xs);
  got.forEach((g, o) => assert.ok(Math.abs(g - want[o]!) < 1e-6, `channel ${o}: ${g} vs ${want[o]}`));
  const bias = layer.bias!.toArray();
  assert.deepEqual(Array.from(correctBias(layer, wq, xs)), Array.from(got, (e, o) => Math.fround(bias[o]! - e)));
});

const cases: [string, () => WeightedLayer, number[]][] = [
  ['Conv2d, padded 3×3', () => new Conv2d(3, 5, 3, { padding: 1, rng: new Rng(19) }), [2, 3, 6, 6]],
  ['Conv2d, stride 2 "same", no bias', () => new Conv2d(3, 4, 3, { stride: 2, padding: 'same', bias: false, rng: new Rng(20) }), [2, 3, 7, 7]],
  ['Conv1d, k5 "same"', () => new Conv1d(2, 6, 5, { padding: 'same', rng: new Rng(21) }), [3, 2, 9]],
  ['depthwise Conv2d', () => new Conv2d(4, 4, 3, { padding: 1, groups: 4, rng: new Rng(22) }), [2, 4, 5, 5]],
];

for (const [name, build, shape] of cases) {
  test(`${name}: after bias correction the mean output error per channel is ~0`, () => {
    const rng = new Rng(23);
    const layer = build();
    const xs = inputs(rng, shape, 4);
    const wq = dequantizedWeight(layer, 3);
    const quantized = copyWithBias(layer);
    quantized.weight.view().set(wq);
    const before = meanChannelDifference(quantized, layer, xs);
    const scale = Math.max(...before.map(Math.abs));
    assert.ok(scale > 1e-3, `the 3-bit weights bias the output (largest channel mean error ${scale})`);
    quantized.bias!.view().set(correctBias(layer, wq, xs));
    const after = meanChannelDifference(quantized, layer, xs);
    after.forEach((e, c) => assert.ok(Math.abs(e) < 1e-5 * Math.max(1, scale), `channel ${c}: mean error ${e} (before ${before[c]})`));
  });
}

test('expectedOutputError names a mis-sized weight and missing inputs', () => {
  const layer = new Linear(3, 2);
  assert.throws(() => expectedOutputError(layer, new Float32Array(5), []), /has 6 weights \[2, 3\], but the dequantized weight has 5/);
  assert.throws(() => expectedOutputError(layer, new Float32Array(6), []), /no inputs; pass at least one captured input batch of Linear/);
});
