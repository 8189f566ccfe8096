/**
 * cast between any two dtypes. To float: round to nearest on the store. To an
 * integer type: truncate toward zero, saturate to the type's range, NaN -> 0,
 * which is WebAssembly's non-trapping `i32.trunc_sat_f32_s` (WebAssembly
 * spec 2.0, section 4.3.2 "trunc_sat"), extended to int8 with bounds
 * [-128, 127]; int32 -> int8 saturates the same way.
 */
import type { ArrayKernel } from '../../backend.js';
import { sizeOf } from '../../shape.js';
import { INT_RANGES } from '../../shape-rules.js';

export const cast: ArrayKernel<'cast'> = (inputs, out, p) => {
  const x = inputs[0]!.data, o = out.data, n = sizeOf(out.shape);
  if (p.dtype === 'float32' || p.dtype === 'float64') {
    for (let i = 0; i < n; i++) o[i] = x[i]!;
    return;
  }
  const [lo, hi] = INT_RANGES[p.dtype];
  for (let i = 0; i < n; i++) {
    const v = x[i]!;
    o[i] = v !== v ? 0 : v <= lo ? lo : v >= hi ? hi : Math.trunc(v);
  }
};
