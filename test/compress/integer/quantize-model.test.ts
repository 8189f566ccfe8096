/**
 * quantizeModel on the zoo models: the integer model tracks the float one,
 * leaves it untouched, reports its MACs and bytes by precision, and each
 * option (calibration method, weight bits, bias correction) does what it says.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randn, Rng } from '../../../src/engine/index.js';
import { Linear, Sequential, summarize } from '../../../src/nn/index.js';
import { INPUT_POINT } from '../../../src/compress/integer/float-pass.js';
import { macsByPrecision, QLinear, quantizedSize, quantizeModel, type QuantizedModel } from '../../../src/compress/integer/index.js';
import { centredRelativeError, floatOutput, makeModel, normalBatches, settleBatchNorm, SMALL_ZOO, top1Agreement } from './helpers.js';

const CNN1D = SMALL_ZOO[1]!;

/** Error bound of int8 against float, relative to how much the outputs vary (observed 0.04-0.07). */
const INT8_CENTRED_ERROR = 0.15;
/** Top-1 agreement of int8 with float on 64 held-out inputs (observed 0.97-1.0). */
const INT8_AGREEMENT = 0.9;

for (const m of SMALL_ZOO) {
  test(`${m.name}: int8 model tracks the float model and leaves it untouched`, () => {
    const model = makeModel(m);
    const rng = new Rng(3);
    settleBatchNorm(model, rng, m.inputShape);
    const before = [...model.stateDict()].map(([k, t]) => [k, Array.from(t.toArray())] as const);
    const paths = model.namedModules().map(([p, mod]) => `${p}:${mod.typeName}:${mod.training}`);
    const q = quantizeModel(model, normalBatches(rng, m.inputShape, 4, 16), { inputShape: m.inputShape });
    assert.deepEqual([...model.stateDict()].map(([k, t]) => [k, Array.from(t.toArray())] as const), before, 'the float model is not written');
    assert.deepEqual(model.namedModules().map(([p, mod]) => `${p}:${mod.typeName}:${mod.training}`), paths, 'nor re-parented or re-moded');

    const x = randn([64, ...m.inputShape], rng);
    const want = floatOutput(model, x);
    const got = q.call(x).toArray();
    const classes = want.length / 64;
    const err = centredRelativeError(got, want, classes);
    const agree = top1Agreement(got, want, classes);
    assert.ok(err <= INT8_CENTRED_ERROR, `${m.name}: centred relative error ${err.toFixed(3)} > ${INT8_CENTRED_ERROR}`);
    assert.ok(agree >= INT8_AGREEMENT, `${m.name}: top-1 agreement ${agree} < ${INT8_AGREEMENT}`);

    // The summary sees int8 weights: every MAC of the float model, now int8.
    const floatMacs = summarize(model, m.inputShape).totalMacs;
    assert.deepEqual(summarize(q, m.inputShape).macsByPrecision, { int8: floatMacs });
    assert.deepEqual(macsByPrecision(q), { int8: floatMacs });
  });
}

test('int4/int2 weights are stored packed, counted so, and reported as int4/int2 MACs', () => {
  const model = makeModel(CNN1D);
  const rng = new Rng(4);
  settleBatchNorm(model, rng, CNN1D.inputShape);
  const q = quantizeModel(model, normalBatches(rng, CNN1D.inputShape, 2, 16), { inputShape: CNN1D.inputShape, weightBits: { 'block1.conv': 2, fc: 4 } });
  const size = quantizedSize(q);
  const weightsOf = (path: string) => size.layers.find((l) => l.path === path)!;
  // cnn1d (width 16): block1.conv 16·3·5 = 240, block2.conv 32·16·3 = 1536, fc 3·32 = 96 weights.
  assert.deepEqual([weightsOf('block1.conv').weightBytes, weightsOf('block2.conv').weightBytes, weightsOf('fc').weightBytes], [240 / 4, 1536, 96 / 2]);
  assert.deepEqual([weightsOf('block1.conv').weightBits, weightsOf('block2.conv').weightBits, weightsOf('fc').weightBits], [2, 8, 4]);
  const weightBuffer = (path: string) => q.stateDict().get(`${path}.weight`)!;
  assert.equal(weightBuffer('block1.conv').size, 60, 'the buffer the summary counts holds the packed bytes');
  // MACs per sample: block1 16·26·3·5, block2 32·13·16·3, fc 32·3.
  assert.deepEqual(macsByPrecision(q), { int2: 6240, int8: 19968, int4: 96 });
  const summary = summarize(q, CNN1D.inputShape);
  assert.equal(summary.layers.find((l) => l.name === 'block1.conv')!.paramBytes, 60 + 16 * 4, 'packed weights + int32 bias');
});

