/**
 * A briefly trained VAE at every precision: int8 reconstructs close to
 * fp32, the low-bit variants are smaller (mixed within int4's budget), the
 * bits reach the energy model's work per layer, the float model is left as
 * it was, and a conditional model's calibration needs its labels.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { noGrad, randn, Rng, tensor, tidy } from '../../../src/engine/index.js';
import { sensorVae } from '../../../src/nn/index.js';
import { CODEC_PRECISIONS, codecVariants, type CodecVariant } from '../../../src/generative/precision/codec-variants.js';
import { encodeAll, encoderHalf, floatCodec, type LatentCodec } from '../../../src/generative/precision/latent-codec.js';
import { maxAbsDiff, noisySines, SMALL_VAE, trainedSmallVae } from '../helpers.js';

const trained = trainedSmallVae();
const BY_BITS: Record<number, string> = { 8: 'int8', 4: 'int4', 2: 'int2' };

function reconstruct(codec: LatentCodec, x: Float32Array, count: number, labels?: number[]): Float32Array {
  return noGrad(() => tidy(() => codec.decode(codec.encode(tensor(x, [count, 1, 32]), labels), labels).toArray() as Float32Array));
}

function rms(a: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! ** 2;
  return Math.sqrt(s / a.length);
}

test('the float codec is the VAE\'s mean path, and encodeAll batches without changing μ', async () => {
  const { vae } = await trained;
  const x = noisySines(10, 32, new Rng(20));
  const codec = floatCodec(vae);
  assert.deepEqual([codec.id, codec.latent, codec.classes], ['fp32', 4, 0]);
  const xt = tensor(Float32Array.from(x.data), [10, 1, 32]);
  assert.deepEqual(Array.from(reconstruct(codec, Float32Array.from(x.data), 10)), Array.from(noGrad(() => vae.reconstruct(xt).toArray())));
  const mu = noGrad(() => Array.from(vae.encode(xt).mean.toArray()));
  const all = encodeAll(codec, Float32Array.from(x.data), 10, [1, 32]);
  assert.equal(all.length, 40);
  assert.ok(maxAbsDiff(all, mu) < 1e-5);
  assert.ok(maxAbsDiff(encodeAll(codec, Float32Array.from(x.data), 10, [1, 32], undefined, 3), all) < 1e-5);
  // The half shares the VAE's layers under their own paths.
  const half = encoderHalf(vae);
  assert.deepEqual(half.namedChildren().map(([n, m]) => [n, m]), [['encoder', vae.encoder], ['mean', vae.mean]]);
  assert.equal(vae.mean.path, 'mean');
});

test('fp32, int8, int4 and mixed: bits, bytes, work per layer, and int8 close to fp32', async () => {
  const { vae, train } = await trained;
  const before = [...vae.stateDict()].map(([k, t]) => [k, Array.from(t.toArray())] as const);
  const logs: string[] = [];
  const variants = await codecVariants(vae, CODEC_PRECISIONS, { calibration: train, log: (m) => logs.push(m) });
  try {
    assert.deepEqual(variants.map((v) => v.id), ['fp32', 'int8', 'int4', 'mixed']);
    assert.deepEqual(variants.map((v) => v.codec.id), ['fp32', 'int8', 'int4', 'mixed']);
    assert.equal(logs.length, 3, logs.join('; '));
    const [fp32, int8, int4, mixed] = variants as [CodecVariant, CodecVariant, CodecVariant, CodecVariant];

    // Bits: uniform 8; int4 keeps the encoder's first and the decoder's last layer at 8.
    assert.equal(fp32.bits, null);
    const layers = { encoder: ['encoder.0.conv', 'encoder.1.conv', 'mean'], decoder: ['project.fc', '2.conv', '3.conv'] };
    assert.deepEqual(int8.bits, { encoder: Object.fromEntries(layers.encoder.map((p) => [p, 8])), decoder: Object.fromEntries(layers.decoder.map((p) => [p, 8])) });
    assert.deepEqual(int4.bits, { encoder: { 'encoder.0.conv': 8, 'encoder.1.conv': 4, mean: 4 }, decoder: { 'project.fc': 4, '2.conv': 4, '3.conv': 8 } });
    assert.deepEqual(Object.keys(mixed.bits!.encoder), layers.encoder);
    assert.deepEqual(Object.keys(mixed.bits!.decoder), layers.decoder);
    assert.ok([...Object.values(mixed.bits!.encoder), ...Object.values(mixed.bits!.decoder)].every((b) => [2, 4, 8].includes(b)));

    // Bytes: the fp32 weights exclude the log-variance head (it is not deployed).
    const floatBytes = [...vae.stateDict()].filter(([n]) => !n.startsWith('logVar.')).reduce((s, [, t]) => s + 4 * t.size, 0);
    assert.equal(fp32.weightBytes, floatBytes);
    assert.ok(int8.weightBytes < fp32.weightBytes, `int8 ${int8.weightBytes} < fp32 ${fp32.weightBytes}`);
    assert.ok(int4.weightBytes < int8.weightBytes, `int4 ${int4.weightBytes} < int8 ${int8.weightBytes}`);
    assert.ok(mixed.weightBytes <= int4.weightBytes, `mixed ${mixed.weightBytes} <= int4 ${int4.weightBytes} (its budget)`);

    // Work: the same layers and MACs at every precision, each weighted layer at its bits.
    const weighted = (v: CodecVariant) => [...v.work.encoder.layers, ...v.work.decoder.layers].filter((l) => l.macs > 0);
    const macs = (v: CodecVariant) => weighted(v).map((l) => [l.name, l.macs]);
    for (const v of [int8, int4, mixed]) assert.deepEqual(macs(v), macs(fp32), v.id);
    assert.deepEqual(weighted(fp32).map((l) => l.name), ['encoder.0.conv', 'encoder.1.conv', 'mean', 'decoder.project.fc', 'decoder.2.conv', 'decoder.3.conv']);
    assert.ok(weighted(fp32).every((l) => l.precision === 'float32'));
    assert.ok(weighted(int8).every((l) => l.precision === 'int8'));
    for (const v of [int4, mixed]) {
      const want = [...Object.values(v.bits!.encoder), ...Object.values(v.bits!.decoder)].map((b) => BY_BITS[b]);
      assert.deepEqual(weighted(v).map((l) => l.precision), want, v.id);
    }
    assert.ok(int4.work.encoder.weightBytes + int4.work.decoder.weightBytes < int8.work.encoder.weightBytes + int8.work.decoder.weightBytes);

    // int8 reconstructs close to fp32: the difference is small next to the signal (observed 1.1%; int4 and mixed 7%).
    const x = noisySines(32, 32, new Rng(21));
    const xd = Float32Array.from(x.data);
    const ref = reconstruct(fp32.codec, xd, 32);
    const diff = (y: Float32Array) => rms(y.map((v, i) => v - ref[i]!)) / rms(ref);
    const e8 = diff(reconstruct(int8.codec, xd, 32));
    assert.ok(e8 < 0.1, `int8 relative reconstruction error ${e8.toFixed(4)}`);
    for (const v of [int4, mixed]) {
      const e = diff(reconstruct(v.codec, xd, 32));
      assert.ok(Number.isFinite(e) && e < 0.25, `${v.id} relative reconstruction error ${e.toFixed(4)}`);
    }
    // Each quantized half returns floats of the float halves' shapes.
    noGrad(() =>
      tidy(() => {
        assert.deepEqual(int8.codec.encode(tensor(xd, [32, 1, 32])).shape, [32, 4]);
        assert.deepEqual(int8.codec.decode(randn([3, 4], new Rng(1))).shape, [3, 1, 32]);
      }),
    );
  } finally {
    for (const v of variants) v.dispose();
  }
  assert.deepEqual([...vae.stateDict()].map(([k, t]) => [k, Array.from(t.toArray())] as const), before, 'the float VAE is not written');
});

test('a subset of precisions in the order asked; unknown precisions and mismatched calibration windows are refused', async () => {
  const { vae, train } = await trained;
  const two = await codecVariants(vae, ['int8', 'fp32'], { calibration: train, priorSamples: 0 });
  assert.deepEqual(two.map((v) => v.id), ['int8', 'fp32']);
  for (const v of two) v.dispose();
  await assert.rejects(codecVariants(vae, ['int3' as never], { calibration: train }), /precisions are fp32, int8, int4, mixed, got "int3"/);
  await assert.rejects(codecVariants(vae, ['int8'], { calibration: noisySines(4, 16, new Rng(1)) }), /calibration windows are \[1, 16\], the model takes \[1, 32\]/);
});

test('a conditional VAE: calibration needs one label per window; its codecs need labels too', async () => {
  const vae = sensorVae({ ...SMALL_VAE, classes: 2 });
  const calibration = noisySines(16, 32, new Rng(22));
  await assert.rejects(codecVariants(vae, ['int8'], { calibration }), /conditional VAE needs one calibration label per window \(16\)/);
  await assert.rejects(codecVariants(vae, ['int8'], { calibration, labels: new Int32Array(15) }), /one calibration label per window \(16\)/);
  const labels = Int32Array.from({ length: 16 }, (_, i) => i % 2);
  const [fp32, int8] = (await codecVariants(vae, ['fp32', 'int8'], { calibration, labels })) as [CodecVariant, CodecVariant];
  try {
    assert.equal(int8.codec.classes, 2);
    const xd = Float32Array.from(calibration.data.subarray(0, 4 * 32));
    const y = [0, 1, 1, 0];
    const ref = reconstruct(fp32.codec, xd, 4, y);
    assert.equal(ref.length, 4 * 32);
    assert.ok(rms(reconstruct(int8.codec, xd, 4, y).map((v, i) => v - ref[i]!)) < 0.1 * rms(ref) + 1e-3);
    assert.throws(() => int8.codec.encode(tensor(xd, [4, 1, 32])), /needs one label per sample \(4\), got none/);
  } finally {
    int8.dispose();
  }
});
