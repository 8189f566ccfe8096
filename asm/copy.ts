/**
 * Strided copies and fills: the movement primitives (permute, expand, slice,
 * pad, concat) are all "copy a box of up to six axes from one strided layout
 * to another". The engine side (src/engine/backends/wasm/ops/movement.ts)
 * merges axes and pads the rank to 6 with leading size-1 axes. Elements are
 * moved as raw 1-, 4- or 8-byte words, so one kernel serves every dtype.
 */

// @ts-ignore: decorator
@inline
function moveRun(bytes: i32, src: usize, ss: i32, dst: usize, ds: i32, n: i32): void {
  if (ss == 1 && ds == 1) {
    memory.copy(dst, src, <usize>(n * bytes));
    return;
  }
  if (ss == 0 && ds == 1) {
    // A broadcast run (expand of a per-channel vector over H*W): a fill.
    if (bytes == 4) fill32(dst, n, load<i32>(src));
    else if (bytes == 8) fillF64(dst, n, load<f64>(src));
    else memory.fill(dst, load<u8>(src), <usize>n);
    return;
  }
  const sStep = <usize>(ss * bytes), dStep = <usize>(ds * bytes);
  if (bytes == 4) {
    for (let i = 0; i < n; i++) {
      store<u32>(dst, load<u32>(src));
      src += sStep;
      dst += dStep;
    }
  } else if (bytes == 8) {
    for (let i = 0; i < n; i++) {
      store<u64>(dst, load<u64>(src));
      src += sStep;
      dst += dStep;
    }
  } else {
    for (let i = 0; i < n; i++) {
      store<u8>(dst, load<u8>(src));
      src += sStep;
      dst += dStep;
    }
  }
}

/**
 * For every index (i0..i5) < (n0..n5): dst[sum ik·dsk] = src[sum ik·ssk]
 * (strides in elements of `bytes` bytes; source strides may be 0).
 */
export function copyStrided(
  bytes: i32, src: usize, dst: usize,
  n0: i32, n1: i32, n2: i32, n3: i32, n4: i32, n5: i32,
  ss0: i32, ss1: i32, ss2: i32, ss3: i32, ss4: i32, ss5: i32,
  ds0: i32, ds1: i32, ds2: i32, ds3: i32, ds4: i32, ds5: i32,
): void {
  for (let i0 = 0; i0 < n0; i0++) {
    for (let i1 = 0; i1 < n1; i1++) {
      for (let i2 = 0; i2 < n2; i2++) {
        for (let i3 = 0; i3 < n3; i3++) {
          const s3 = i0 * ss0 + i1 * ss1 + i2 * ss2 + i3 * ss3;
          const d3 = i0 * ds0 + i1 * ds1 + i2 * ds2 + i3 * ds3;
          for (let i4 = 0; i4 < n4; i4++) {
            const s = src + <usize>((s3 + i4 * ss4) * bytes);
            const d = dst + <usize>((d3 + i4 * ds4) * bytes);
            moveRun(bytes, s, ss5, d, ds5, n5);
          }
        }
      }
    }
  }
}

/** Transposes a [rows, cols] matrix of 4-byte words into dst [cols, rows], in 4 x 4 register blocks. */
export function transpose32(src: usize, dst: usize, rows: i32, cols: i32): void {
  const sRow = <usize>cols * 4, dRow = <usize>rows * 4;
  let r = 0;
  for (; r + 4 <= rows; r += 4) {
    let c = 0;
    for (; c + 4 <= cols; c += 4) {
      const s = src + <usize>r * sRow + <usize>c * 4;
      const a0 = v128.load(s), a1 = v128.load(s + sRow), a2 = v128.load(s + 2 * sRow), a3 = v128.load(s + 3 * sRow);
      const t0 = v128.shuffle<u32>(a0, a1, 0, 4, 1, 5);
      const t1 = v128.shuffle<u32>(a2, a3, 0, 4, 1, 5);
      const t2 = v128.shuffle<u32>(a0, a1, 2, 6, 3, 7);
      const t3 = v128.shuffle<u32>(a2, a3, 2, 6, 3, 7);
      const d = dst + <usize>c * dRow + <usize>r * 4;
      v128.store(d, v128.shuffle<u32>(t0, t1, 0, 1, 4, 5));
      v128.store(d + dRow, v128.shuffle<u32>(t0, t1, 2, 3, 6, 7));
      v128.store(d + 2 * dRow, v128.shuffle<u32>(t2, t3, 0, 1, 4, 5));
      v128.store(d + 3 * dRow, v128.shuffle<u32>(t2, t3, 2, 3, 6, 7));
    }
    for (; c < cols; c++) {
      for (let k = 0; k < 4; k++) store<u32>(dst + <usize>c * dRow + <usize>(r + k) * 4, load<u32>(src + <usize>(r + k) * sRow + <usize>c * 4));
    }
  }
  for (; r < rows; r++) {
    for (let c = 0; c < cols; c++) store<u32>(dst + <usize>c * dRow + <usize>r * 4, load<u32>(src + <usize>r * sRow + <usize>c * 4));
  }
}

/** dst[0..n) = v for 4-byte words (f32 or i32 bit patterns). */
export function fill32(dst: usize, n: i32, bits: i32): void {
  const v = i32x4.splat(bits);
  let i = 0;
  for (; i + 4 <= n; i += 4) v128.store(dst + <usize>i * 4, v);
  for (; i < n; i++) store<i32>(dst + <usize>i * 4, bits);
}

/** dst[0..n) = v for f64. */
export function fillF64(dst: usize, n: i32, v: f64): void {
  const vv = f64x2.splat(v);
  let i = 0;
  for (; i + 2 <= n; i += 2) v128.store(dst + <usize>i * 8, vv);
  if (i < n) store<f64>(dst + <usize>i * 8, v);
}

/** dst[0..n) = v for bytes. */
export function fill8(dst: usize, n: i32, v: i32): void {
  memory.fill(dst, <u8>v, <usize>n);
}
