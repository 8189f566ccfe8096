/**
 * The negative evidence lower bound of a (conditional) VAE, per window
 * (Kingma & Welling 2014, eq. 10, with the Gaussian-posterior KL of their
 * appendix B):
 *
 *   −ELBO(x) = ½ Σ (x − x̂)² / σ_x²  +  β · ½ Σ_j (μ_j² + σ_j² − log σ_j² − 1)
 *
 * with x̂ = decoder(z), z = μ + σ ⊙ ε, ε ~ N(0, I) (the reparameterisation
 * trick). The decoder's output variance σ_x² is fixed at 1 on standardised
 * data, so the reconstruction term is half the summed squared error (the
 * additive constant ½·D·log 2π is left out). β weights the KL term (β-VAE,
 * Higgins et al. 2017); training warms it up from 0 (Bowman et al. 2016).
 */
import { exp, mean, randn, square, sum, type Rng, type Tensor } from '../../engine/index.js';
import type { SensorVae } from '../../nn/index.js';

export interface ElboTerms {
  /** Mean over the batch of the reconstruction term + β·KL: the training loss. */
  loss: Tensor;
  /** Mean over the batch of ½ Σ (x − x̂)². */
  reconstruction: Tensor;
  /** Mean over the batch of the KL divergence of q(z|x) from N(0, I). */
  kl: Tensor;
}

/** The batch's −ELBO with one sample of z per window (x standardised [N, C, L]). */
export function elboTerms(model: SensorVae, x: Tensor, labels: ArrayLike<number> | undefined, beta: number, rng: Rng): ElboTerms {
  const { mean: mu, logVar } = model.encode(x, labels);
  const eps = randn(mu.shape, rng);
  const z = mu.add(exp(logVar.mul(0.5)).mul(eps));
  const xHat = model.decode(z, labels);
  const reconstruction = mean(sum(square(x.sub(xHat)), [1, 2])).mul(0.5);
  const kl = mean(sum(square(mu).add(exp(logVar)).sub(logVar).sub(1), 1)).mul(0.5);
  return { loss: beta === 0 ? reconstruction : reconstruction.add(kl.mul(beta)), reconstruction, kl };
}
