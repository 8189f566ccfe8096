/**
 * Nested ("any-precision") integer weights: one int8 master whose most
 * significant bits are themselves a usable lower-precision model, so a
 * device stores one set of weights and runs int8, int4 or int2 from it.
 * Yu et al. 2021 ("Any-Precision Deep Neural Networks", AAAI) train one
 * network to run at several bit widths; Nair, Datta, Dean, Jain & Kusupati 2025
 * ("Matryoshka Quantization") slice the r most significant bits of the c-bit
 * integers, S(q, r) = round(q / 2^(c−r)) clamped to r bits, and train all
 * slices jointly. Here c = 8 and values are signed.
 *
 * A slice read back on the int8 grid is slice · 2^(8−bits), so its
 * dequantization scale is scale8 · 2^(8−bits) (`msbSliceScale`);
 * `refitScales` instead fits each channel's scale to the float weights by
 * least squares, which recovers part of the slicing error for free.
 */
import type { Shape } from '../../engine/index.js';
import { axisLayout } from './axis-layout.js';
import { MIN_SCALE } from './qparams.js';
import { roundHalfEven } from './round-half-even.js';

function checkSliceBits(bits: number, who: string): void {
  if (!Number.isInteger(bits) || bits < 2 || bits > 8) throw new RangeError(`${who}: bits must be an integer from 2 to 8, got ${bits}`);
}

/**
 * The `bits` most significant bits of each int8 value: roundHalfEven(q /
 * 2^(8−bits)) — a rounded arithmetic right shift — clamped to the signed
 * range [−2^(bits−1), 2^(bits−1) − 1] (rounding 127 up to 2^(bits−1) would
 * overflow it). bits = 8 is the identity.
 */
export function msbSlice(q8: Int8Array, bits: number): Int8Array {
  checkSliceBits(bits, 'msbSlice');
  const step = 2 ** (8 - bits);
  const lo = -(2 ** (bits - 1));
  const hi = 2 ** (bits - 1) - 1;
  const out = new Int8Array(q8.length);
  for (let i = 0; i < q8.length; i++) out[i] = Math.min(Math.max(roundHalfEven(q8[i]! / step), lo), hi);
  return out;
}

/** The scales that put a `bits` slice back on the int8 grid: scale8 · 2^(8−bits). */
export function msbSliceScale(scale8: Float32Array, bits: number): Float32Array {
  checkSliceBits(bits, 'msbSliceScale');
  return scale8.map((s) => s * 2 ** (8 - bits));
}

/**
 * Per-channel least-squares scales for fixed integers: for each channel c
 * along `axis`, α_c = ⟨w_c, q_c⟩ / ⟨q_c, q_c⟩ minimises ‖w_c − α·q_c‖².
 * Where that is undefined (q_c all zero: every α reconstructs 0) or not
 * positive (scales must be > 0, and ‖w_c − α·q_c‖² then only falls as α
 * shrinks towards 0), the channel gets `fallback[c]`, by default MIN_SCALE,
 * the floor qparams.ts uses for all-zero channels.
 */
export function refitScales(w: Float32Array, qSlice: Int8Array, shape: Shape, axis = 0, fallback?: ArrayLike<number>): Float32Array {
  const who = 'refitScales';
  if (qSlice.length !== w.length) throw new RangeError(`${who}: ${w.length} weights but ${qSlice.length} quantized values`);
  const { channels, inner } = axisLayout(shape, axis, w.length, who);
  if (fallback !== undefined && fallback.length !== channels) throw new RangeError(`${who}: fallback has ${fallback.length} scales, expected ${channels}`);
  const wq = new Float64Array(channels);
  const qq = new Float64Array(channels);
  for (let i = 0; i < w.length; i++) {
    const c = Math.floor(i / inner) % channels;
    wq[c] = wq[c]! + w[i]! * qSlice[i]!;
    qq[c] = qq[c]! + qSlice[i]! * qSlice[i]!;
  }
  const out = new Float32Array(channels);
  for (let c = 0; c < channels; c++) {
    const alpha = qq[c]! > 0 ? wq[c]! / qq[c]! : 0;
    out[c] = alpha > 0 ? alpha : (fallback?.[c] ?? MIN_SCALE);
  }
  return out;
}
