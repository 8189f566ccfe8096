/**
 * The ex-post latent density (Ghosh et al. 2020): fitted per class to the
 * codec's own codes of the training windows, it recovers each class's mean
 * and covariance, samples each class from its own Gaussian, draws the same
 * codes for the same seed, and refuses labels that do not fit. The prior
 * sampler is N(0, I).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Rng } from '../../../src/engine/random.js';
import { fitLatentDensity, latentDensityFromCodes, priorSampler } from '../../../src/generative/synthesis/latent-density.js';
import { fakeCodec } from './fake-codec.js';

/** Codes [n, 2] of two classes: class 0 around (−3, 1) with correlated axes, class 1 around (2, 2) with unit covariance. */
function twoClassCodes(nPerClass: number, rng: Rng): { codes: Float64Array; labels: Int32Array } {
  const codes = new Float64Array(2 * nPerClass * 2);
  const labels = new Int32Array(2 * nPerClass);
  for (let i = 0; i < 2 * nPerClass; i++) {
    const k = i < nPerClass ? 0 : 1;
    labels[i] = k;
    const a = rng.normal();
    const b = rng.normal();
    // Class 0: x = −3 + a, y = 1 + 0.8a + 0.6b → var 1, 1, covariance 0.8.
    codes[2 * i] = k === 0 ? -3 + a : 2 + a;
    codes[2 * i + 1] = k === 0 ? 1 + 0.8 * a + 0.6 * b : 2 + b;
  }
  return { codes, labels };
}

function meanCov(z: ArrayLike<number>, n: number): { mean: [number, number]; cov: [number, number, number] } {
  let mx = 0, my = 0;
  for (let i = 0; i < n; i++) { mx += z[2 * i]!; my += z[2 * i + 1]!; }
  mx /= n; my /= n;
  let xx = 0, xy = 0, yy = 0;
  for (let i = 0; i < n; i++) {
    const dx = z[2 * i]! - mx, dy = z[2 * i + 1]! - my;
    xx += dx * dx; xy += dx * dy; yy += dy * dy;
  }
  return { mean: [mx, my], cov: [xx / n, xy / n, yy / n] };
}

test('one Gaussian per class recovers each class mean and covariance', () => {
  const { codes, labels } = twoClassCodes(10_000, new Rng(1));
  const d = latentDensityFromCodes(codes, 2, labels, 2);
  assert.equal(d.mixtures.length, 2);
  const [c0, c1] = d.mixtures;
  assert.ok(Math.abs(c0!.means[0]![0]! + 3) < 0.04 && Math.abs(c0!.means[0]![1]! - 1) < 0.04, `class 0 mean ${[...c0!.means[0]!]}`);
  assert.ok(Math.abs(c1!.means[0]![0]! - 2) < 0.04 && Math.abs(c1!.means[0]![1]! - 2) < 0.04, `class 1 mean ${[...c1!.means[0]!]}`);
  assert.ok(Math.abs(c0!.covariances[0]![1]! - 0.8) < 0.05, `class 0 covariance ${c0!.covariances[0]![1]}`);
  assert.ok(Math.abs(c1!.covariances[0]![1]!) < 0.05, `class 1 covariance ${c1!.covariances[0]![1]}`);
});

test('sample draws each code from its own class, with that class\'s moments, and the same seed draws the same codes', () => {
  const { codes, labels } = twoClassCodes(5000, new Rng(2));
  const d = latentDensityFromCodes(codes, 2, labels, 2);
  const n = 20_000;
  const z0 = d.sample(n, new Array<number>(n).fill(0), new Rng(3));
  const z1 = d.sample(n, new Array<number>(n).fill(1), new Rng(3));
  const m0 = meanCov(z0, n);
  const m1 = meanCov(z1, n);
  assert.ok(Math.abs(m0.mean[0] + 3) < 0.05 && Math.abs(m0.cov[1] - 0.8) < 0.05, JSON.stringify(m0));
  assert.ok(Math.abs(m1.mean[0] - 2) < 0.05 && Math.abs(m1.cov[1]) < 0.05, JSON.stringify(m1));
  const mixed = [0, 1, 1, 0, 1];
  assert.deepEqual(d.sample(5, mixed, new Rng(4)), d.sample(5, mixed, new Rng(4)));
  assert.notDeepEqual(d.sample(5, mixed, new Rng(4)), d.sample(5, mixed, new Rng(5)));
});