test('bias correction removes most of the mean output error that 4-bit weights cause', () => {
  for (const m of SMALL_ZOO) {
    const model = makeModel(m);
    const rng = new Rng(3);
    settleBatchNorm(model, rng, m.inputShape);
    const batches = normalBatches(rng, m.inputShape, 4, 16);
    const x = randn([64, ...m.inputShape], rng);
    const want = floatOutput(model, x);
    const classes = want.length / 64;
    const meanError = (q: QuantizedModel): number => {
      const y = q.call(x).toArray();
      const perClass = new Float64Array(classes);
      for (let i = 0; i < y.length; i++) perClass[i % classes]! += (y[i]! - want[i]!) / 64;
      return perClass.reduce((s, v) => s + Math.abs(v), 0) / classes;
    };
    const withCorrection = meanError(quantizeModel(model, batches, { inputShape: m.inputShape, weightBits: 4 }));
    const without = meanError(quantizeModel(model, batches, { inputShape: m.inputShape, weightBits: 4, biasCorrection: false }));
    // Observed: 2-3× smaller (resnet8 4.5e-3 vs 1.4e-2, cnn1d 7.4e-3 vs 1.2e-2, dscnn 5.2e-3 vs 1.1e-2).
    assert.ok(withCorrection < 0.8 * without, `${m.name}: mean |E[error]| ${withCorrection.toExponential(2)} with correction vs ${without.toExponential(2)} without`);
  }
});

test('every calibration method clips inside the observed min/max and gives a working model', () => {
  const model = makeModel(CNN1D);
  const rng = new Rng(6);
  settleBatchNorm(model, rng, CNN1D.inputShape);
  const batches = normalBatches(rng, CNN1D.inputShape, 4, 16);
  const x = randn([64, ...CNN1D.inputShape], rng);
  const want = floatOutput(model, x);
  const minmax = quantizeModel(model, batches, { inputShape: CNN1D.inputShape, calibration: 'minmax' });
  const ranges = minmax.info.calibrations[0]!.activations;
  // Observed centred errors: minmax 0.036, percentile 0.039, mse 0.037, entropy 0.31 (KL clips hard on 64 samples).
  for (const [method, bound] of [['percentile', 0.15], ['mse', 0.15], ['entropy', 0.6]] as const) {
    const q = quantizeModel(model, batches, { inputShape: CNN1D.inputShape, calibration: method });
    for (const [point, a] of q.info.calibrations[0]!.activations) {
      const r = ranges.get(point)!;
      assert.ok(a.scale <= r.scale * (1 + 1e-6), `${method} at ${point === INPUT_POINT ? 'the input' : point}: scale ${a.scale} > minmax ${r.scale}`);
    }
    const err = centredRelativeError(q.call(x).toArray(), want, 3);
    assert.ok(err <= bound, `${method}: centred error ${err.toFixed(3)} > ${bound}`);
  }
  assert.ok([...ranges.values()].every((a) => a.scale > 0 && a.zeroPoint >= -128 && a.zeroPoint <= 127));
});

test('groupSize: a scale per block of input features keeps the weights that a per-channel outlier would flush to zero', () => {
  const rng = new Rng(12);
  const fc = new Linear(64, 8, { rng });
  // One large weight per output row, in the first 16 inputs: per channel, the int4 grid is set by it.
  const w = fc.weight.toArray();
  for (let o = 0; o < 8; o++) w[o * 64 + (o % 16)] = 3;
  fc.weight.view().set(w);
  const model = new Sequential({ fc });
  const batches = normalBatches(rng, [64], 2, 32);
  const x = randn([64, 64], rng);
  const want = floatOutput(model, x);
  const build = (groupSize?: number) => quantizeModel(model, batches, { inputShape: [64], weightBits: 4, groupSize });
  const zerosBesideOutliers = (q: QuantizedModel) => {
    const values = (q.childNamed('fc') as QLinear).weights.values();
    return values.filter((v, i) => v === 0 && i % 64 !== Math.floor(i / 64) % 16).length / (values.length - 8);
  };
  const [perChannel, blocks] = [build(), build(16)];
  // Kaiming weights are below 1/8 in magnitude: under a per-channel grid of 3/7 nearly all round to 0.
  assert.ok(zerosBesideOutliers(perChannel) > 0.9, `per channel: ${zerosBesideOutliers(perChannel)} of the other weights are 0`);
  assert.ok(zerosBesideOutliers(blocks) < 0.3, `blocks of 16: ${zerosBesideOutliers(blocks)} of the other weights are 0`);
  const errorOf = (q: QuantizedModel) => centredRelativeError(q.call(x).toArray(), want, 8);
  assert.ok(errorOf(blocks) < 0.7 * errorOf(perChannel), `error ${errorOf(blocks).toFixed(3)} with blocks vs ${errorOf(perChannel).toFixed(3)} per channel`);
  const q = quantizeModel(model, batches, { inputShape: [64], weightBits: 4, groupSize: 16 });
  const size = quantizedSize(q).layers.find((l) => l.path === 'fc')!;
  assert.equal(size.weightBytes, (64 * 8) / 2, 'int4 values packed');
  assert.equal(size.parameterBytes, 8 * (16 + 4 * 12) + 16, 'per channel 16 B + 4 blocks × 12 B, per layer 16 B');
  assert.throws(() => quantizeModel(model, batches, { inputShape: [64], groupSize: 0 }), /options.groupSize must be a positive integer/);
});
