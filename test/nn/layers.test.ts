/** Layer shapes, numerics against hand computations, and entry checks. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Rng, tensor, tidy, zeros, type Tensor } from '../../src/engine/index.js';
import {
  AvgPool1d,
  AvgPool2d,
  Concat,
  Conv1d,
  Conv2d,
  ConvTranspose1d,
  ConvTranspose2d,
  Flatten,
  GELU,
  GlobalAvgPool,
  Identity,
  LeakyReLU,
  Linear,
  MaxPool1d,
  MaxPool2d,
  ReLU,
  ReLU6,
  Residual,
  Sequential,
  SiLU,
  Sigmoid,
  Tanh,
  Upsample,
} from '../../src/nn/index.js';

const arr = (t: Tensor): number[] => Array.from(t.toArray());
const close = (got: number[], want: number[], tol = 1e-5): void => {
  assert.equal(got.length, want.length, `length ${got.length} vs ${want.length}`);
  got.forEach((g, i) => assert.ok(Math.abs(g - want[i]!) <= tol, `element ${i}: ${g} vs ${want[i]}`));
};
const shapeOf = (m: { call(x: Tensor): Tensor }, inShape: number[]): number[] => tidy(() => [...m.call(zeros(inShape)).shape]);

test('Linear computes x·Wᵀ + b', () => {
  const fc = new Linear(3, 2);
  fc.weight.view().set([1, 2, 3, 4, 5, 6]);
  fc.bias!.view().set([0.5, -1]);
  close(arr(fc.call(tensor([[1, 0, -1], [1, 1, 1]]))), [1 - 3 + 0.5, 4 - 6 - 1, 6.5, 14]);
  // Leading axes beyond the batch are kept.
  assert.deepEqual(shapeOf(fc, [2, 5, 3]), [2, 5, 2]);
  assert.throws(() => fc.call(zeros([2, 4])), /Linear: input has 4 features, expected 3/);
  assert.equal(new Linear(3, 2, { bias: false }).bias, null);
});

test('PyTorch default init: weights and biases lie in ±1/√fan_in and depend only on the seed', () => {
  const a = new Conv2d(4, 8, 3, { rng: new Rng(5) });
  const b = new Conv2d(4, 8, 3, { rng: new Rng(5) });
  const bound = 1 / Math.sqrt(4 * 9);
  for (const t of [a.weight, a.bias!]) assert.ok(arr(t).every((v) => Math.abs(v) <= bound));
  assert.ok(Math.max(...arr(a.weight).map(Math.abs)) > 0.8 * bound, 'uses the whole range');
  assert.deepEqual(arr(a.weight), arr(b.weight));
  // ConvTranspose: fan_in is (Cout/groups)·k, PyTorch's rule for the [Cin, Cout/groups, k] layout.
  const t = new ConvTranspose1d(2, 6, 3, { stride: 2 });
  assert.ok(arr(t.weight).every((v) => Math.abs(v) <= 1 / Math.sqrt(18)));
});

test('Conv2d matches a hand-computed valid convolution', () => {
  const conv = new Conv2d(1, 1, 2);
  conv.weight.view().set([1, 2, 3, 4]);
  conv.bias!.view().set([0.5]);
  const x = tensor([1, 2, 3, 4, 5, 6, 7, 8, 9], [1, 1, 3, 3]);
  // out(i,j) = Σ w(a,b)·x(i+a, j+b): 1·1+2·2+3·4+4·5 = 37, ...
  close(arr(conv.call(x)), [37.5, 47.5, 67.5, 77.5]);
});

test("Conv2d 'same' with stride 2 pads as TensorFlow: the odd cell goes bottom/right", () => {
  const conv = new Conv2d(1, 1, 3, { stride: 2, padding: 'same', bias: false });
  conv.weight.view().fill(1);
  assert.deepEqual(conv.padsFor(4, 4), [0, 0, 1, 1]);
  assert.deepEqual(conv.padsFor(49, 10), [1, 0, 1, 1]);
  const x = tensor(Array.from({ length: 16 }, (_, i) => i + 1), [1, 1, 4, 4]);
  // Windows rows/cols 0-2 and 2-4 (4 is padding): 1+2+3+5+6+7+9+10+11, 3+4+7+8+11+12, 9+10+11+13+14+15, 11+12+15+16.
  close(arr(conv.call(x)), [54, 45, 72, 54]);
  assert.deepEqual(shapeOf(new Conv2d(3, 8, 3, { padding: 'same' }), [2, 3, 7, 5]), [2, 8, 7, 5]);
});

test('Conv2d strides, dilation, padding and groups give the expected shapes', () => {
  assert.deepEqual(shapeOf(new Conv2d(3, 8, [3, 5], { stride: [2, 1], padding: [1, 2] }), [2, 3, 9, 9]), [2, 8, 5, 9]);
  assert.deepEqual(shapeOf(new Conv2d(2, 4, 3, { dilation: 2 }), [1, 2, 9, 9]), [1, 4, 5, 5]);
  const dw = new Conv2d(6, 6, 3, { groups: 6, padding: 1 });
  assert.deepEqual(dw.weight.shape, [6, 1, 3, 3]);
  assert.deepEqual(shapeOf(dw, [2, 6, 4, 4]), [2, 6, 4, 4]);
  assert.throws(() => new Conv2d(6, 4, 3, { groups: 4 }), /must both be divisible by groups \(4\)/);
});

test('Conv2d names itself, the channel count and the expected value on a bad input', () => {
  const m = new Sequential({ layer1: new Sequential({ conv1: new Conv2d(16, 16, 3) }) });
  assert.throws(() => m.call(zeros([1, 3, 8, 8])), /Conv2d "layer1\.conv1": input has 3 channels, expected 16/);
  assert.throws(() => m.call(zeros([16, 8, 8])), /Conv2d "layer1\.conv1": input has shape \[16, 8, 8\] \(rank 3\), expected \[N, 16, H, W\]/);
});

test('Conv1d: numerics, same padding and strides', () => {
  const conv = new Conv1d(1, 1, 3, { padding: 1 });
  conv.weight.view().set([1, 0, -1]);
  conv.bias!.view().set([0]);
  // y(i) = x(i-1) - x(i+1) with zero padding.
  close(arr(conv.call(tensor([1, 2, 4, 8], [1, 1, 4]))), [-2, -3, -6, 4]);
  assert.deepEqual(shapeOf(new Conv1d(3, 16, 5, { padding: 'same' }), [2, 3, 26]), [2, 16, 26]);
  assert.deepEqual(shapeOf(new Conv1d(16, 32, 3, { stride: 2, padding: 'same' }), [2, 16, 26]), [2, 32, 13]);
  assert.deepEqual(shapeOf(new Conv1d(4, 4, 3, { groups: 4 }), [1, 4, 10]), [1, 4, 8]);
  assert.throws(() => new Conv1d(3, 4, 3).call(zeros([1, 2, 10])), /Conv1d: input has 2 channels, expected 3/);
});

test('ConvTranspose1d scatters each input through the kernel', () => {
  const t = new ConvTranspose1d(1, 1, 3, { stride: 2 });
  t.weight.view().set([1, 1, 1]);
  t.bias!.view().set([0.5]);
  // x0 reaches outputs 0..2, x1 outputs 2..4.
  close(arr(t.call(tensor([1, 2], [1, 1, 2]))), [1.5, 1.5, 3.5, 2.5, 2.5]);
  assert.equal(new ConvTranspose1d(2, 2, 3, { stride: 2, padding: 1, outputPadding: 1 }).outputLength(13), 26);
  assert.deepEqual(shapeOf(new ConvTranspose1d(4, 2, 3, { stride: 2, padding: 1, outputPadding: 1 }), [2, 4, 13]), [2, 2, 26]);
  assert.throws(() => new ConvTranspose1d(2, 2, 3, { stride: 2, outputPadding: 2 }), /outputPadding \(2\) must be smaller than the stride \(2\)/);
});

test('ConvTranspose2d shapes with stride, padding and output padding', () => {
  const t = new ConvTranspose2d(2, 4, 3, { stride: 2, padding: 1, outputPadding: 1 });
  assert.deepEqual(t.weight.shape, [2, 4, 3, 3]);
  // (3-1)·2 - 2 + 2 + 1 + 1 = 6
  assert.deepEqual(shapeOf(t, [1, 2, 3, 3]), [1, 4, 6, 6]);
  assert.deepEqual(shapeOf(new ConvTranspose2d(4, 4, 2, { stride: 2, groups: 2 }), [1, 4, 3, 5]), [1, 4, 6, 10]);
  assert.throws(() => t.call(zeros([1, 3, 3, 3])), /ConvTranspose2d: input has 3 channels, expected 2/);
});

test('activations compute their functions', () => {
  const x = tensor([-2, -0.5, 0, 1, 7]);
  close(arr(new ReLU().call(x)), [0, 0, 0, 1, 7]);
  close(arr(new ReLU6().call(x)), [0, 0, 0, 1, 6]);
  close(arr(new LeakyReLU(0.1).call(x)), [-0.2, -0.05, 0, 1, 7]);
  close(arr(new Sigmoid().call(x)), [-2, -0.5, 0, 1, 7].map((v) => 1 / (1 + Math.exp(-v))));
  close(arr(new Tanh().call(x)), [-2, -0.5, 0, 1, 7].map(Math.tanh));
  close(arr(new SiLU().call(x)), [-2, -0.5, 0, 1, 7].map((v) => v / (1 + Math.exp(-v))));
  // GELU(1) = 0.5·(1 + erf(1/√2)) = 0.8413447 (Φ(1)).
  close(arr(new GELU().call(tensor([0, 1]))), [0, 0.8413447], 1e-5);
  assert.throws(() => new LeakyReLU(2), /negativeSlope must be in \[0, 1\]/);
});

test('pooling layers', () => {
  const x = tensor([1, 5, 2, 0, 3, 4, 8, 1, 0, 0, 1, 1, 2, 2, 1, 9], [1, 1, 4, 4]);
  close(arr(new MaxPool2d(2).call(x)), [5, 8, 2, 9]);
  close(arr(new AvgPool2d(2).call(x)), [13 / 4, 11 / 4, 4 / 4, 12 / 4]);
  assert.deepEqual(shapeOf(new MaxPool2d(3, { stride: 2, padding: 1 }), [2, 3, 8, 8]), [2, 3, 4, 4]);
  close(arr(new MaxPool1d(2).call(tensor([1, 3, 2, 0, 5], [1, 1, 5]))), [3, 2]);
  close(arr(new AvgPool1d(2, { stride: 1 }).call(tensor([1, 3, 2], [1, 1, 3]))), [2, 2.5]);
  close(arr(new GlobalAvgPool().call(x)), [40 / 16]);
  assert.deepEqual(shapeOf(new GlobalAvgPool(), [2, 5, 7]), [2, 5]);
  assert.throws(() => new MaxPool2d(2).call(zeros([1, 4, 4])), /MaxPool2d: input has shape \[1, 4, 4\] \(rank 3\), expected \[N, C, H, W\]/);
});

test('Flatten, Identity and Upsample (nearest) with its gradient', () => {
  assert.deepEqual(shapeOf(new Flatten(), [2, 3, 4, 5]), [2, 60]);
  assert.deepEqual(shapeOf(new Flatten(2), [2, 3, 4, 5]), [2, 3, 20]);
  const x = tensor([[[[1, 2], [3, 4]]]]);
  assert.equal(new Identity().call(x), x);
  close(arr(new Upsample(2).call(x)), [1, 1, 2, 2, 1, 1, 2, 2, 3, 3, 4, 4, 3, 3, 4, 4]);
  close(arr(new Upsample(3).call(tensor([1, 2], [1, 1, 2]))), [1, 1, 1, 2, 2, 2]);
  x.requiresGrad = true;
  tidy(() => new Upsample(2).call(x).sum().backward());
  // Each input cell feeds a 2×2 block.
  close(arr(x.grad!), [4, 4, 4, 4]);
});

test('Residual adds the shortcut, applies the activation and explains a shape mismatch', () => {
  const double = new Sequential([new Identity()]);
  const r = new Residual(double, { activation: new ReLU() });
  close(arr(r.call(tensor([-1, 2]))), [0, 4]);
  const proj = new Residual(new Conv2d(2, 4, 3, { stride: 2, padding: 1 }), { shortcut: new Conv2d(2, 4, 1, { stride: 2 }) });
  assert.deepEqual(shapeOf(proj, [1, 2, 6, 6]), [1, 4, 3, 3]);
  const bad = new Sequential({ block: new Residual(new Conv2d(2, 4, 3, { padding: 1 })) });
  assert.throws(() => bad.call(zeros([1, 2, 4, 4])), /Residual "block": the main path gives \[1, 4, 4, 4\] but the identity shortcut gives \[1, 2, 4, 4\]/);
});

test('Concat joins branches along channels', () => {
  const c = new Concat({ a: new Conv2d(3, 4, 1), b: new Conv2d(3, 2, 3, { padding: 1 }) });
  assert.deepEqual(shapeOf(c, [2, 3, 5, 5]), [2, 6, 5, 5]);
  const bad = new Concat([new Conv2d(3, 4, 1), new Conv2d(3, 2, 3)]);
  assert.throws(() => bad.call(zeros([1, 3, 5, 5])), /Concat: branch 1 gives \[1, 2, 3, 3\]/);
});

test('Sequential names children by position or key', () => {
  const s = new Sequential([new Linear(2, 3), new ReLU()]);
  assert.deepEqual(s.namedChildren().map(([n]) => n), ['0', '1']);
  assert.equal(s.length, 2);
  assert.ok(s.at(-1) instanceof ReLU);
  assert.throws(() => s.at(5), /no layer at index 5/);
  s.append(new Linear(3, 1), 'head');
  assert.deepEqual(s.stateDict().has('head.weight'), true);
  assert.deepEqual(shapeOf(s, [4, 2]), [4, 1]);
});
