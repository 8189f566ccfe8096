/**
 * Element types. float32 is the working precision; float64 exists so gradient
 * checks against finite differences are not drowned in rounding (reference
 * backend only); int8/int32 carry the quantized path (int8 x int8 -> int32).
 */
export type DType = 'float32' | 'float64' | 'int32' | 'int8';

export type TypedArray = Float32Array | Float64Array | Int32Array | Int8Array;

export interface DTypeInfo {
  readonly bytes: number;
  readonly isFloat: boolean;
  create(length: number): TypedArray;
  view(buffer: ArrayBufferLike, byteOffset: number, length: number): TypedArray;
}

export const DTYPES: { readonly [D in DType]: DTypeInfo } = {
  float32: {
    bytes: 4,
    isFloat: true,
    create: (n) => new Float32Array(n),
    view: (b, o, n) => new Float32Array(b, o, n),
  },
  float64: {
    bytes: 8,
    isFloat: true,
    create: (n) => new Float64Array(n),
    view: (b, o, n) => new Float64Array(b, o, n),
  },
  int32: {
    bytes: 4,
    isFloat: false,
    create: (n) => new Int32Array(n),
    view: (b, o, n) => new Int32Array(b, o, n),
  },
  int8: {
    bytes: 1,
    isFloat: false,
    create: (n) => new Int8Array(n),
    view: (b, o, n) => new Int8Array(b, o, n),
  },
};

export function isDType(x: unknown): x is DType {
  return typeof x === 'string' && Object.prototype.hasOwnProperty.call(DTYPES, x);
}

export function dtypeOfArray(a: TypedArray): DType {
  if (a instanceof Float32Array) return 'float32';
  if (a instanceof Float64Array) return 'float64';
  if (a instanceof Int32Array) return 'int32';
  return 'int8';
}
