/**
 * The residual noise model: σ and ρ recovered from AR(1) residuals of
 * known parameters, per class or pooled, white when asked; fitted through
 * a codec it sees exactly the residuals x − decode(encode(x)); the noise it
 * adds has the stated σ and lag-1 correlation; bad models are named.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Rng } from '../../../src/engine/random.js';
import { addResidualNoise, fitResidualNoise, residualNoiseFromResiduals, residualNoiseProblem, type ResidualNoise } from '../../../src/generative/synthesis/residual-noise.js';
import { fakeCodec } from './fake-codec.js';

const L = 64;

/** Windows [count, 2, L] of AR(1) noise: class k, channel c has σ = sigma[k][c], ρ = rho[k][c]. */
function ar1Windows(labels: Int32Array, sigma: number[][], rho: number[][], rng: Rng): Float32Array {
  const data = new Float32Array(labels.length * 2 * L);
  addResidualNoise(data, labels, { std: sigma, lag1: rho }, [2, L], rng);
  return data;
}

const SIGMA = [[0.1, 0.2], [1.0, 0.5]];
const RHO = [[0.8, 0.0], [-0.3, 0.6]];

test('σ and ρ of AR(1) residuals are recovered per class and channel', () => {
  const labels = Int32Array.from({ length: 4000 }, (_, i) => i % 2);
  const data = ar1Windows(labels, SIGMA, RHO, new Rng(1));
  const fit = residualNoiseFromResiduals({ data, count: 4000, channels: 2, length: L }, labels, 2);
  for (let k = 0; k < 2; k++) {
    for (let c = 0; c < 2; c++) {
      assert.ok(Math.abs(fit.std[k]![c]! / SIGMA[k]![c]! - 1) < 0.03, `σ[${k}][${c}] = ${fit.std[k]![c]}, true ${SIGMA[k]![c]}`);
      // Yule–Walker sums L − 1 lagged products against L squares, shrinking ρ by about (L − 1)/L (0.0125 at ρ = 0.8, L = 64).
      assert.ok(Math.abs(fit.lag1[k]![c]! - RHO[k]![c]!) < 0.03, `ρ[${k}][${c}] = ${fit.lag1[k]![c]}, true ${RHO[k]![c]}`);
    }
  }
  const white = residualNoiseFromResiduals({ data, count: 4000, channels: 2, length: L }, labels, 2, false);
  assert.deepEqual(white.std, fit.std);
  assert.deepEqual(white.lag1, [[0, 0], [0, 0]]);
});

test('pooled: one row, the root-mean-square over every window; an empty group takes the pooled values', () => {
  const labels = Int32Array.from({ length: 2000 }, (_, i) => i % 2);
  const data = ar1Windows(labels, SIGMA, RHO, new Rng(2));
  const set = { data, count: 2000, channels: 2, length: L };
  const pooled = residualNoiseFromResiduals(set, new Int32Array(2000), 1);
  const perClass = residualNoiseFromResiduals(set, labels, 2);
  for (let c = 0; c < 2; c++) {
    const expected = Math.sqrt((perClass.std[0]![c]! ** 2 + perClass.std[1]![c]! ** 2) / 2);
    assert.ok(Math.abs(pooled.std[0]![c]! - expected) < 1e-9, `pooled σ ${pooled.std[0]![c]} vs ${expected}`);
  }
  const withEmpty = residualNoiseFromResiduals(set, labels, 3);
  assert.deepEqual(withEmpty.std[2], pooled.std[0]);
  assert.throws(() => residualNoiseFromResiduals(set, labels, 1), /group\[1\] = 1; expected an integer in \[0, 1\)/);
  assert.throws(() => residualNoiseFromResiduals(set, labels.subarray(1), 2), /1999 group indices for 2000 windows/);
});

test('fitResidualNoise reconstructs through the codec and fits exactly the residuals x − decode(encode(x))', () => {
  const shape = [2, L] as const;
  const codec = fakeCodec(4, 2, shape);
  const labels = Int32Array.from({ length: 600 }, (_, i) => (i * 7) % 2);
  const rng = new Rng(3);
  const residual = ar1Windows(labels, SIGMA, RHO, rng);
  // The codec reads z from the first 4 readings of channel 0: the residual there must be 0.
  for (let w = 0; w < 600; w++) residual.fill(0, w * 2 * L, w * 2 * L + 4);
  const z = Float32Array.from({ length: 600 * 4 }, () => rng.normal());
  const windows = { data: new Float32Array(600 * 2 * L), count: 600, channels: 2, length: L };
  for (let w = 0; w < 600; w++) for (let i = 0; i < 2 * L; i++) windows.data[w * 2 * L + i] = z[w * 4 + ((i % L) % 4)]! + 10 * labels[w]! + residual[w * 2 * L + i]!;
  const viaCodec = fitResidualNoise(codec, windows, labels, { batchSize: 128 });
  const direct = residualNoiseFromResiduals({ data: residual, count: 600, channels: 2, length: L }, labels, 2);
  for (let k = 0; k < 2; k++) {
    for (let c = 0; c < 2; c++) {
      assert.ok(Math.abs(viaCodec.std[k]![c]! - direct.std[k]![c]!) < 1e-5);
      assert.ok(Math.abs(viaCodec.lag1[k]![c]! - direct.lag1[k]![c]!) < 1e-4);
    }
  }
  const pooled = fitResidualNoise(codec, windows, labels, { perClass: false, autoregressive: false });
  assert.equal(pooled.std.length, 1);
  assert.deepEqual(pooled.lag1, [[0, 0]]);
  assert.throws(() => fitResidualNoise(codec, windows, undefined), /fitResidualNoise: a conditional codec needs labels, one per window \(600\), got none/);
});

test('the added noise is stationary: σ at the first and the last step, and ρ^τ at lag τ', () => {
  const n = 20_000;
  const data = new Float32Array(n * L);
  addResidualNoise(data, new Int32Array(n), { std: [[2]], lag1: [[0.7]] }, [1, L], new Rng(4));
  const at = (t: number) => Math.sqrt(Array.from({ length: n }, (_, w) => data[w * L + t]! ** 2).reduce((a, b) => a + b, 0) / n);
  assert.ok(Math.abs(at(0) - 2) < 0.05 && Math.abs(at(L - 1) - 2) < 0.05, `σ ${at(0)}, ${at(L - 1)}`);
  const corr = (tau: number) => Array.from({ length: n }, (_, w) => data[w * L + 10]! * data[w * L + 10 + tau]!).reduce((a, b) => a + b, 0) / n / 4;
  assert.ok(Math.abs(corr(1) - 0.7) < 0.02 && Math.abs(corr(3) - 0.343) < 0.02, `ρ(1) ${corr(1)}, ρ(3) ${corr(3)}`);
});

test('residualNoiseProblem names what does not fit', () => {
  const ok: ResidualNoise = { std: [[1, 1]], lag1: [[0, 0.5]] };
  assert.equal(residualNoiseProblem(ok, 3, 2), undefined);
  assert.match(residualNoiseProblem(ok, 3, 3)!, /std and lag1 must each be \[3 or 1\]\[3\]/);
  assert.match(residualNoiseProblem({ std: [[1, -1]], lag1: [[0, 0]] }, 1, 2)!, /every std must be finite and >= 0/);
  assert.match(residualNoiseProblem({ std: [[1, 1]], lag1: [[0, 1.5]] }, 1, 2)!, /every lag1 must lie in \[-1, 1\]/);
});
