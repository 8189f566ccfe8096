/**
 * The weights of a nested any-precision layer: one int8 master tensor, and
 * at b < 8 bits its b most significant bits (Nair et al. 2025, "Matryoshka
 * Quantization": S(q, b) = clamp(round(q / 2^(8−b)), −2^(b−1), 2^(b−1) − 1);
 * hD's msbSlice), computed on the fly in each forward from primitives —
 * cast to float32, multiply by 2^−(8−b) (exact), round half to even, clip,
 * cast back — into a temporary from the engine's pool. Nothing but the
 * master is ever stored, whatever the number of widths.
 */
import { cast, clip, mul, round, type Tensor } from '../../../engine/index.js';
import { msbSlice } from '../../quantize/msb-slice.js';
import type { PrecisionState } from '../precision-state.js';
import { Int8Weights, type QuantizedWeights } from '../quantized-weights.js';

/** The b-bit slice of an int8 tensor, composed from primitives (equal to hD's msbSlice element for element). */
export function msbSliceTensor(q8: Tensor, bits: number): Tensor {
  if (bits === 8) return q8;
  const lo = -(2 ** (bits - 1));
  const hi = 2 ** (bits - 1) - 1;
  return cast(clip(round(mul(cast(q8, 'float32'), 2 ** -(8 - bits))), lo, hi), 'int8');
}

export class MsbSlicedWeights implements QuantizedWeights {
  private readonly master: Int8Weights;

  constructor(
    values: Int8Array,
    readonly shape: readonly number[],
    private readonly state: PrecisionState,
  ) {
    this.master = new Int8Weights(values, shape);
  }

  get bits(): number {
    return this.state.bits;
  }

  get buffers(): readonly (readonly [string, Tensor])[] {
    return this.master.buffers;
  }

  /** The master's bytes: the only weights held, for every width. */
  get storedBytes(): number {
    return this.master.storedBytes;
  }

  int8(): Tensor {
    return msbSliceTensor(this.master.tensor, this.state.bits);
  }

  values(): Int8Array {
    const q8 = this.master.values();
    return this.state.bits === 8 ? q8 : msbSlice(q8, this.state.bits);
  }
}
