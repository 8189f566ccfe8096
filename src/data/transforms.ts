/**
 * Per-sample transforms (augmentation and normalisation) applied by the
 * DataLoader before a sample is copied into its batch.
 *
 * Contract, which every transform here keeps and custom ones must keep too:
 * - never write to `x` (it may be a view into the dataset's storage);
 * - return either `x` itself or a buffer the transform owns and reuses, so a
 *   training loop does not allocate per sample. The result is valid only
 *   until the transform is called again; the DataLoader copies it into the
 *   batch straight away;
 * - keep the shape: the result holds exactly `sizeOf(shape)` values;
 * - draw all randomness from `rng`, so a seed reproduces the augmentation.
 */
import type { Rng } from '../engine/random.js';
import { formatShape, sizeOf } from '../engine/shape.js';

export type Transform = (x: Float32Array, shape: readonly number[], rng: Rng) => Float32Array;

/**
 * Zero-pad a CHW image by `pad` pixels on each side, then crop back to the
 * original H x W at a uniformly random offset. This is the CIFAR-10
 * augmentation of He et al. 2016, "Deep Residual Learning for Image
 * Recognition", sec. 4.2: "4 pixels are padded on each side, and a 32x32
 * crop is randomly sampled from the padded image". The padded image is never
 * materialised: each output pixel reads its source or is zero.
 */
export function randomCropWithPadding(pad: number): Transform {
  if (!Number.isInteger(pad) || pad < 0) {
    throw new RangeError(`randomCropWithPadding: pad must be a non-negative integer, got ${pad}`);
  }
  const buffer = new ReusableBuffer();
  return (x, shape, rng) => {
    checkSample('randomCropWithPadding', x, shape);
    if (shape.length !== 3) {
      throw new RangeError(`randomCropWithPadding: expected a CHW sample shape [C, H, W], got ${formatShape(shape)}`);
    }
    const [c, h, w] = shape as [number, number, number];
    // Offset of the crop's top-left corner inside the padded image, in
    // [0, 2 * pad]; subtracting pad gives the shift relative to the original.
    const dy = rng.int(2 * pad + 1) - pad;
    const dx = rng.int(2 * pad + 1) - pad;
    const out = buffer.get(x);
    // Columns [lo, hi) of each output row have a source pixel; the rest are padding.
    const lo = Math.min(w, Math.max(0, -dx));
    const hi = Math.max(lo, Math.min(w, w - dx));
    for (let ch = 0; ch < c; ch++) {
      const plane = ch * h * w;
      for (let i = 0; i < h; i++) {
        const row = plane + i * w;
        const srcI = i + dy;
        if (srcI < 0 || srcI >= h) {
          out.fill(0, row, row + w);
          continue;
        }
        const srcRow = plane + srcI * w + dx;
        for (let j = 0; j < lo; j++) out[row + j] = 0;
        for (let j = lo; j < hi; j++) out[row + j] = x[srcRow + j]!;
        for (let j = hi; j < w; j++) out[row + j] = 0;
      }
    }
    return out;
  };
}

/**
 * With probability `p`, mirror the last axis (W of a CHW image). One random
 * draw per call whether or not it flips, so the stream stays aligned.
 */
export function randomHorizontalFlip(p = 0.5): Transform {
  if (!(p >= 0 && p <= 1)) throw new RangeError(`randomHorizontalFlip: p must be in [0, 1], got ${p}`);
  const buffer = new ReusableBuffer();
  return (x, shape, rng) => {
    checkSample('randomHorizontalFlip', x, shape);
    if (shape.length === 0) throw new RangeError('randomHorizontalFlip: expected a sample shape with at least one axis, got []');
    if (!(rng.next() < p)) return x;
    const w = shape[shape.length - 1]!;
    const out = buffer.get(x);
    for (let row = 0; row < x.length; row += w) {
      for (let j = 0; j < w; j++) out[row + j] = x[row + w - 1 - j]!;
    }
    return out;
  };
}

/**
 * Throws a RangeError unless every mean is finite and every std positive and
 * finite; messages read `<prefix>mean[c] must be finite, got ...`.
 */
export function checkMeanStd(mean: readonly number[], std: readonly number[], prefix: string): void {
  mean.forEach((m, c) => {
    if (!Number.isFinite(m)) throw new RangeError(`${prefix}mean[${c}] must be finite, got ${m}`);
  });
  std.forEach((s, c) => {
    if (!(s > 0 && Number.isFinite(s))) throw new RangeError(`${prefix}std[${c}] must be positive and finite, got ${s}`);
  });
}

/**
 * Per-channel standardisation `(x - mean[c]) / std[c]`, channels on the
 * first axis (CHW images, [C, L] windows).
 */
export function normalize(mean: readonly number[], std: readonly number[]): Transform {
  if (mean.length === 0 || mean.length !== std.length) {
    throw new RangeError(`normalize: mean and std need one entry per channel and equal lengths, got ${mean.length} and ${std.length}`);
  }
  checkMeanStd(mean, std, 'normalize: ');
  const invStd = std.map((s) => 1 / s);
  const buffer = new ReusableBuffer();
  return (x, shape) => {
    checkSample('normalize', x, shape);
    if (shape[0] !== mean.length) {
      throw new RangeError(`normalize: configured for ${mean.length} channels but the sample shape ${formatShape(shape)} has ${shape[0] ?? 'no'} on axis 0`);
    }
    const out = buffer.get(x);
    const plane = x.length / mean.length;
    for (let c = 0; c < mean.length; c++) {
      const m = mean[c]!;
      const k = invStd[c]!;
      for (let i = c * plane, end = i + plane; i < end; i++) out[i] = (x[i]! - m) * k;
    }
    return out;
  };
}

/** Apply `transforms` left to right. */
export function compose(...transforms: Transform[]): Transform {
  return (x, shape, rng) => {
    let y = x;
    for (const t of transforms) y = t(y, shape, rng);
    return y;
  };
}

/**
 * Output storage kept between calls and regrown only when the sample size
 * changes. Two slots, so that when the input is this transform's own last
 * output (the same instance twice in `compose`) it never reads what it is
 * overwriting.
 */
class ReusableBuffer {
  private slots: [Float32Array, Float32Array] = [new Float32Array(0), new Float32Array(0)];

  get(input: Float32Array): Float32Array {
    const slot = this.slots[0] === input ? 1 : 0;
    if (this.slots[slot].length !== input.length) this.slots[slot] = new Float32Array(input.length);
    return this.slots[slot];
  }
}

function checkSample(where: string, x: Float32Array, shape: readonly number[]): void {
  if (x.length !== sizeOf(shape)) {
    throw new RangeError(`${where}: sample has ${x.length} values but shape ${formatShape(shape)} needs ${sizeOf(shape)}`);
  }
}
