/**
 * 4 x 4 f32 transpose in SIMD registers, shared by the GEMM packers.
 * Two rounds of interleaves (the unpcklps/unpckhps then movlhps/movhlps
 * pattern of Intel's _MM_TRANSPOSE4_PS macro, xmmintrin.h), expressed as
 * wasm i8x16.shuffle lane patterns that V8 lowers to those instructions.
 */

/** Stores the transpose of rows r0..r3 as 4 vectors at dst, dst+step, ... */
// @ts-ignore: decorator
@inline
export function transpose4x4Store(r0: v128, r1: v128, r2: v128, r3: v128, dst: usize, step: usize): void {
  const t0 = v128.shuffle<f32>(r0, r1, 0, 4, 1, 5); // r00 r10 r01 r11
  const t1 = v128.shuffle<f32>(r2, r3, 0, 4, 1, 5); // r20 r30 r21 r31
  const t2 = v128.shuffle<f32>(r0, r1, 2, 6, 3, 7); // r02 r12 r03 r13
  const t3 = v128.shuffle<f32>(r2, r3, 2, 6, 3, 7); // r22 r32 r23 r33
  v128.store(dst, v128.shuffle<f32>(t0, t1, 0, 1, 4, 5));
  v128.store(dst + step, v128.shuffle<f32>(t0, t1, 2, 3, 6, 7));
  v128.store(dst + 2 * step, v128.shuffle<f32>(t2, t3, 0, 1, 4, 5));
  v128.store(dst + 3 * step, v128.shuffle<f32>(t2, t3, 2, 3, 6, 7));
}
