/** The model summary: per-layer MACs, parameters and bytes from one traced forward pass. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  BatchNorm2d,
  Conv2d,
  ConvTranspose1d,
  Dropout,
  Flatten,
  formatBytes,
  formatSummary,
  Linear,
  ReLU,
  Residual,
  Sequential,
  summarize,
} from '../../src/nn/index.js';

function small(): Sequential {
  return new Sequential({
    conv: new Conv2d(1, 2, 3, { padding: 1 }),
    bn: new BatchNorm2d(2),
    relu: new ReLU(),
    drop: new Dropout(0.5),
    flatten: new Flatten(),
    fc: new Linear(2 * 4 * 4, 3),
  });
}

test('per-layer rows: shapes, parameters, MACs and bytes', () => {
  const s = summarize(small(), [1, 4, 4]);
  assert.deepEqual(
    s.layers.map((l) => [l.name, l.type, l.inputShape, l.outputShape]),
    [
      ['conv', 'Conv2d', [1, 4, 4], [2, 4, 4]],
      ['bn', 'BatchNorm2d', [2, 4, 4], [2, 4, 4]],
      ['relu', 'ReLU', [2, 4, 4], [2, 4, 4]],
      ['drop', 'Dropout', [2, 4, 4], [2, 4, 4]],
      ['flatten', 'Flatten', [2, 4, 4], [32]],
      ['fc', 'Linear', [32], [3]],
    ],
  );
  const conv = s.layers[0]!;
  // Cout·Ho·Wo·(Cin/groups)·kh·kw = 2·4·4·1·9
  assert.equal(conv.macs, 288);
  assert.equal(conv.params, 2 * 9 + 2);
  assert.equal(conv.paramBytes, 20 * 4);
  assert.equal(conv.inputBytes, 16 * 4);
  assert.equal(conv.activationBytes, 32 * 4);
  assert.equal(conv.precision, 'float32');
  const bn = s.layers[1]!;
  assert.deepEqual([bn.params, bn.buffers, bn.macs, bn.ops, bn.paramBytes], [4, 4, 0, 64, 32]);
  assert.equal(s.layers[5]!.macs, 32 * 3);
  assert.equal(s.totalMacs, 288 + 96);
  assert.deepEqual(s.macsByPrecision, { float32: 384 });
  assert.equal(s.totalParams, 20 + 4 + 99);
  assert.equal(s.totalBuffers, 4);
  assert.equal(s.totalParamBytes, (123 + 4) * 4);
  assert.deepEqual(s.outputShape, [3]);
  assert.equal(s.inputBytes, 64);
  assert.equal(s.peakActivationBytes, 2 * 32 * 4);
});

test('summarize runs in eval mode and restores the training flags', () => {
  const m = small();
  // In training a batch of one would make batch norm throw; the summary must not care.
  m.train();
  (m.at(0) as Conv2d).training = false;
  summarize(m, [1, 4, 4]);
  assert.deepEqual(m.namedModules().map(([, x]) => x.training), [true, false, true, true, true, true, true]);
});

test('a residual block heads its children with the cost of its addition', () => {
  const m = new Sequential({ block: new Residual(new Conv2d(2, 2, 1, { bias: false }), { activation: new ReLU() }) });
  const s = summarize(m, [2, 3, 3]);
  assert.deepEqual(s.layers.map((l) => [l.name, l.macs, l.ops]), [
    ['block', 0, 18],
    ['block.main', 2 * 9 * 2, 0],
    ['block.activation', 0, 18],
  ]);
});

test('ConvTranspose counts Cin·W·(Cout/groups)·k MACs', () => {
  const s = summarize(new ConvTranspose1d(2, 3, 3, { stride: 2 }), [2, 5]);
  assert.equal(s.layers.length, 1);
  assert.equal(s.layers[0]!.name, '');
  assert.deepEqual(s.layers[0]!.outputShape, [3, 11]);
  assert.equal(s.totalMacs, 2 * 5 * 3 * 3);
});

test('bad input shapes and failing forward passes are reported with the model and shape', () => {
  assert.throws(() => summarize(small(), [1, 0, 4]), /summarize\(Sequential\): inputShape must hold positive integers/);
  assert.throws(() => summarize(small(), [3, 4, 4]), /summarize\(Sequential\): the forward pass on an input of shape \[1, 3, 4, 4\] failed: Conv2d "conv": input has 3 channels, expected 1/);
});

test('formatSummary prints a row per layer and the totals', () => {
  const text = formatSummary(summarize(small(), [1, 4, 4]));
  assert.match(text, /^Sequential: input \[1, 4, 4\] -> output \[3\]/);
  assert.match(text, /conv\s+Conv2d\s+\[2, 4, 4\]\s+20\s+288\s+80 B\s+128 B/);
  assert.match(text, /Parameters: 123 trainable \+ 4 buffers = 508 B/);
  assert.match(text, /MACs: 384 \(float32 384\)/);
  assert.equal(formatBytes(314_664), '314.7 kB');
});
