/**
 * Sub-byte storage of quantized values. ONNX's int4 convention (onnx/docs/
 * IR.md, "4 bit integer types"): two values per byte, the first element in
 * the low nibble (bits 0–3) and the second in the high nibble, an odd count
 * padded with a zero nibble; values are two's complement. int2 follows the
 * same rule with four values per byte, the first in bits 0–1, the last in
 * bits 6–7 (the analogue for ONNX's later INT2 type, TensorProto data type 26).
 */

function pack(values: ArrayLike<number>, bits: number, who: string): Uint8Array {
  const perByte = 8 / bits;
  const lo = -(2 ** (bits - 1));
  const hi = 2 ** (bits - 1) - 1;
  const mask = (1 << bits) - 1;
  const out = new Uint8Array(Math.ceil(values.length / perByte));
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (!Number.isInteger(v) || v < lo || v > hi) throw new RangeError(`${who}: value ${i} is ${v}, outside the int${bits} range [${lo}, ${hi}]`);
    out[Math.floor(i / perByte)]! |= (v & mask) << ((i % perByte) * bits);
  }
  return out;
}

function unpack(bytes: Uint8Array, count: number, bits: number, who: string): Int8Array {
  const perByte = 8 / bits;
  if (!Number.isInteger(count) || count < 0 || Math.ceil(count / perByte) > bytes.length) {
    throw new RangeError(`${who}: count ${count} needs ${Math.ceil(count / perByte)} bytes, got ${bytes.length}`);
  }
  const mask = (1 << bits) - 1;
  const sign = 1 << (bits - 1);
  const out = new Int8Array(count);
  for (let i = 0; i < count; i++) {
    const field = (bytes[Math.floor(i / perByte)]! >> ((i % perByte) * bits)) & mask;
    // Two's complement: a set top bit means field − 2^bits.
    out[i] = field & sign ? field - (mask + 1) : field;
  }
  return out;
}

/** Values in [−8, 7], two per byte, the first in the low nibble. */
export function packInt4(values: ArrayLike<number>): Uint8Array {
  return pack(values, 4, 'packInt4');
}

export function unpackInt4(bytes: Uint8Array, count: number): Int8Array {
  return unpack(bytes, count, 4, 'unpackInt4');
}

/** Values in [−2, 1], four per byte, the first in bits 0–1. */
export function packInt2(values: ArrayLike<number>): Uint8Array {
  return pack(values, 2, 'packInt2');
}

export function unpackInt2(bytes: Uint8Array, count: number): Int8Array {
  return unpack(bytes, count, 2, 'unpackInt2');
}

/** Bytes `count` values of `bits` take densely packed (int8: one each, int4: ½, int2: ¼). */
export function packedBytes(count: number, bits: number): number {
  return Math.ceil((count * bits) / 8);
}
