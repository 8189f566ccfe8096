/**
 * Quantization-aware training: a float model trained on a tiny synthetic
 * task loses accuracy when its weights are cut to 2 bits; a short fine-tune
 * through fake quantization lowers the fake-quantized model's loss again,
 * because the straight-through gradients reach the float weights. The
 * rewrite keeps the state-dict names, learns activation ranges by EMA in
 * training mode only, and strips back to the float layers.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { noGrad, Rng, tensor, tidy } from '../../../src/engine/index.js';
import { BatchNorm1d, Linear, ReLU, Sequential, type Module } from '../../../src/nn/index.js';
import { crossEntropy, SGD, type Batch } from '../../../src/train/index.js';
import { calibrateActivations } from '../../../src/compress/quantize/calibration/calibrate-activations.js';
import { FakeQuantizedActivation, FakeQuantizedLayer } from '../../../src/compress/quantize/fake-quantized-modules.js';
import { prepareQat, stripQat } from '../../../src/compress/quantize/prepare-qat.js';
import { fakeQuantize } from '../../../src/compress/quantize/fake-quant.js';
import { symmetricPerChannel } from '../../../src/compress/quantize/qparams.js';
import { forwardWithWeight } from '../../../src/compress/quantize/weighted-layer.js';

const FEATURES = 4;
const CLASSES = 3;

/** Three Gaussian blobs in 4-D, in batches of 30. */
function blobs(rng: Rng): Batch[] {
  const centres = Array.from({ length: CLASSES }, () => Array.from({ length: FEATURES }, () => rng.normal()));
  const batches: Batch[] = [];
  for (let b = 0; b < 8; b++) {
    const size = 30;
    const x = new Float32Array(size * FEATURES);
    const y = new Int32Array(size);
    for (let i = 0; i < size; i++) {
      y[i] = rng.int(CLASSES);
      for (let f = 0; f < FEATURES; f++) x[i * FEATURES + f] = centres[y[i]!]![f]! + rng.normal() * 1.2;
    }
    batches.push({ x, shape: [size, FEATURES], y, size });
  }
  return batches;
}

function train(model: Module, data: Batch[], epochs: number, lr: number): void {
  model.train();
  const opt = new SGD(model.parameters(), { lr, momentum: 0.9 });
  for (let e = 0; e < epochs; e++) {
    for (const b of data) {
      tidy(() => {
        const loss = crossEntropy(model.call(tensor(b.x, b.shape)), b.y);
        opt.zeroGrad();
        loss.backward();
        opt.step();
      });
    }
  }
}

function meanLoss(model: Module, data: Batch[]): number {
  model.eval();
  const total = noGrad(() => tidy(() => data.reduce((acc, b) => acc + crossEntropy(model.call(tensor(b.x, b.shape)), b.y).item() * b.size, 0)));
  return total / data.reduce((n, b) => n + b.size, 0);
}

function mlp(): Sequential {
  const rng = new Rng(15);
  return new Sequential({ fc1: new Linear(FEATURES, 16, { rng }), relu: new ReLU(), fc2: new Linear(16, CLASSES, { rng }) });
}

