/**
 * The −ELBO terms against the closed forms, computed here in float64 from
 * the model's own encode/decode: KL(N(μ, σ²) ‖ N(0, I)) = ½ Σ (μ² + σ² −
 * log σ² − 1), the reconstruction ½ Σ (x − x̂)² at z = μ + σ ⊙ ε with ε drawn
 * from the same seed, and their gradients at the heads' biases.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { noGrad, randn, Rng, tensor, tidy } from '../../../src/engine/index.js';
import { sensorVae, type SensorVae } from '../../../src/nn/index.js';
import { elboTerms } from '../../../src/generative/vae/elbo.js';

const N = 5;
const LATENT = 3;
const L = 16;

function model(classes = 0): SensorVae {
  const vae = sensorVae({ inputChannels: 2, inputLength: L, width: 4, stages: 2, latent: LATENT, classes, seed: 7 });
  vae.eval();
  return vae;
}

/** Per-window KL and reconstruction (batch means) by hand, with ε from `seed`. */
function byHand(vae: SensorVae, x: Float32Array, labels: number[] | undefined, seed: number): { kl: number; reconstruction: number; klGradLogVarBias: number[]; klGradMeanBias: number[] } {
  const { mu, lv } = noGrad(() =>
    tidy(() => {
      const e = vae.encode(tensor(x, [N, 2, L]), labels);
      return { mu: Array.from(e.mean.toArray()), lv: Array.from(e.logVar.toArray()) };
    }),
  );
  const eps = Array.from(randn([N, LATENT], new Rng(seed)).toArray());
  const z = Float32Array.from(mu, (m, i) => m + Math.exp(0.5 * lv[i]!) * eps[i]!);
  const xHat = noGrad(() => tidy(() => Array.from(vae.decode(tensor(z, [N, LATENT]), labels).toArray())));
  let kl = 0;
  for (let i = 0; i < mu.length; i++) kl += 0.5 * (mu[i]! ** 2 + Math.exp(lv[i]!) - lv[i]! - 1);
  let rec = 0;
  for (let i = 0; i < x.length; i++) rec += 0.5 * (x[i]! - xHat[i]!) ** 2;
  // ∂KL/∂(log σ²_j) = ½ (σ²_j − 1) and ∂KL/∂μ_j = μ_j; each head's bias enters its output with weight 1.
  const klGradLogVarBias = Array.from({ length: LATENT }, (_, j) => mu.reduce((s, _m, i) => s + (i % LATENT === j ? (0.5 * (Math.exp(lv[i]!) - 1)) / N : 0), 0));
  const klGradMeanBias = Array.from({ length: LATENT }, (_, j) => mu.reduce((s, m, i) => s + (i % LATENT === j ? m / N : 0), 0));
  return { kl: kl / N, reconstruction: rec / N, klGradLogVarBias, klGradMeanBias };
}

function close(got: number, want: number, rel = 1e-5, what = ''): void {
  assert.ok(Math.abs(got - want) <= rel * Math.max(1, Math.abs(want)), `${what}: ${got} vs ${want}`);
}

test('kl and reconstruction equal the closed forms from encode/decode; loss = reconstruction + β·kl', () => {
  const vae = model();
  const x = randn([N, 2, L], new Rng(1)).toArray() as Float32Array;
  const want = byHand(vae, x, undefined, 42);
  const terms = noGrad(() => elboTerms(vae, tensor(x, [N, 2, L]), undefined, 0.7, new Rng(42)));
  close(terms.kl.item(), want.kl, 1e-5, 'kl');
  close(terms.reconstruction.item(), want.reconstruction, 1e-5, 'reconstruction');
  close(terms.loss.item(), want.reconstruction + 0.7 * want.kl, 1e-5, 'loss');
  assert.ok(want.kl > 0, 'a random encoder is not the prior');
  // β = 0: the loss is the reconstruction term alone.
  const plain = noGrad(() => elboTerms(vae, tensor(x, [N, 2, L]), undefined, 0, new Rng(42)));
  assert.equal(plain.loss.item(), plain.reconstruction.item());
  // Another seed draws another z: same KL, another reconstruction.
  const other = noGrad(() => elboTerms(vae, tensor(x, [N, 2, L]), undefined, 0.7, new Rng(43)));
  assert.equal(other.kl.item(), terms.kl.item());
  assert.notEqual(other.reconstruction.item(), terms.reconstruction.item());
});

test('the KL gradient reaches both heads: ∂KL/∂b = mean of ½(σ² − 1) at the log-variance head, of μ at the mean head', () => {
  const vae = model();
  const x = randn([N, 2, L], new Rng(2)).toArray() as Float32Array;
  const want = byHand(vae, x, undefined, 5);
  elboTerms(vae, tensor(x, [N, 2, L]), undefined, 1, new Rng(5)).kl.backward();
  const got = (t: { grad: { toArray(): ArrayLike<number> } | null }) => Array.from(t.grad!.toArray());
  got(vae.logVar.head.bias!).forEach((g, j) => close(g, want.klGradLogVarBias[j]!, 1e-4, `∂KL/∂logVar.bias[${j}]`));
  got(vae.mean.bias!).forEach((g, j) => close(g, want.klGradMeanBias[j]!, 1e-4, `∂KL/∂mean.bias[${j}]`));
});

test('a conditional model: the terms use the labels, and refuse to run without them', () => {
  const vae = model(2);
  const x = randn([N, 2, L], new Rng(3)).toArray() as Float32Array;
  const labels = [0, 1, 1, 0, 1];
  const want = byHand(vae, x, labels, 9);
  const terms = noGrad(() => elboTerms(vae, tensor(x, [N, 2, L]), labels, 1, new Rng(9)));
  close(terms.kl.item(), want.kl, 1e-5, 'kl');
  close(terms.reconstruction.item(), want.reconstruction, 1e-5, 'reconstruction');
  const flipped = noGrad(() => elboTerms(vae, tensor(x, [N, 2, L]), labels.map((y) => 1 - y), 1, new Rng(9)));
  assert.notEqual(flipped.kl.item(), terms.kl.item());
  assert.throws(() => elboTerms(vae, tensor(x, [N, 2, L]), undefined, 1, new Rng(9)), /needs one label per sample \(5\), got none/);
});
