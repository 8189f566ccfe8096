/**
 * How a quantized layer stores its integer weights, and how it gets them as
 * the int8 tensor the integer kernels take.
 *
 * - `Int8Weights`: int8 values in an int8 buffer, used as they are.
 * - `PackedWeights`: int4 or int2 values packed two or four to a byte
 *   (hD's packInt4/packInt2, ONNX's nibble order). The decision: the packed
 *   bytes are the only copy kept, and each forward unpacks them into a
 *   temporary int8 tensor from the engine's pool, released when the
 *   forward's scope ends. So the memory a deployed model holds is the
 *   packed size — what `storedBytes` and the model summary report — at the
 *   cost of one pass over the weights per call (small next to the
 *   convolution, which reads every weight Ho·Wo times). No kernel here takes
 *   packed operands; an unpacked cache would double the resident bytes and
 *   make the reported size a fiction.
 * - MsbSlicedWeights (nested/msb-sliced-weights.ts): the int8 master of a
 *   nested model, sliced to the active width on the fly.
 */
import { tensor, type Tensor } from '../../engine/index.js';
import { packedBytes, packInt2, packInt4, unpackInt2, unpackInt4 } from '../quantize/packing.js';

export interface QuantizedWeights {
  /** The logical weight shape, [Cout, Cin/groups, ...kernel] or [out, in]. */
  readonly shape: readonly number[];
  /** Bit width of the weights in use now. */
  readonly bits: number;
  /** Tensors the owning layer registers as its buffers. */
  readonly buffers: readonly (readonly [string, Tensor])[];
  /** Bytes held, at the storage precision. */
  readonly storedBytes: number;
  /** The int8 weights for one forward: the buffer itself or a temporary the caller's scope releases. */
  int8(): Tensor;
  /** The values in use now, as a plain array (export, zero-point sums). */
  values(): Int8Array;
}

function sizeOf(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

export class Int8Weights implements QuantizedWeights {
  readonly bits = 8;
  readonly tensor: Tensor;

  constructor(values: Int8Array, readonly shape: readonly number[]) {
    if (values.length !== sizeOf(shape)) throw new RangeError(`Int8Weights: ${values.length} values for shape [${shape.join(', ')}]`);
    this.tensor = tensor(values, [...shape], 'int8');
  }

  get buffers(): readonly (readonly [string, Tensor])[] {
    return [['weight', this.tensor]];
  }

  get storedBytes(): number {
    return this.tensor.size;
  }

  int8(): Tensor {
    return this.tensor;
  }

  values(): Int8Array {
    return this.tensor.toArray() as Int8Array;
  }
}

export class PackedWeights implements QuantizedWeights {
  /** The packed bytes, held in an int8 tensor (the engine has no uint8 dtype; the bits are the same). */
  readonly packed: Tensor;
  private readonly count: number;

  constructor(values: Int8Array, readonly shape: readonly number[], readonly bits: 4 | 2) {
    this.count = sizeOf(shape);
    if (values.length !== this.count) throw new RangeError(`PackedWeights: ${values.length} values for shape [${shape.join(', ')}]`);
    const bytes = bits === 4 ? packInt4(values) : packInt2(values);
    this.packed = tensor(new Int8Array(bytes.buffer, bytes.byteOffset, bytes.length), [bytes.length], 'int8');
  }

  get buffers(): readonly (readonly [string, Tensor])[] {
    return [['weight', this.packed]];
  }

  get storedBytes(): number {
    return packedBytes(this.count, this.bits);
  }

  int8(): Tensor {
    return tensor(this.values(), [...this.shape], 'int8', this.packed.backend);
  }

  values(): Int8Array {
    const v = this.packed.view();
    const bytes = new Uint8Array(v.buffer, v.byteOffset, v.length);
    return this.bits === 4 ? unpackInt4(bytes, this.count) : unpackInt2(bytes, this.count);
  }
}

/** The storage for `values` at `bits`: int8 as is, int4/int2 packed. */
export function storeWeights(values: Int8Array, shape: readonly number[], bits: number): QuantizedWeights {
  if (bits === 8) return new Int8Weights(values, shape);
  if (bits === 4 || bits === 2) return new PackedWeights(values, shape, bits);
  throw new RangeError(`storeWeights: weight bits must be 8, 4 or 2, got ${bits}`);
}