test('fitLatentDensity fits the codec\'s own codes: a fake codec whose codes are known', () => {
  // Windows decode(z, k) for z from two known class distributions: the codec's encode returns z exactly.
  const shape = [2, 6] as const;
  const codec = fakeCodec(2, 2, shape);
  const { codes, labels } = twoClassCodes(3000, new Rng(6));
  const windows = { data: new Float32Array(6000 * 12), count: 6000, channels: 2, length: 6 };
  for (let w = 0; w < 6000; w++) for (let i = 0; i < 12; i++) windows.data[w * 12 + i] = codes[2 * w + ((i % 6) % 2)]! + 10 * labels[w]!;
  const fitted = fitLatentDensity(codec, windows, labels, { components: 1 });
  const direct = latentDensityFromCodes(Float32Array.from(codes), 2, labels, 2);
  for (let k = 0; k < 2; k++) {
    for (let j = 0; j < 2; j++) assert.ok(Math.abs(fitted.mixtures[k]!.means[0]![j]! - direct.mixtures[k]!.means[0]![j]!) < 1e-5);
  }
  assert.throws(() => fitLatentDensity(codec, windows, undefined), /fitLatentDensity: a conditional codec needs labels, one per window \(6000\), got none/);
  assert.throws(() => fitLatentDensity(codec, windows, new Int32Array(6000).fill(2)), /labels\[0\] = 2; expected a class in \[0, 2\)/);
});

test('a class with too few codes for the components asked for gets fewer; too few for one Gaussian is refused by class', () => {
  const { codes, labels } = twoClassCodes(40, new Rng(7));
  // 40 codes in 2 dims support 13 components; 10 are asked for and kept.
  const d = latentDensityFromCodes(codes, 2, labels, 2, { components: 10, seed: 1 });
  assert.deepEqual(d.mixtures.map((m) => m.weights.length), [10, 10]);
  const few = latentDensityFromCodes(codes.subarray(0, 2 * 44), 2, labels.subarray(0, 44), 2, { components: 10, seed: 1 });
  // Class 1 has 4 codes: one component (3 codes per component in 2 dims).
  assert.deepEqual(few.mixtures.map((m) => m.weights.length), [10, 1]);
  assert.throws(() => latentDensityFromCodes(codes.subarray(0, 2 * 41), 2, labels.subarray(0, 41), 2), /fitLatentDensity: class 1: fitGaussianMixture: 1 points cannot fit 1 full-covariance components in 2 dims; need at least 3/);
});

test('bad arguments are refused by name', () => {
  assert.throws(() => latentDensityFromCodes(new Float64Array(5), 2, new Int32Array(3), 1), /5 code values for 3 labels; expected 6 \(latent 2\)/);
  assert.throws(() => latentDensityFromCodes(new Float64Array(6), 0, new Int32Array(3), 1), /latent must be a positive integer, got 0/);
  assert.throws(() => latentDensityFromCodes(new Float64Array(60), 2, new Int32Array(30), 1, { components: 0 }), /options.components must be a positive integer, got 0/);
  const d = latentDensityFromCodes(Float64Array.from({ length: 60 }, (_, i) => Math.sin(i)), 2, new Int32Array(30), 1);
  assert.throws(() => d.sample(2, [0], new Rng(1)), /LatentDensity.sample: 1 labels for 2 codes/);
  assert.throws(() => d.sample(1, [1], new Rng(1)), /LatentDensity.sample: labels\[0\] = 1; expected a class in \[0, 1\)/);
  assert.throws(() => priorSampler(0), /priorSampler: latent must be a positive integer, got 0/);
});

test('the prior sampler draws N(0, I) whatever the class', () => {
  const z = priorSampler(2).sample(20_000, new Array<number>(20_000).fill(1), new Rng(8));
  const m = meanCov(z, 20_000);
  assert.ok(Math.abs(m.mean[0]) < 0.03 && Math.abs(m.mean[1]) < 0.03 && Math.abs(m.cov[0] - 1) < 0.04 && Math.abs(m.cov[1]) < 0.03 && Math.abs(m.cov[2] - 1) < 0.04, JSON.stringify(m));
});
