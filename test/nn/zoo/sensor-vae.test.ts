/**
 * The sensor VAE: its forward pass is the mean path encoder → μ → decoder,
 * the log-variance head is trained but never run by inference (no MACs, no
 * ONNX node), a conditional model takes its classes as one-hot channels and
 * latent inputs and refuses a call without them.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { noGrad, randn, Rng, tensor, tidy, type Tensor } from '../../../src/engine/index.js';
import { createModel, SensorVae, sensorVae, summarize } from '../../../src/nn/index.js';
import { exportOnnxModel } from '../../../src/interop/index.js';

const CONFIG = { inputChannels: 1, inputLength: 32, width: 8, stages: 2, latent: 4, seed: 1 };

function values(f: () => Tensor): number[] {
  return noGrad(() => tidy(() => Array.from(f().toArray())));
}

test('shapes: encode gives μ and log σ² [N, latent], decode gives [N, C, L]', () => {
  const vae = sensorVae({ ...CONFIG, inputChannels: 2 });
  vae.eval();
  const x = randn([3, 2, 32], new Rng(1));
  noGrad(() =>
    tidy(() => {
      const { mean, logVar } = vae.encode(x);
      assert.deepEqual(mean.shape, [3, 4]);
      assert.deepEqual(logVar.shape, [3, 4]);
      assert.deepEqual(vae.decode(mean).shape, [3, 2, 32]);
      assert.deepEqual(vae.reconstruct(x).shape, [3, 2, 32]);
    }),
  );
  assert.deepEqual(vae.inputShape, [2, 32]);
  assert.equal(vae.classes, 0);
});

test('the forward pass is the mean path decoder(μ(x)), not a sample, and skips the log-variance head', () => {
  const vae = sensorVae(CONFIG);
  vae.eval();
  const x = randn([4, 1, 32], new Rng(2));
  const forward = values(() => vae.call(x));
  assert.deepEqual(forward, values(() => vae.reconstruct(x)));
  assert.deepEqual(forward, values(() => vae.decode(vae.encode(x).mean)));
  // The head is trained: its parameters are the model's and saved with it.
  const names = [...vae.stateDict().keys()];
  assert.ok(names.includes('logVar.head.weight') && names.includes('logVar.head.bias'), names.join(', '));
  assert.ok(vae.parameters().includes(vae.logVar.head.weight));
  // Log σ² comes from the head on the encoder's features, not from the mean head.
  const { mean, logVar } = noGrad(() => vae.encode(x));
  assert.notDeepEqual(Array.from(mean.toArray()), Array.from(logVar.toArray()));
});

test('the summary counts the mean path only: MACs in closed form, no log-variance head', () => {
  const vae = sensorVae(CONFIG);
  const s = summarize(vae, [1, 32]);
  assert.ok(!s.layers.some((l) => l.name.startsWith('logVar')), s.layers.map((l) => l.name).join(', '));
  // Encoder: conv 1→8 k5 s2 to 16 samples, conv 8→16 k5 s2 to 8; μ: 128 → 4.
  // Decoder: 4 → 128, ×2 then conv 16→8 k5 on 16 samples, ×2 then conv 8→1 k5 on 32.
  const encoder = 8 * 16 * 1 * 5 + 16 * 8 * 8 * 5 + 128 * 4;
  const decoder = 4 * 128 + 8 * 16 * 16 * 5 + 1 * 32 * 8 * 5;
  assert.equal(s.totalMacs, encoder + decoder);
  assert.deepEqual(s.outputShape, [1, 32]);
});

test('the ONNX export of the mean path carries no log-variance head', () => {
  const vae = sensorVae(CONFIG);
  const model = exportOnnxModel(vae, { inputShape: [1, 32] });
  const initializers = (model.graph!.initializer ?? []).map((t) => t.name!);
  assert.ok(initializers.includes('mean.weight'));
  assert.ok(!initializers.some((n) => n.startsWith('logVar')), initializers.join(', '));
  // Two Gemm nodes: μ and the decoder's projection.
  assert.equal((model.graph!.node ?? []).filter((n) => n.opType === 'Gemm').length, 2);
});

test('the config is checked and the seed fixes the weights', () => {
  assert.throws(() => sensorVae({ inputLength: 30, stages: 2 }), (e: unknown) => e instanceof RangeError && /inputLength \(30\)/.test(e.message) && /2\^stages = 4/.test(e.message));
  assert.throws(() => sensorVae({ latent: 0 }), /"latent" must be an integer >= 1/);
  assert.throws(() => sensorVae({ classes: -1 }), /"classes" must be an integer >= 0/);
  assert.throws(() => sensorVae({ latnet: 4 } as never), /unknown config option "latnet"/);
  const a = [...sensorVae(CONFIG).stateDict()].map(([k, t]) => [k, Array.from(t.toArray())]);
  const b = [...sensorVae(CONFIG).stateDict()].map(([k, t]) => [k, Array.from(t.toArray())]);
  const c = [...sensorVae({ ...CONFIG, seed: 2 }).stateDict()].map(([k, t]) => [k, Array.from(t.toArray())]);
  assert.deepEqual(a, b);
  assert.notDeepEqual(a, c);
  const fromRegistry = createModel('sensorVae', CONFIG);
  assert.ok(fromRegistry instanceof SensorVae);
  assert.deepEqual(fromRegistry.spec, { name: 'sensorVae', config: { ...CONFIG, classes: 0 } });
});

test('conditional: the classes enter as one-hot channels and latent inputs; calls without labels are refused', () => {
  const vae = sensorVae({ ...CONFIG, classes: 3 });
  vae.eval();
  assert.deepEqual(vae.inputShape, [4, 32], 'the encoder sees C + K channels');
  const x = randn([2, 1, 32], new Rng(3));
  noGrad(() =>
    tidy(() => {
      const input = vae.encoderInput(x, [2, 0]);
      assert.deepEqual(input.shape, [2, 4, 32]);
      const v = input.toArray();
      const channel = (w: number, c: number) => Array.from(v.subarray((w * 4 + c) * 32, (w * 4 + c + 1) * 32));
      assert.deepEqual(channel(0, 0), Array.from(x.toArray().subarray(0, 32)), 'the data channel is unchanged');
      assert.deepEqual([channel(0, 1), channel(0, 2), channel(0, 3)].map((ch) => new Set(ch)), [new Set([0]), new Set([0]), new Set([1])]);
      assert.deepEqual([channel(1, 1), channel(1, 2), channel(1, 3)].map((ch) => new Set(ch)), [new Set([1]), new Set([0]), new Set([0])]);
      const z = tensor(new Float32Array([0.5, -1, 2, 0, 1, 1, 1, 1]), [2, 4]);
      assert.deepEqual(Array.from(vae.decoderInput(z, [1, 2]).toArray()), [0.5, -1, 2, 0, 0, 1, 0, 1, 1, 1, 1, 0, 0, 1]);
      assert.deepEqual(vae.reconstruct(x, [0, 1]).shape, [2, 1, 32]);
    }),
  );
  // The label changes the reconstruction.
  assert.notDeepEqual(values(() => vae.reconstruct(x, [0, 0])), values(() => vae.reconstruct(x, [1, 1])));
  assert.throws(() => vae.call(x), (e: unknown) => e instanceof RangeError && /needs labels/.test(e.message) && /reconstruct\(x, labels\)/.test(e.message));
  assert.throws(() => vae.encode(x), /one label per sample \(2\), got none/);
  assert.throws(() => vae.encode(x, [0]), /one label per sample \(2\), got 1/);
  assert.throws(() => vae.encode(x, [0, 3]), /labels\[1\] = 3; expected an integer class in \[0, 3\)/);
  assert.throws(() => vae.decode(tensor(new Float32Array(8), [2, 4]), [0.5, 1]), /labels\[0\] = 0.5/);
});
