/**
 * The model zoo against published figures and hand-computed formulas.
 *
 * Published figures: Banbury et al. 2021, "MLPerf Tiny Benchmark" (NeurIPS
 * Datasets and Benchmarks), benchmark table: ResNet-8 ≈ 78k parameters and
 * 12.5 M MACs at 32×32; DS-CNN ≈ 2.66 M MACs; FC autoencoder ≈ 0.27 M
 * parameters and 0.264 M MACs. Where a parameter figure includes batch-norm
 * running statistics (Keras counts them as non-trainable parameters), the
 * test says so. The exact values below
 * are the per-layer formulas summed by hand, written out so a change is
 * visible; their relation to the published rounding is checked separately.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { randn, Rng, tidy } from '../../src/engine/index.js';
import { Conv2d, createModel, summarize, zoo, type ZooModel } from '../../src/nn/index.js';

const within = (got: number, published: number, rel: number, what: string): void =>
  assert.ok(Math.abs(got - published) / published <= rel, `${what}: ${got} is not within ${rel * 100}% of ${published}`);

function forwardShape(m: ZooModel, batch = 2): number[] {
  return tidy(() => [...m.call(randn([batch, ...m.inputShape], new Rng(1))).shape]);
}

test('ResNet-8 (MLPerf Tiny image classification): 78k parameters, 12.5 M MACs', () => {
  const m = zoo.resnet8();
  const s = summarize(m, m.inputShape);
  // Convs 3·16·9 + 2·16·16·9 + 16·32·9 + 32·32·9 + 16·32 + 32·64·9 + 64·64·9 + 32·64 weights and
  // their biases, 7 BN layers × 2·C, dense 64·10 + 10.
  assert.equal(s.totalParams, 78_186);
  // Plus running means/variances: Keras's model.summary() "Total params: 78,666" counts them too.
  assert.equal(s.totalParams + s.totalBuffers, 78_666);
  within(s.totalParams, 78_000, 0.03, 'ResNet-8 parameters');
  // 32²·16·27 + 2·32²·16·144 + 16²·32·(144 + 288 + 16) + 8²·64·(288 + 576 + 32) + 640
  assert.equal(s.totalMacs, 12_501_632);
  within(s.totalMacs, 12_500_000, 0.03, 'ResNet-8 MACs');
  assert.deepEqual(s.outputShape, [10]);
  assert.deepEqual(forwardShape(m), [2, 10]);
});

test('ResNet-8 for Tiny ImageNet at 64×64: four times the conv work, 200 classes', () => {
  const m = zoo.resnet8({ inputSize: 64, numClasses: 200 });
  const s = summarize(m, m.inputShape);
  assert.equal(s.totalMacs, 4 * (12_501_632 - 640) + 64 * 200);
  assert.deepEqual(s.outputShape, [200]);
});

test('DS-CNN (MLPerf Tiny keyword spotting): 2.66 M MACs on 49×10 MFCCs', () => {
  const m = zoo.dscnn();
  const s = summarize(m, m.inputShape);
  // stem 25·5·64·10·4 + 4 × (25·5·64·9 depthwise + 25·5·64·64 pointwise) + dense 64·12
  assert.equal(s.totalMacs, 320_000 + 4 * (72_000 + 512_000) + 768);
  within(s.totalMacs, 2_660_000, 0.03, 'DS-CNN MACs');
  // Every conv has a bias as in Keras: 2,624 + 4·(640 + 4,160) + 780, plus 9 BN layers × 2·64.
  assert.equal(s.totalParams, 2_624 + 4 * 4_800 + 780 + 9 * 128);
  // TensorFlow 'same' for the 10×4 stride-2 stem: 4 rows above, 5 below, 1 column each side.
  const stem = m.namedModules().find(([n]) => n === 'stem.conv')![1] as Conv2d;
  assert.deepEqual(stem.padsFor(49, 10), [4, 1, 5, 1]);
  assert.deepEqual(forwardShape(m), [2, 12]);
});

test('FC autoencoder (MLPerf Tiny anomaly detection): 0.27 M parameters, 0.264 M MACs', () => {
  const m = zoo.fcAutoencoder();
  const s = summarize(m, m.inputShape);
  // 640·128 + 3·128² + 128·8 + 8·128 + 3·128² + 128·640
  assert.equal(s.totalMacs, 264_192);
  within(s.totalMacs, 264_000, 0.03, 'FC autoencoder MACs');
  // Weights, biases (8·128 + 8 + 640) and BN γ, β (8·128 + 8 per pair); Keras's total adds the running statistics: 269,992.
  assert.equal(s.totalParams, 264_192 + 1_672 + 2 * 1_032);
  assert.equal(s.totalParams + s.totalBuffers, 269_992);
  within(s.totalParams, 270_000, 0.03, 'FC autoencoder parameters');
  assert.deepEqual(forwardShape(m), [2, 640]);
});

test('cnn1d: hand-computed parameters and MACs for [3, 26] windows', () => {
  const m = zoo.cnn1d();
  const s = summarize(m, m.inputShape);
  // conv k5: 16·26·3·5; conv k3 s2 'same': 32·13·16·3; dense 32·3
  assert.equal(s.totalMacs, 16 * 26 * 3 * 5 + 32 * 13 * 16 * 3 + 32 * 3);
  // (3·5·16 + 16) + 2·16 + (16·3·32 + 32) + 2·32 + (32·3 + 3)
  assert.equal(s.totalParams, 256 + 32 + 1_568 + 64 + 99);
  assert.deepEqual(forwardShape(m), [2, 3]);
});

test('convAutoencoder1d reconstructs the input shape, odd lengths included', () => {
  const m = zoo.convAutoencoder1d();
  const s = summarize(m, m.inputShape);
  // Encoder 26 -> 13 -> 7: Cout·Lout·Cin·3; decoder (transposed) Cin·Lin·Cout·3: 7 -> 13 -> 26.
  const enc = 16 * 13 * 3 * 3 + 32 * 7 * 16 * 3;
  const dec = 32 * 7 * 16 * 3 + 16 * 13 * 3 * 3;
  assert.equal(s.totalMacs, enc + dec);
  assert.deepEqual(s.outputShape, [3, 26]);
  assert.deepEqual(forwardShape(m), [2, 3, 26]);
  const odd = zoo.convAutoencoder1d({ inputLength: 25, stages: 3, inputChannels: 6 });
  assert.deepEqual(forwardShape(odd), [2, 6, 25]);
});

test('createModel rebuilds a model from its spec; weights load into it', () => {
  const a = zoo.cnn1d({ width: 8, seed: 3 });
  assert.deepEqual(a.spec, { name: 'cnn1d', config: { inputChannels: 3, inputLength: 26, numClasses: 3, width: 8, seed: 3 } });
  const b = createModel(a.spec.name, JSON.parse(JSON.stringify(a.spec.config)));
  b.loadStateDict(a.stateDict());
  a.eval();
  b.eval();
  const x = randn([2, 3, 26], new Rng(2));
  const ya = tidy(() => Array.from(a.call(x).toArray()));
  const yb = tidy(() => Array.from(b.call(x).toArray()));
  assert.deepEqual(yb, ya);
  // The seed makes initial weights reproducible.
  assert.deepEqual(Array.from(zoo.cnn1d({ width: 8, seed: 3 }).parameters()[0]!.toArray()), Array.from(a.parameters()[0]!.toArray()));
});

test('createModel explains unknown names and options', () => {
  assert.throws(() => createModel('resnet9'), /unknown model "resnet9"; known models: resnet8, dscnn, fcAutoencoder, cnn1d, convAutoencoder1d/);
  assert.throws(() => createModel('resnet8', { classes: 10 }), /resnet8: unknown config option "classes"; known options: inputChannels, inputSize, numClasses, numFilters, seed/);
  assert.throws(() => createModel('dscnn', { filters: '64' }), /dscnn: config option "filters" must be a finite number/);
  assert.throws(() => zoo.resnet8({ numClasses: 0 }), /resnet8: config option "numClasses" must be an integer >= 1, got 0/);
});

test('zoo models name their parameters by stage', () => {
  const names = [...zoo.resnet8().stateDict().keys()];
  assert.ok(names.includes('stem.conv.weight'));
  assert.ok(names.includes('stack2.main.conv1.weight'));
  assert.ok(names.includes('stack2.shortcut.weight'));
  assert.ok(names.includes('stack3.main.bn2.runningVar'));
  assert.ok(!names.some((n) => n.startsWith('stack1.shortcut')), 'stack 1 has an identity shortcut');
  assert.ok(names.includes('fc.bias'));
});
