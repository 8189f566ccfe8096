/**
 * The Gaussian mixture behind the latent density: one component recovers a
 * known Gaussian's mean and covariance (closed form), EM separates two
 * well-separated clusters, samples carry the fitted moments, a seed fixes
 * every draw, and bad input is refused by name.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Rng } from '../../../src/engine/random.js';
import { cholesky, fitGaussianMixture, sampleGaussianMixture } from '../../../src/generative/synthesis/gaussian-mixture.js';

/** A known covariance in 3 dims with correlations, and its mean. */
const MU = [1, -2, 0.5];
const SIGMA = [
  [2.0, 0.6, -0.3],
  [0.6, 1.0, 0.2],
  [-0.3, 0.2, 0.5],
];

/** `n` draws of N(mu, sigma) through a hand-rolled Cholesky product (independent of the module's sampler). */
function gaussianPoints(n: number, mu: number[], sigma: number[][], rng: Rng): Float64Array {
  const d = mu.length;
  const L = cholesky(sigma.flat(), d);
  const out = new Float64Array(n * d);
  for (let i = 0; i < n; i++) {
    const e = Array.from({ length: d }, () => rng.normal());
    for (let r = 0; r < d; r++) {
      let s = mu[r]!;
      for (let j = 0; j <= r; j++) s += L[r * d + j]! * e[j]!;
      out[i * d + r] = s;
    }
  }
  return out;
}

function moments(points: Float64Array, d: number): { mean: number[]; cov: number[][] } {
  const n = points.length / d;
  const mean = Array.from({ length: d }, (_, j) => {
    let s = 0;
    for (let i = 0; i < n; i++) s += points[i * d + j]!;
    return s / n;
  });
  const cov = Array.from({ length: d }, (_, a) =>
    Array.from({ length: d }, (_, b) => {
      let s = 0;
      for (let i = 0; i < n; i++) s += (points[i * d + a]! - mean[a]!) * (points[i * d + b]! - mean[b]!);
      return s / n;
    }),
  );
  return { mean, cov };
}

