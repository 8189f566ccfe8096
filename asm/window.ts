/**
 * Index ranges of sliding windows (convolution and pooling). An output
 * position o reads input position o * stride + offset, where offset =
 * tap * dilation - padBefore; these give the range of o for which that input
 * position lies inside [0, size), so inner loops run without bounds checks.
 */

/** Smallest o >= 0 with o * stride + offset >= 0. */
// @ts-ignore: decorator
@inline
export function firstInside(offset: i32, stride: i32): i32 {
  return offset >= 0 ? 0 : (stride - 1 - offset) / stride;
}

/** One past the largest o < outSize with o * stride + offset <= size - 1 (0 when none). */
// @ts-ignore: decorator
@inline
export function endInside(offset: i32, stride: i32, size: i32, outSize: i32): i32 {
  const room = size - 1 - offset;
  return room < 0 ? 0 : min(outSize, room / stride + 1);
}
