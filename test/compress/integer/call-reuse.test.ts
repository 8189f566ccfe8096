/**
 * The integer layers build their conv and requantize options once per
 * parameter set and input size and reuse them on later calls. These check
 * that the reuse never leaks from one call to the next: a new input size
 * (cnn1d's stride-2 'same' pads and its global pool's divisor depend on the
 * length) and a nested model's width switch (each width has its own input
 * zero points, the conv's pad value, where calibration gives them) give
 * what a model that never ran before gives.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randn, Rng, tensor, tidy } from '../../../src/engine/index.js';
import { buildNestedModel, Int8Weights, PerWidth, PrecisionState, QConv, quantizeModel, weightedParams } from '../../../src/compress/integer/index.js';
import { int8Output, makeModel, normalBatches, settleBatchNorm, SMALL_ZOO } from './helpers.js';

const CNN1D = SMALL_ZOO[1]!;
const RESNET8 = SMALL_ZOO[0]!;

test('an int8 cnn1d called on 26 then 27 samples then 26 again matches fresh models at each length', () => {
  const model = makeModel(CNN1D);
  const rng = new Rng(11);
  settleBatchNorm(model, rng, CNN1D.inputShape);
  const batches = normalBatches(rng, CNN1D.inputShape, 2, 16);
  const build = () => quantizeModel(model, batches, { inputShape: CNN1D.inputShape });
  const x26 = randn([4, 3, 26], rng);
  const x27 = randn([4, 3, 27], rng);
  const fresh26 = int8Output(build(), x26);
  const fresh27 = int8Output(build(), x27);
  assert.notDeepEqual(fresh26, fresh27);
  const q = build();
  assert.deepEqual(int8Output(q, x26), fresh26);
  assert.deepEqual(int8Output(q, x27), fresh27, 'after a call at 26 samples');
  assert.deepEqual(int8Output(q, x26), fresh26, 'after a call at 27 samples');
});

test('a QConv whose input zero point differs by width pads with the active width\'s zero point after a switch', () => {
  // One 3×3 kernel of ones over a 3×3 map with one cell of padding: the corner outputs sum 5 padded cells.
  const weights = new Int8Array(9).fill(1);
  const make = (zeroPoint: number) =>
    weightedParams({
      input: { scale: 0.5, zeroPoint },
      output: { scale: 0.25, zeroPoint: 0 },
      weightScale: Float32Array.of(0.1),
      bias: [0],
      weights,
      activation: null,
    });
  const geometry = { dims: 2, kernel: [3, 3], stride: [1, 1], dilation: [1, 1], groups: 1, padding: [1, 1, 1, 1] } as const;
  const layer = (state: PrecisionState) => new QConv(geometry, 1, new Int8Weights(weights, [1, 1, 3, 3]), new PerWidth(state, new Map([[8, make(-20)], [4, make(30)]])));
  const x = tensor(Int8Array.from([-20, 0, 20, 40, 60, 80, 100, 120, 30]), [1, 1, 3, 3], 'int8');
  const run = (m: QConv) => tidy(() => Array.from(m.call(x).toArray()));

  const fresh4 = new PrecisionState([8, 4], 4);
  const want4 = run(layer(fresh4));
  const fresh8 = new PrecisionState([8, 4], 8);
  const want8 = run(layer(fresh8));
  assert.notDeepEqual(want4, want8);
  const state = new PrecisionState([8, 4], 8);
  const used = layer(state);
  assert.deepEqual(run(used), want8);
  state.setBits(4);
  assert.deepEqual(run(used), want4, 'after an 8-bit call');
  state.setBits(8);
  assert.deepEqual(run(used), want8, 'after a 4-bit call');
});

test('a nested ResNet-8 switched to 4 bits after an 8-bit call matches one that ran at 4 bits only', () => {
  const model = makeModel(RESNET8);
  const rng = new Rng(12);
  settleBatchNorm(model, rng, RESNET8.inputShape);
  const batches = normalBatches(rng, RESNET8.inputShape, 3, 16);
  const build = () => buildNestedModel(model, batches, { inputShape: RESNET8.inputShape });
  const x = randn([4, ...RESNET8.inputShape], rng);
  const at4 = build();
  at4.setBits(4);
  const want4 = int8Output(at4, x);
  const used = build();
  const got8 = int8Output(used, x);
  used.setBits(4);
  assert.deepEqual(int8Output(used, x), want4);
  at4.setBits(8);
  assert.deepEqual(int8Output(at4, x), got8, 'and back: 8 bits after a 4-bit call');
});
