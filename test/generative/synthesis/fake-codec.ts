/**
 * A LatentCodec whose halves are known closed forms, so the synthesis code
 * can be checked against exact values: decode writes z[t mod latent] +
 * 10·class into every channel (the class shows in the level), so a window
 * tells which z and which class drew it; encode inverts that from the first
 * `latent` readings of channel 0 (minus the class level). A window
 * decode(z, k) + e with e zero on those readings reconstructs to
 * decode(z, k): its residual is exactly e.
 */
import { tensor } from '../../../src/engine/index.js';
import type { LatentCodec } from '../../../src/generative/precision/latent-codec.js';

export function fakeCodec(latent: number, classes: number, shape: readonly [number, number]): LatentCodec {
  const [channels, length] = shape;
  return {
    id: 'fp32',
    latent,
    classes,
    encode(x, labels) {
      if (classes > 0 && labels === undefined) throw new Error('fakeCodec.encode: labels required');
      const n = x.shape[0]!;
      const data = x.toArray();
      const level = (w: number): number => (classes > 0 ? 10 * labels![w]! : 0);
      return tensor(Float32Array.from({ length: n * latent }, (_, i) => data[Math.floor(i / latent) * channels * length + (i % latent)]! - level(Math.floor(i / latent))), [n, latent]);
    },
    decode(z, labels) {
      if (classes > 0 && labels === undefined) throw new Error('fakeCodec.decode: labels required');
      const n = z.shape[0]!;
      const data = z.toArray();
      const out = new Float32Array(n * channels * length);
      for (let w = 0; w < n; w++) {
        const level = classes > 0 ? 10 * labels![w]! : 0;
        for (let i = 0; i < channels * length; i++) out[w * channels * length + i] = data[w * latent + ((i % length) % latent)]! + level;
      }
      return tensor(out, [n, channels, length]);
    },
  };
}