test('a short QAT fine-tune lowers the loss of the fake-quantized model; gradients reach the weights', () => {
  const data = blobs(new Rng(16));
  const model = mlp();
  train(model, data, 30, 0.05);
  const floatLoss = meanLoss(model, data);
  const ranges = calibrateActivations(model, data);
  const qat = prepareQat(model, { weightBits: 2, activationBits: 4, ranges });
  assert.deepEqual(qat.layers, [
    { layer: 'fc1', weightBits: 2, output: 'relu' },
    { layer: 'fc2', weightBits: 2, output: 'fc2' },
  ]);
  assert.deepEqual([...model.stateDict().keys()], ['fc1.weight', 'fc1.bias', 'fc2.weight', 'fc2.bias']);
  const quantizedLoss = meanLoss(model, data);
  assert.ok(quantizedLoss > floatLoss, `2-bit weights cost accuracy: ${quantizedLoss} vs float ${floatLoss}`);

  const fc1 = model.childNamed('fc1') as FakeQuantizedLayer;
  model.train();
  tidy(() => crossEntropy(model.call(tensor(data[0]!.x, data[0]!.shape)), data[0]!.y).backward());
  const grad = fc1.weight.grad!.toArray();
  assert.ok(grad.some((g) => g !== 0), 'the straight-through gradient reaches fc1.weight');
  model.zeroGrad();

  train(model, data, 15, 0.02);
  const tunedLoss = meanLoss(model, data);
  assert.ok(tunedLoss < 0.8 * quantizedLoss, `QAT lowers the fake-quantized loss: ${quantizedLoss.toFixed(4)} → ${tunedLoss.toFixed(4)}`);

  const learned = qat.activationRanges();
  assert.deepEqual([...learned.keys()], ['relu', 'fc2']);
  assert.equal(learned.get('relu')!.min, 0);
  const stripped = stripQat(model);
  assert.deepEqual(stripped, learned);
  assert.ok(model.childNamed('fc1') instanceof Linear && model.childNamed('relu') instanceof ReLU);
  assert.equal((model.childNamed('fc1') as Linear).weight, fc1.weight, 'the trained weights are kept');
});

/** What a FakeQuantizedLayer's output quantizer observes: the layer run with its fake-quantized weight. */
function observedOutput(wrapper: FakeQuantizedLayer, x: number[][]): Float32Array {
  return noGrad(() =>
    tidy(() => {
      const w = wrapper.weight;
      const wq = fakeQuantize(w, symmetricPerChannel(w.toArray() as Float32Array, w.shape, wrapper.weightBits));
      return forwardWithWeight(wrapper.layer, wq, tensor(x)).toArray() as Float32Array;
    }),
  );
}

test('ranges move by EMA in training mode and are frozen in eval mode', () => {
  const model = new Sequential({ fc: new Linear(2, 2, { rng: new Rng(17) }) });
  const qat = prepareQat(model, { emaDecay: 0.75 });
  const wrapper = model.childNamed('fc') as FakeQuantizedLayer;
  model.eval();
  assert.throws(() => model.call(tensor([[1, 2]])), /FakeQuantizedLayer "fc": its activation range was never observed; run the prepared model in training mode first/);
  model.train();
  const run = (x: number[][]): void => noGrad(() => tidy(() => void model.call(tensor(x))));
  const a = [[1, 2], [-1, 0.5]];
  const b = [[3, -3]];
  run(a);
  const ya = observedOutput(wrapper, a);
  assert.deepEqual(qat.activationRanges().get('fc'), { min: Math.min(...ya), max: Math.max(...ya) }, 'the first batch sets the range');
  run(b);
  const yb = observedOutput(wrapper, b);
  const want = { min: 0.75 * Math.min(...ya) + 0.25 * Math.min(...yb), max: 0.75 * Math.max(...ya) + 0.25 * Math.max(...yb) };
  const r2 = qat.activationRanges().get('fc')!;
  assert.ok(Math.abs(r2.min - want.min) < 1e-12 && Math.abs(r2.max - want.max) < 1e-12, `EMA: ${JSON.stringify(r2)} vs ${JSON.stringify(want)}`);
  model.eval();
  run([[100, -100]]);
  assert.deepEqual(qat.activationRanges().get('fc'), r2, 'eval mode does not move the range');
});

test('prepareQat wants batch norms folded first, and refuses a model prepared twice', () => {
  const withBn = new Sequential({ fc: new Linear(2, 3), bn: new BatchNorm1d(3), act: new ReLU() });
  assert.throws(() => prepareQat(withBn), /Linear "fc" is followed by BatchNorm1d "bn"; fold batch norms first \(foldBatchNorm\(model\)\)/);
  assert.ok(withBn.childNamed('fc') instanceof Linear, 'nothing was rewritten');
  const model = mlp();
  prepareQat(model);
  assert.ok(model.childNamed('relu') instanceof FakeQuantizedActivation);
  assert.throws(() => prepareQat(model), /already fake-quantized/);
  assert.throws(() => prepareQat(mlp(), { weightBits: 1 }), /weightBits: bits must be an integer from 2 to 16, got 1/);
});
