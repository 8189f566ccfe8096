/**
 * Anomaly scores of windows under a VAE codec (any precision):
 *
 *   score(x) = ½‖x − decode(μ(x))‖² + ½‖μ(x)‖²
 *
 * the mean-path part of the negative ELBO (elbo.ts): the reconstruction
 * term at z = μ plus the prior's energy of the code (−log N(μ; 0, I) up to
 * a constant). The posterior-variance terms of the KL are left out: they
 * need the training-only log-variance head, which the deployed integer
 * model does not carry. Reconstruction error alone (An & Cho 2015) misses
 * anomalies the decoder can draw well but from an unlikely code — a
 * machine running hours too cold is a smooth curve, easy to reconstruct,
 * far from the training codes (measured in docs/generative.md).
 */
import { noGrad, tensor, tidy } from '../../engine/index.js';
import { checkWindowSet, type WindowSet } from '../metrics/window-set.js';
import type { LatentCodec } from '../precision/latent-codec.js';

export interface AnomalyScores {
  /** ½‖x − x̂‖² + ½‖μ‖² per window. */
  scores: Float32Array;
  /** Mean squared reconstruction error per window. */
  reconstructionMse: Float32Array;
}

export function anomalyScores(codec: LatentCodec, windows: WindowSet, labels?: ArrayLike<number>, batchSize = 256): AnomalyScores {
  checkWindowSet('anomalyScores', 'windows', windows);
  const { count, channels, length } = windows;
  const per = channels * length;
  const scores = new Float32Array(count);
  const reconstructionMse = new Float32Array(count);
  for (let start = 0; start < count; start += batchSize) {
    const n = Math.min(batchSize, count - start);
    const x = Float32Array.from(windows.data.subarray(start * per, (start + n) * per));
    const lab = labels ? Array.from({ length: n }, (_, i) => labels[start + i]!) : undefined;
    const [y, mu] = noGrad(() =>
      tidy(() => {
        const m = codec.encode(tensor(x, [n, channels, length]), lab);
        const r = codec.decode(m, lab);
        return [r.toArray() as Float32Array, m.toArray() as Float32Array] as const;
      }),
    );
    if (y.length !== x.length) throw new RangeError(`anomalyScores: the decoder returned ${y.length / n} values per window; expected ${per} ([${channels}, ${length}])`);
    for (let w = 0; w < n; w++) {
      let sse = 0;
      for (let i = w * per; i < (w + 1) * per; i++) sse += (x[i]! - y[i]!) ** 2;
      let m2 = 0;
      for (let j = w * codec.latent; j < (w + 1) * codec.latent; j++) m2 += mu[j]! ** 2;
      scores[start + w] = 0.5 * sse + 0.5 * m2;
      reconstructionMse[start + w] = sse / per;
    }
  }
  return { scores, reconstructionMse };
}
