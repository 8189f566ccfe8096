/**
 * The TypeScript face of dist/wasm/edgewatt-kernels.wasm: one signature per
 * function exported from asm/index.ts. Pointers are byte offsets into
 * `memory`; wasm `bool` parameters are i32 (pass 0 or 1).
 */
import type { WasmLinearMemory } from './webassembly-api.js';

export interface KernelExports {
  readonly memory: WasmLinearMemory;
  heapBase(): number;

  // asm/gemm.ts
  gemmF32PackABytes(): number;
  gemmF32PackBBytes(): number;
  gemmF32(
    M: number, N: number, K: number,
    a: number, lda: number, transA: number,
    b: number, ldb: number, transB: number,
    c: number, ldc: number, accumulate: number,
    packA: number, packB: number,
  ): void;

  // asm/gemm_int8.ts
  gemmI8PackABytes(): number;
  gemmI8PackBBytes(): number;
  gemmI8(
    M: number, N: number, K: number,
    a: number, lda: number, transA: number,
    b: number, ldb: number, transB: number,
    c: number, ldc: number,
    packA: number, packB: number,
  ): void;

  // asm/vec.ts
  zeroF32(dst: number, n: number): void;

  // asm/im2col.ts: the band of output rows r0 .. r1; col2im accumulates into dx
  im2colF32(
    x: number, C: number, H: number, W: number,
    kh: number, kw: number, sh: number, sw: number, pt: number, pl: number, dh: number, dw: number,
    Ho: number, Wo: number, r0: number, r1: number, cols: number,
  ): void;
  col2imF32(
    cols: number, C: number, H: number, W: number,
    kh: number, kw: number, sh: number, sw: number, pt: number, pl: number, dh: number, dw: number,
    Ho: number, Wo: number, r0: number, r1: number, dx: number,
  ): void;

  // asm/conv_int8.ts: conv2dInt8 forward, the GEMM's B panels packed from the image; `padded` is scratch of
  // C/groups·(H+pt+pb)·(W+pl+pr) bytes (unused without padding), packA/packB gemmI8's packing scratch
  convI8(
    x: number, w: number, y: number, N: number, C: number, H: number, W: number, Co: number, groups: number,
    kh: number, kw: number, sh: number, sw: number, pt: number, pl: number, pb: number, pr: number, dh: number, dw: number,
    Ho: number, Wo: number, padValue: number, padded: number, packA: number, packB: number,
  ): void;

  // asm/requantize.ts: params holds C (multiplier, shift) i32 pairs; outBytes 1 (int8) or 4 (int32);
  // singleRounding 0 (double, TFLite's default) or 1 (TFLITE_SINGLE_ROUNDING)
  requantizeI32(
    acc: number, bias: number, hasBias: number, params: number,
    outer: number, C: number, inner: number,
    zeroPoint: number, lo: number, hi: number, outBytes: number, out: number,
    singleRounding: number,
  ): void;

  // asm/depthwise.ts: pointers, then N, C, mult, H, W, kh, kw, sh, sw, pt, pl, dh, dw, Ho, Wo
  depthwiseConvF32(x: number, w: number, y: number, ...geometry: DepthwiseGeometry): void;
  depthwiseBackInputF32(dy: number, w: number, dx: number, ...geometry: DepthwiseGeometry): void;
  depthwiseBackFilterF32(x: number, dy: number, dw: number, ...geometry: DepthwiseGeometry): void;

  // asm/depthwise_int8.ts: as depthwiseConvF32 on int8 x, w and int32 y, padded cells = padValue
  depthwiseConvI8(x: number, w: number, y: number, ...geometryAndPad: [...DepthwiseGeometry, padValue: number]): void;

  // asm/unary.ts: op is the index in UNARY_OPCODES (ops/unary.ts); a, b are clip's bounds
  unaryF32(op: number, x: number, y: number, n: number, a: number, b: number): void;

