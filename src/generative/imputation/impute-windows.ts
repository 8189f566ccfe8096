/**
 * Imputation of dropped readings with a VAE codec: start from linear
 * interpolation across each gap, then alternate reconstruct → put the
 * reconstruction into the missing entries only, a fixed number of times —
 * the iterative scheme of Rezende, Mohamed & Wierstra 2014 ("Stochastic
 * Backpropagation and Approximate Inference in Deep Generative Models",
 * sec. 5.3) run at the posterior mean, so it is deterministic and runs
 * unchanged on every precision. Observed readings are never changed.
 */
import { noGrad, tensor, tidy } from '../../engine/index.js';
import { linearInterpolate } from '../metrics/linear-interpolation.js';
import type { WindowSet } from '../metrics/window-set.js';
import type { LatentCodec } from '../precision/latent-codec.js';

/**
 * `masks` holds one [channels, length] mask per window (1 = missing), back to
 * back like the windows. Returns the filled windows.
 */
export function imputeWindows(codec: LatentCodec, windows: WindowSet, masks: Uint8Array, iterations = 5, batchSize = 256): Float32Array {
  const { count, channels, length } = windows;
  const per = channels * length;
  if (masks.length !== count * per) throw new RangeError(`imputeWindows: masks has ${masks.length} entries; expected one per reading (${count} × ${per})`);
  if (!Number.isInteger(iterations) || iterations < 0) throw new RangeError(`imputeWindows: iterations must be an integer >= 0, got ${iterations}`);
  const filled = new Float32Array(count * per);
  for (let w = 0; w < count; w++) {
    const x = Float32Array.from(windows.data.subarray(w * per, (w + 1) * per));
    filled.set(linearInterpolate(x, channels, masks.subarray(w * per, (w + 1) * per)), w * per);
  }
  for (let it = 0; it < iterations; it++) {
    for (let start = 0; start < count; start += batchSize) {
      const n = Math.min(batchSize, count - start);
      const x = filled.slice(start * per, (start + n) * per);
      const y = noGrad(() => tidy(() => codec.decode(codec.encode(tensor(x, [n, channels, length]))).toArray() as Float32Array));
      for (let i = 0; i < y.length; i++) if (masks[start * per + i]) filled[start * per + i] = y[i]!;
    }
  }
  return filled;
}
