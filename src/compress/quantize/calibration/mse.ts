/**
 * MSE calibration: the clipping range [lo, hi] (with lo ≤ 0 ≤ hi, as the
 * affine quantizer makes it) minimising the expected squared quantization
 * error over the histogram,
 *
 *   E(lo, hi) = Σ_{x < lo} (x − lo)² + Σ_{x > hi} (x − hi)² + n_inside · Δ²/12,
 *   Δ = (hi − lo) / (2^bits − 1),
 *
 * clipping error plus the rounding noise of a uniform quantizer in its
 * high-resolution approximation (a value inside the range is off by a
 * uniform amount in ±Δ/2, variance Δ²/12; the decomposition of Banner,
 * Nahshan & Soudry 2019, "Post Training 4-bit Quantization of Convolutional
 * Networks for Rapid-Deployment", NeurIPS, sec. 3). The clipping sums use
 * each bin's values spread uniformly over its support (mean c, second
 * moment c² + w²/12), so they are exact under that reading.
 *
 * Candidates for lo and hi are the bin edges inside (min, max) and min, max
 * themselves; no bin then straddles a candidate, and prefix sums make each
 * of the ~n²/4 pairs O(1).
 */
import type { Histogram } from './histogram.js';
import { binSupport, isPointMass, type ClipRange } from './histogram-density.js';

export interface MseOptions {
  /** Bit width of the quantizer the range is for. Default 8. */
  bits?: number;
}

export function calibrateMse(h: Histogram, options: MseOptions = {}): ClipRange {
  const bits = options.bits ?? 8;
  checkMseOptions({ bits }, 'calibrateMse');
  if (isPointMass(h)) return { min: h.min, max: h.max };
  const moments = binMoments(h);
  const step2 = 1 / ((2 ** bits - 1) ** 2 * 12);
  const los = candidates(h, 'lo');
  const his = candidates(h, 'hi');
  let best: ClipRange = { min: h.min, max: h.max };
  let bestError = Infinity;
  for (const lo of los) {
    for (const hi of his) {
      const e = expectedError(moments, lo.value, lo.bin, hi.value, hi.bin, step2);
      if (e < bestError) {
        bestError = e;
        best = { min: lo.value, max: hi.value };
      }
    }
  }
  // The quantizer widens to 0 anyway; report the range inside the values seen.
  return { min: Math.max(best.min, h.min), max: Math.min(best.max, h.max) };
}

export function checkMseOptions(o: MseOptions, who: string): void {
  if (o.bits !== undefined && (!Number.isInteger(o.bits) || o.bits < 2 || o.bits > 16)) {
    throw new RangeError(`${who}: bits must be an integer from 2 to 16, got ${o.bits}`);
  }
}

/** Prefix sums over bins of count, Σ n·c and Σ n·(c² + w²/12). */
interface Moments {
  n: Float64Array;
  s1: Float64Array;
  s2: Float64Array;
}

function binMoments(h: Histogram): Moments {
  const k = h.counts.length;
  const m: Moments = { n: new Float64Array(k + 1), s1: new Float64Array(k + 1), s2: new Float64Array(k + 1) };
  for (let i = 0; i < k; i++) {
    const c = h.counts[i]!;
    const [a, b] = binSupport(h, i);
    const mid = (a + b) / 2;
    const w = b - a;
    m.n[i + 1] = m.n[i]! + c;
    m.s1[i + 1] = m.s1[i]! + c * mid;
    m.s2[i + 1] = m.s2[i]! + c * (mid * mid + (w * w) / 12);
  }
  return m;
}

/**
 * A candidate end and the number of bins on its clipped side: for lo, bins
 * [0, bin) lie below it; for hi, bins [bin, n) lie above it.
 */
interface Candidate {
  value: number;
  bin: number;
}

function candidates(h: Histogram, end: 'lo' | 'hi'): Candidate[] {
  const n = h.counts.length;
  const out: Candidate[] = [];
  if (end === 'lo') {
    if (h.min >= 0) return [{ value: 0, bin: 0 }];
    out.push({ value: h.min, bin: 0 });
    for (let i = 1; i < n; i++) {
      const e = h.lo + i * h.width;
      if (e > h.min && e <= 0 && e < h.max) out.push({ value: e, bin: i });
    }
    return out;
  }
  if (h.max <= 0) return [{ value: 0, bin: n }];
  out.push({ value: h.max, bin: n });
  for (let i = 1; i < n; i++) {
    const e = h.lo + i * h.width;
    if (e < h.max && e >= 0 && e > h.min) out.push({ value: e, bin: i });
  }
  return out;
}

function expectedError(m: Moments, lo: number, loBin: number, hi: number, hiBin: number, step2: number): number {
  const k = m.n.length - 1;
  const below = clipError(m, 0, loBin, lo);
  const above = clipError(m, hiBin, k, hi);
  const inside = m.n[hiBin]! - m.n[loBin]!;
  return below + above + inside * (hi - lo) * (hi - lo) * step2;
}

/** Σ over bins [from, to) of n·E[(x − edge)²] = S2 − 2·edge·S1 + edge²·S0. */
function clipError(m: Moments, from: number, to: number, edge: number): number {
  if (to <= from) return 0;
  const n = m.n[to]! - m.n[from]!;
  const s1 = m.s1[to]! - m.s1[from]!;
  const s2 = m.s2[to]! - m.s2[from]!;
  return Math.max(0, s2 - 2 * edge * s1 + edge * edge * n);
}