  // asm/binary.ts: op is the index in BINARY_OPCODES (ops/binary.ts); merged layout, outermost first
  binaryF32(
    op: number, a: number, b: number, out: number,
    n0: number, n1: number, n2: number, n3: number,
    as0: number, as1: number, as2: number, as3: number,
    bs0: number, bs1: number, bs2: number, bs3: number,
  ): void;
  // the same on int32 for add, sub, mul (op 0, 1, 2), wrapping modulo 2^32
  binaryI32(
    op: number, a: number, b: number, out: number,
    n0: number, n1: number, n2: number, n3: number,
    as0: number, as1: number, as2: number, as3: number,
    bs0: number, bs1: number, bs2: number, bs3: number,
  ): void;
  whereF32(c: number, a: number, b: number, out: number, n: number): void;

  // asm/reduce.ts: op 0 = sum, 1 = max
  reduceRowsF32(op: number, x: number, out: number, A: number, C: number): void;
  reduceMiddleF32(op: number, x: number, out: number, A: number, B: number, C: number, accF64: number): void;
  reduceOuterInnerF32(op: number, x: number, out: number, A: number, B: number, C: number): void;
  argmaxF32(x: number, out: number, A: number, B: number, C: number): void;

  // asm/pool.ts
  maxPoolF32(x: number, y: number, ...geometry: PoolGeometry): void;
  maxPoolGradF32(x: number, dy: number, dx: number, ...geometry: PoolGeometry): void;
  avgPoolF32(x: number, y: number, ...geometryAndCount: [...PoolGeometry, countIncludePad: number]): void;
  avgPoolGradF32(dy: number, dx: number, ...geometryAndCount: [...PoolGeometry, countIncludePad: number]): void;

  // asm/copy.ts: sizes, source strides, destination strides (elements), outermost first
  copyStrided(bytes: number, src: number, dst: number, ...layout: StridedLayout6): void;
  transpose32(src: number, dst: number, rows: number, cols: number): void;
  fill32(dst: number, n: number, bits: number): void;
  fillF64(dst: number, n: number, v: number): void;
  fill8(dst: number, n: number, v: number): void;

  // asm/cast.ts: dtype codes 0 f32, 1 i32, 2 i8; returns 0 for an unhandled pair
  castElements(from: number, to: number, x: number, y: number, n: number): number;
}

/**
 * Every function the interface declares, checked by the loader so a stale
 * .wasm (built from older asm/ sources) fails at load time with a rebuild
 * hint instead of a TypeError in the middle of a training step. The mapped
 * type makes a function missing from this list a compile error.
 */
export const KERNEL_FUNCTIONS = Object.keys({
  heapBase: true, gemmF32PackABytes: true, gemmF32PackBBytes: true, gemmF32: true,
  gemmI8PackABytes: true, gemmI8PackBBytes: true, gemmI8: true,
  zeroF32: true, im2colF32: true, col2imF32: true, convI8: true, requantizeI32: true,
  depthwiseConvF32: true, depthwiseBackInputF32: true, depthwiseBackFilterF32: true, depthwiseConvI8: true,
  unaryF32: true, binaryF32: true, binaryI32: true, whereF32: true,
  reduceRowsF32: true, reduceMiddleF32: true, reduceOuterInnerF32: true, argmaxF32: true,
  maxPoolF32: true, maxPoolGradF32: true, avgPoolF32: true, avgPoolGradF32: true,
  copyStrided: true, transpose32: true, fill32: true, fillF64: true, fill8: true,
  castElements: true,
} satisfies { readonly [K in Exclude<keyof KernelExports, 'memory'>]: true }) as Exclude<keyof KernelExports, 'memory'>[];

/** planes (N*C), H, W, Ho, Wo, kh, kw, sh, sw, pt, pl. */
export type PoolGeometry = [
  planes: number, H: number, W: number, Ho: number, Wo: number,
  kh: number, kw: number, sh: number, sw: number, pt: number, pl: number,
];

/** 6 sizes, 6 source strides, 6 destination strides. */
export type StridedLayout6 = [
  number, number, number, number, number, number,
  number, number, number, number, number, number,
  number, number, number, number, number, number,
];

/** N, C, mult (= Co / C), H, W, kh, kw, sh, sw, pt, pl, dh, dw, Ho, Wo. */
export type DepthwiseGeometry = [
  N: number, C: number, mult: number, H: number, W: number, kh: number, kw: number,
  sh: number, sw: number, pt: number, pl: number, dh: number, dw: number, Ho: number, Wo: number,
];
