/**
 * evaluateSynthesis on a fake conditional codec whose classes differ in
 * level: the synthetic set copies the training set's class counts, each
 * precision's sampler is fitted on its own codes and residuals (its size in
 * samplerBytes), TSTR/TRTR are means over the classifier seeds asked for,
 * and choices that do not fit are refused by name.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Rng } from '../../../src/engine/random.js';
import type { CodecVariant } from '../../../src/generative/precision/codec-variants.js';
import { evaluateSynthesis, type LabelledWindowSet } from '../../../src/generative/synthesis/evaluate-synthesis.js';
import { addResidualNoise } from '../../../src/generative/synthesis/residual-noise.js';
import { fakeCodec } from './fake-codec.js';

const SHAPE = [1, 16] as const;
const LATENT = 2;

/** decode(z, k) + AR(1) noise (σ 0.3, ρ 0.5) for `counts[k]` windows of class k, z ~ N(0, I). */
function windowsOf(counts: number[], rng: Rng): LabelledWindowSet {
  const labels = Int32Array.from(counts.flatMap((c, k) => new Array<number>(c).fill(k)));
  const data = new Float32Array(labels.length * 16);
  labels.forEach((k, w) => {
    const z = [rng.normal(), rng.normal()];
    for (let t = 0; t < 16; t++) data[w * 16 + t] = z[t % LATENT]! + 10 * k;
  });
  const noise = new Float32Array(data.length);
  addResidualNoise(noise, labels, { std: [[0.3]], lag1: [[0.5]] }, SHAPE, rng);
  // Keep the first LATENT readings exact: the fake codec reads z there.
  labels.forEach((_, w) => noise.fill(0, w * 16, w * 16 + LATENT));
  return { windows: { data: data.map((v, i) => v + noise[i]!), count: labels.length, channels: 1, length: 16 }, labels };
}

function fakeVariant(): CodecVariant {
  return { id: 'fp32', codec: fakeCodec(LATENT, 3, SHAPE), bits: null, weightBytes: 123, work: {} as CodecVariant['work'], dispose: () => {} };
}

test('the synthetic set copies the training class counts; TSTR/TRTR are means over the classifier seeds; samplerBytes counts the sampler', async () => {
  const rng = new Rng(1);
  const train = windowsOf([20, 40, 60], rng);
  const heldOut = windowsOf([10, 10, 10], rng);
  const [q] = await evaluateSynthesis([fakeVariant()], train, heldOut, {
    sampleRateHz: 10, seed: 3, classifierEpochs: 5, classifierSeeds: 2, samplesPerClass: 1000, latents: { components: 1 },
  });
  assert.deepEqual(q!.samples!.map((s) => s.length), [20, 40, 60]);
  // The windows of class k sit at level 10k, as the decoder draws them.
  q!.samples!.forEach((set, k) => set.forEach((w) => assert.ok(Math.abs(w.reduce((a, b) => a + b, 0) / 16 - 10 * k) < 3)));
  assert.deepEqual(q!.tstrRuns!.map((r) => r.seed), [3, 4]);
  const mean = (f: (r: { tstr: number; trtr: number }) => number) => (f(q!.tstrRuns![0]!) + f(q!.tstrRuns![1]!)) / 2;
  assert.equal(q!.tstr, mean((r) => r.tstr));
  assert.equal(q!.trtr, mean((r) => r.trtr));
  assert.ok(Math.abs(q!.tstrGapPts! - (q!.trtr! - q!.tstr!) * 100) < 1e-9);
  // Levels 0, 10, 20 against σ 0.3 noise: a classifier trained on the synthetic windows labels real ones right.
  assert.ok(q!.tstr! > 0.9, `tstr ${q!.tstr}`);
  // One Gaussian per class in 2 dims (1 weight + 2 mean + 3 Cholesky values) and σ, ρ per class for 1 channel.
  assert.equal(q!.samplerBytes, 4 * (3 * (1 + 2 + 3) + 3 * 1 * 2));
  assert.equal(q!.weightBytes, 123);
});

test('the prior without noise draws the decoder\'s mean and keeps nothing beside it', async () => {
  const rng = new Rng(2);
  const train = windowsOf([20, 20, 20], rng);
  const [q] = await evaluateSynthesis([fakeVariant()], train, windowsOf([10, 10, 10], rng), { sampleRateHz: 10, seed: 1, classifierEpochs: 1, samplesPerClass: 3, latents: 'prior', noise: 'none' });
  assert.equal(q!.samplerBytes, 0);
  assert.equal(q!.tstrRuns, undefined);
  // No noise: every reading is z[t mod 2] + 10k, so readings two apart are equal.
  for (const w of q!.samples!.flat()) for (let t = 2; t < 16; t++) assert.equal(w[t], w[t - 2]);
});

test('choices that do not fit are refused by name', async () => {
  const rng = new Rng(3);
  const train = windowsOf([20, 20, 20], rng);
  const base = { sampleRateHz: 10, seed: 1 };
  await assert.rejects(evaluateSynthesis([fakeVariant()], train, train, { ...base, latents: { components: 0 } }), /evaluateSynthesis: options.latents must be 'prior' or \{ components: a positive integer \}, got \{"components":0\}/);
  await assert.rejects(evaluateSynthesis([fakeVariant()], train, train, { ...base, noise: { perClass: true } as never }), /options.noise must be 'none' or \{ perClass: boolean, autoregressive: boolean \}/);
  await assert.rejects(evaluateSynthesis([fakeVariant()], train, train, { ...base, classifierSeeds: 0 }), /options.classifierSeeds must be a positive integer, got 0/);
});