test('cholesky: L Lᵀ gives the matrix back, L is lower triangular, and a matrix that is not positive definite is refused', () => {
  const A = SIGMA.flat();
  const L = cholesky(A, 3);
  for (let i = 0; i < 3; i++) {
    for (let j = 0; j < 3; j++) {
      let s = 0;
      for (let m = 0; m < 3; m++) s += L[i * 3 + m]! * L[j * 3 + m]!;
      assert.ok(Math.abs(s - A[i * 3 + j]!) < 1e-12, `(L Lᵀ)[${i}][${j}] = ${s}, expected ${A[i * 3 + j]}`);
      if (j > i) assert.equal(L[i * 3 + j], 0);
    }
  }
  assert.throws(() => cholesky([1, 2, 2, 1], 2), /cholesky: the matrix is not positive definite \(pivot 1/);
});

test('one component is the maximum-likelihood Gaussian: it recovers a known mean and covariance', () => {
  const points = gaussianPoints(20_000, MU, SIGMA, new Rng(3));
  const g = fitGaussianMixture(points, 3, new Rng(4));
  assert.deepEqual(g.weights, [1]);
  assert.equal(g.iterations, 0);
  const sample = moments(points, 3);
  for (let a = 0; a < 3; a++) {
    // Exactly the sample moments (plus the 1e-6 ridge on the diagonal) ...
    assert.ok(Math.abs(g.means[0]![a]! - sample.mean[a]!) < 1e-12);
    for (let b = 0; b < 3; b++) assert.ok(Math.abs(g.covariances[0]![a * 3 + b]! - sample.cov[a]![b]! - (a === b ? 1e-6 : 0)) < 1e-12);
    // ... and close to the true ones: standard error of a mean ≈ √(2/20000) = 0.01.
    assert.ok(Math.abs(g.means[0]![a]! - MU[a]!) < 0.04, `mean[${a}] = ${g.means[0]![a]}, true ${MU[a]}`);
    for (let b = 0; b < 3; b++) assert.ok(Math.abs(g.covariances[0]![a * 3 + b]! - SIGMA[a]![b]!) < 0.06, `cov[${a}][${b}] = ${g.covariances[0]![a * 3 + b]}, true ${SIGMA[a]![b]}`);
  }
});

test('EM separates two well-separated clusters: weights, means and the likelihood gain over one Gaussian', () => {
  const rng = new Rng(5);
  const a = gaussianPoints(3000, [-4, 0], [[1, 0], [0, 1]], rng);
  const b = gaussianPoints(1000, [4, 2], [[0.5, 0.2], [0.2, 0.5]], rng);
  const points = new Float64Array([...a, ...b]);
  const two = fitGaussianMixture(points, 2, new Rng(6), { components: 2 });
  const one = fitGaussianMixture(points, 2, new Rng(6));
  const big = two.weights[0]! > two.weights[1]! ? 0 : 1;
  const small = 1 - big;
  assert.ok(Math.abs(two.weights[big]! - 0.75) < 0.02, `weights ${two.weights}`);
  assert.ok(Math.abs(two.means[big]![0]! + 4) < 0.1 && Math.abs(two.means[big]![1]!) < 0.1, `means ${two.means.map((m) => [...m])}`);
  assert.ok(Math.abs(two.means[small]![0]! - 4) < 0.1 && Math.abs(two.means[small]![1]! - 2) < 0.1);
  assert.ok(Math.abs(two.covariances[small]![1]! - 0.2) < 0.06, `off-diagonal ${two.covariances[small]![1]}`);
  assert.ok(two.iterations >= 1);
  assert.ok(two.logLikelihood > one.logLikelihood + 0.5, `two components ${two.logLikelihood} vs one ${one.logLikelihood} nats per point`);
});

test('samples carry the fitted mean and covariance, and the same seed draws the same points', () => {
  const g = fitGaussianMixture(gaussianPoints(5000, MU, SIGMA, new Rng(7)), 3, new Rng(8));
  const s = sampleGaussianMixture(g, 20_000, new Rng(9));
  const m = moments(s, 3);
  for (let a = 0; a < 3; a++) {
    assert.ok(Math.abs(m.mean[a]! - g.means[0]![a]!) < 0.04);
    for (let b = 0; b < 3; b++) assert.ok(Math.abs(m.cov[a]![b]! - g.covariances[0]![a * 3 + b]!) < 0.06);
  }
  assert.deepEqual(sampleGaussianMixture(g, 50, new Rng(9)), s.subarray(0, 150));
  assert.notDeepEqual(sampleGaussianMixture(g, 50, new Rng(10)), s.subarray(0, 150));
});

test('a mixture fit is deterministic for a seed', () => {
  const points = gaussianPoints(600, [0, 0], [[1, 0.5], [0.5, 1]], new Rng(11));
  const a = fitGaussianMixture(points, 2, new Rng(12), { components: 3 });
  const b = fitGaussianMixture(points, 2, new Rng(12), { components: 3 });
  assert.deepEqual(a, b);
});

test('bad input is refused with the argument and what was expected', () => {
  const rng = new Rng(1);
  assert.throws(() => fitGaussianMixture([1, 2, 3], 2, rng), /fitGaussianMixture: points holds 3 values, not a whole number of points of 2 dims/);
  assert.throws(() => fitGaussianMixture([1, 2], 0, rng), /dims must be a positive integer, got 0/);
  assert.throws(() => fitGaussianMixture(new Float64Array(8), 2, rng, { components: 2 }), /4 points cannot fit 2 full-covariance components in 2 dims; need at least 6/);
  assert.throws(() => fitGaussianMixture([0, 1, 2, NaN, 4, 5], 2, rng), /points must be finite; found NaN/);
  assert.throws(() => fitGaussianMixture(new Float64Array(12), 2, rng, { components: 1.5 }), /options.components must be a positive integer, got 1.5/);
  assert.throws(() => fitGaussianMixture(new Float64Array(12), 2, rng, { regularisation: -1 }), /options.regularisation must be a finite number >= 0, got -1/);
  // Identical points: the covariance is only the ridge, which keeps it positive definite ...
  assert.doesNotThrow(() => fitGaussianMixture(new Float64Array(12), 2, rng));
  // ... and without the ridge the factorisation says what to do.
  assert.throws(() => fitGaussianMixture(new Float64Array(12), 2, rng, { regularisation: 0 }), /not positive definite .*raise the regularisation/);
});
