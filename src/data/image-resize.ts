/**
 * Resizing CHW images, as a pure function. Each axis is resampled on its own
 * (both filters below are separable), with half-pixel centres: output pixel
 * j covers the source interval [j * s, (j + 1) * s), s = in / out.
 *
 * - Shrinking an axis uses area averaging: each output value is the mean of
 *   the source pixels it covers, weighted by the covered fraction (OpenCV's
 *   INTER_AREA). For an integer factor k this is exactly the mean of k x k
 *   blocks, e.g. Tiny-ImageNet 64 -> 32 averages 2 x 2 blocks, and nothing
 *   aliases, which point or bilinear sampling would.
 * - Growing an axis uses linear interpolation between the two nearest source
 *   centres, clamped at the borders (PyTorch `interpolate(mode='bilinear',
 *   align_corners=False)`, OpenCV INTER_LINEAR).
 */
import { formatShape } from '../engine/shape.js';

/** Where one output index reads from: `weights[t]` applies to source index `start + t`. */
interface Taps {
  start: number;
  weights: number[];
}

/**
 * Resize `src` (CHW, `[channels, inHeight, inWidth]` values back to back) to
 * `[channels, outHeight, outWidth]` as float32. Values are not rounded or
 * clamped: both filters are convex combinations, so the output stays within
 * the input's range.
 */
export function resizeChw(src: ArrayLike<number>, shape: readonly [number, number, number], outHeight: number, outWidth: number): Float32Array {
  const [channels, inHeight, inWidth] = shape;
  for (const [name, v] of [['channels', channels], ['inHeight', inHeight], ['inWidth', inWidth], ['outHeight', outHeight], ['outWidth', outWidth]] as const) {
    if (!Number.isInteger(v) || v <= 0) throw new RangeError(`resizeChw: ${name} must be a positive integer, got ${v}`);
  }
  if (src.length !== channels * inHeight * inWidth) {
    throw new RangeError(`resizeChw: src holds ${src.length} values, expected ${formatShape(shape)} = ${channels * inHeight * inWidth}`);
  }
  const out = new Float32Array(channels * outHeight * outWidth);
  if (inHeight === outHeight && inWidth === outWidth) {
    for (let i = 0; i < out.length; i++) out[i] = src[i]!;
    return out;
  }
  const rowTaps = axisTaps(inHeight, outHeight);
  const colTaps = axisTaps(inWidth, outWidth);
  // Columns first into [inHeight, outWidth], then rows; one plane at a time.
  const tmp = new Float64Array(inHeight * outWidth);
  for (let c = 0; c < channels; c++) {
    const inPlane = c * inHeight * inWidth;
    for (let y = 0; y < inHeight; y++) {
      const rowStart = inPlane + y * inWidth;
      for (let x = 0; x < outWidth; x++) {
        const { start, weights } = colTaps[x]!;
        let acc = 0;
        for (let t = 0; t < weights.length; t++) acc += weights[t]! * src[rowStart + start + t]!;
        tmp[y * outWidth + x] = acc;
      }
    }
    const outPlane = c * outHeight * outWidth;
    for (let y = 0; y < outHeight; y++) {
      const { start, weights } = rowTaps[y]!;
      for (let x = 0; x < outWidth; x++) {
        let acc = 0;
        for (let t = 0; t < weights.length; t++) acc += weights[t]! * tmp[(start + t) * outWidth + x]!;
        out[outPlane + y * outWidth + x] = acc;
      }
    }
  }
  return out;
}

/** Taps of every output index along one axis of `inSize` -> `outSize`. */
function axisTaps(inSize: number, outSize: number): Taps[] {
  const taps: Taps[] = [];
  const scale = inSize / outSize;
  for (let j = 0; j < outSize; j++) taps.push(outSize <= inSize ? areaTaps(j, scale, inSize) : linearTaps(j, scale, inSize));
  return taps;
}

/** Source pixels overlapping [j * scale, (j + 1) * scale), weighted by the overlap (normalised to sum 1). */
function areaTaps(j: number, scale: number, inSize: number): Taps {
  const lo = j * scale;
  const hi = Math.min(inSize, (j + 1) * scale);
  let start = -1;
  const weights: number[] = [];
  for (let i = Math.floor(lo); i < hi; i++) {
    const overlap = Math.min(hi, i + 1) - Math.max(lo, i);
    // Float error can leave a 1e-15-wide sliver of a neighbour at either end;
    // only the ends can be slivers, so skipping them keeps the taps contiguous.
    if (overlap <= 1e-9) continue;
    if (start < 0) start = i;
    weights.push(overlap);
  }
  return normalise({ start, weights });
}

/** Half-pixel centre of output j maps to source coordinate (j + 0.5) * scale - 0.5; interpolate its neighbours. */
function linearTaps(j: number, scale: number, inSize: number): Taps {
  const x = Math.max(0, Math.min(inSize - 1, (j + 0.5) * scale - 0.5));
  const left = Math.min(Math.floor(x), inSize - 1);
  const frac = x - left;
  if (left === inSize - 1 || frac === 0) return { start: left, weights: [1] };
  return { start: left, weights: [1 - frac, frac] };
}

/** Make the weights sum to exactly 1, so a constant image stays constant to the last bit. */
function normalise(taps: Taps): Taps {
  const sum = taps.weights.reduce((a, b) => a + b, 0);
  return { start: taps.start, weights: taps.weights.map((w) => w / sum) };
}
