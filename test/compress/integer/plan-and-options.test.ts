/** The fusion plan of the zoo models, and the errors given before any work for what cannot be quantized. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randn, Rng } from '../../../src/engine/index.js';
import { BatchNorm2d, Conv2d, GlobalAvgPool, Linear, ReLU, Sequential, Sigmoid } from '../../../src/nn/index.js';
import { buildNestedModel, planQuantization, quantizeModel, weightedGroups } from '../../../src/compress/integer/index.js';
import { makeModel, SMALL_ZOO } from './helpers.js';

const [RESNET8, CNN1D, DSCNN] = SMALL_ZOO as [typeof SMALL_ZOO[0], typeof SMALL_ZOO[0], typeof SMALL_ZOO[0]];

test('resnet8: every conv absorbs its BatchNorm and ReLU; residual ReLUs fuse into the additions', () => {
  const groups = weightedGroups(planQuantization(makeModel(RESNET8)));
  const summary = groups.map((g) => `${g.path}:${g.batchNorm ? 'bn' : '-'}:${g.activation ?? '-'}`);
  assert.deepEqual(summary, [
    'stem.conv:bn:relu',
    'stack1.main.conv1:bn:relu', 'stack1.main.conv2:bn:-',
    'stack2.main.conv1:bn:relu', 'stack2.main.conv2:bn:-', 'stack2.shortcut:-:-',
    'stack3.main.conv1:bn:relu', 'stack3.main.conv2:bn:-', 'stack3.shortcut:-:-',
    'fc:-:-',
  ]);
  const plan = planQuantization(makeModel(RESNET8));
  assert.equal(plan.kind, 'sequence');
  const stack1 = plan.kind === 'sequence' ? plan.children.find((c) => c.name === 'stack1')!.node : null;
  assert.ok(stack1?.kind === 'residual' && stack1.activation === 'relu' && stack1.shortcut === null);
});

test('dscnn: dropout disappears and depthwise and pointwise convs both fuse', () => {
  const groups = weightedGroups(planQuantization(makeModel(DSCNN)));
  assert.deepEqual(groups.map((g) => g.path), ['stem.conv', 'block1.dw', 'block1.pw', 'block2.dw', 'block2.pw', 'fc']);
  assert.ok(groups.slice(0, 5).every((g) => g.batchNorm !== null && g.activation === 'relu'));
});

test('unsupported layers are all named with their path and type before any work', () => {
  const model = new Sequential({
    conv: new Conv2d(1, 2, 3),
    act: new Sigmoid(),
    pool: new GlobalAvgPool(),
    bn: new BatchNorm2d(2),
    fc: new Linear(2, 2),
  });
  const err = (() => {
    try {
      quantizeModel(model, [], { inputShape: [1, 8, 8] });
    } catch (e) {
      return e as Error;
    }
    return null;
  })();
  assert.ok(err, 'expected an error');
  assert.match(err.message, /2 layers cannot be quantized/);
  assert.match(err.message, /Sigmoid "act" is not supported/);
  assert.match(err.message, /BatchNorm2d "bn" is not supported: a BatchNorm is only supported right after a Conv1d\/Conv2d\/Linear/);
});

test('a stray ReLU (not after a conv/linear) is named as unsupported', () => {
  const model = new Sequential({ pool: new GlobalAvgPool(), relu: new ReLU(), fc: new Linear(1, 2) });
  assert.throws(() => planQuantization(model), /ReLU "relu" is not supported: ReLU\/ReLU6 are only supported right after/);
});

test('calibration data of the wrong shape is rejected naming the expected shape', () => {
  const model = makeModel(CNN1D);
  const rng = new Rng(1);
  assert.throws(
    () => quantizeModel(model, [randn([4, 3, 26], rng), randn([4, 3, 20], rng)], { inputShape: [3, 26] }),
    /calibrationBatches\[1\] is float32\[4, 3, 20\], expected float32 \[N, 3, 26\]/,
  );
  assert.throws(() => quantizeModel(model, [], { inputShape: [3, 26] }), /calibrationBatches is empty/);
  assert.throws(() => buildNestedModel(model, [randn([4, 26], rng)], { inputShape: [3, 26] }), /calibrationBatches\[0\] is float32\[4, 26\], expected float32 \[N, 3, 26\]/);
});

test('a layer that gets the wrong input during calibration is named with its path', () => {
  const model = new Sequential({ conv: new Conv2d(1, 2, 3), pool: new GlobalAvgPool(), fc: new Linear(3, 2) });
  assert.throws(() => quantizeModel(model, [randn([2, 1, 6, 6], new Rng(1))], { inputShape: [1, 6, 6] }), /Linear "fc": input has shape \[2, 2\]; the integer path needs \[N, 3\]/);
});

test('options are checked by name: weightBits paths and values, calibration method, bits of a nested model', () => {
  const model = makeModel(CNN1D);
  const data = [randn([4, 3, 26], new Rng(2))];
  assert.throws(() => quantizeModel(model, data, { inputShape: [3, 26], weightBits: { 'block9.conv': 4 } }), /options.weightBits names "block9.conv", which is not a Conv1d\/Conv2d\/Linear of the model; layers: block1.conv, block2.conv, fc/);
  assert.throws(() => quantizeModel(model, data, { inputShape: [3, 26], weightBits: 3 as 8 }), /options.weightBits must be 8, 4 or 2/);
  assert.throws(() => quantizeModel(model, data, { inputShape: [3, 26], calibration: 'kl' as 'entropy' }), /options.calibration must be one of minmax, percentile, entropy, mse/);
  assert.throws(() => quantizeModel(model, data, { inputShape: [0, 26] }), /options.inputShape must list positive integers/);
  assert.throws(() => buildNestedModel(model, data, { inputShape: [3, 26], bits: [4, 2] }), /options.bits must include 8/);
  const calibrated = quantizeModel(model, data, { inputShape: [3, 26] }).info.calibrations[0]!;
  assert.throws(() => quantizeModel(model, [], { inputShape: [3, 26], weightBits: 4, calibrated }), /options.calibrated does not match the weights of "block1.conv", "block2.conv", "fc"/);
});
