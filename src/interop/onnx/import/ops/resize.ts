/**
 * Resize-19 (and -11/-13/-18, and -10's nearest/linear) for 4-D NCHW
 * inputs that scale only H and W, and 3-D NCL inputs (a 1-D model's
 * upsampling, e.g. the sensor VAE's decoder) that scale only L — run as
 * NCHW with H = 1 — with mode nearest or linear, scales or sizes given as
 * constants. Each axis is resampled by a matrix
 * [out, in] of interpolation weights, so the op is two matmuls on engine
 * primitives; nearest rows are one-hot, hence exact.
 *
 * Not supported (rejected by name): mode cubic, antialias=1, the axes
 * attribute, keep_aspect_ratio_policy other than stretch,
 * coordinate_transformation_mode tf_crop_and_resize and half_pixel_symmetric,
 * and scaling the N or C axes.
 */
import { matmul, permute, reshape, tensor, type Tensor } from '../../../../engine/index.js';
import type { NodeContext } from '../node-context.js';
import { checkSize, input, requireInputs, type OpDefinition } from '../op-definition.js';

const f = Math.fround;

type Coord = 'half_pixel' | 'pytorch_half_pixel' | 'align_corners' | 'asymmetric' | 'tf_half_pixel_for_nn';
type Nearest = 'round_prefer_floor' | 'round_prefer_ceil' | 'floor' | 'ceil';

/** Resize-19, "coordinate_transformation_mode": output index -> input coordinate, in float32 as onnxruntime computes it. */
function sourceCoord(mode: Coord, x: number, scale: number, inLen: number, outLen: number): number {
  switch (mode) {
    case 'half_pixel': return f(f(f(x + 0.5) / scale) - 0.5);
    case 'pytorch_half_pixel': return outLen > 1 ? f(f(f(x + 0.5) / scale) - 0.5) : 0;
    case 'align_corners': return outLen === 1 ? 0 : f(f(x * (inLen - 1)) / (outLen - 1));
    case 'asymmetric': return f(x / scale);
    case 'tf_half_pixel_for_nn': return f(f(x + 0.5) / scale);
    default: return mode satisfies never;
  }
}

function nearestIndex(mode: Nearest, c: number): number {
  switch (mode) {
    case 'round_prefer_floor': return c === Math.floor(c) + 0.5 ? Math.floor(c) : Math.round(c);
    case 'round_prefer_ceil': return Math.round(c);
    case 'floor': return Math.floor(c);
    case 'ceil': return Math.ceil(c);
    default: return mode satisfies never;
  }
}

/** The [outLen, inLen] interpolation matrix of one axis. */
export function resizeMatrix(linear: boolean, coord: Coord, nearest: Nearest, inLen: number, outLen: number, scale: number): Float32Array {
  const m = new Float32Array(outLen * inLen);
  for (let o = 0; o < outLen; o++) {
    const c = sourceCoord(coord, o, scale, inLen, outLen);
    if (!linear) {
      m[o * inLen + Math.min(Math.max(nearestIndex(nearest, c), 0), inLen - 1)] = 1;
      continue;
    }
    const x = Math.min(Math.max(c, 0), inLen - 1);
    const x0 = Math.floor(x), x1 = Math.min(x0 + 1, inLen - 1);
    const w1 = f(x - x0);
    m[o * inLen + x0]! += f(1 - w1);
    m[o * inLen + x1]! += w1;
  }
  return m;
}

/** Resamples the last axis of a [..., in] tensor to [..., out] with `m` [out, in]. */
function resampleLast(x: Tensor, m: Float32Array, outLen: number): Tensor {
  const inLen = x.shape[x.rank - 1]!;
  const rows = x.size / inLen;
  const y = matmul(reshape(x, [rows, inLen]), tensor(m, [outLen, inLen]), { transB: true });
  return reshape(y, [...x.shape.slice(0, -1), outLen]);
}

export const resizeOps = {
  Resize: {
    constInputs: [1, 2, 3],
    prepare(ctx: NodeContext) {
      requireInputs(ctx, 1);
      const mode = ctx.oneOf('mode', 'nearest', ['nearest', 'linear']);
      const legacy = ctx.opset < 11;
      const coord = (legacy ? 'asymmetric' : ctx.oneOf<string>('coordinate_transformation_mode', 'half_pixel', ['half_pixel', 'pytorch_half_pixel', 'align_corners', 'asymmetric', 'tf_half_pixel_for_nn'])) as Coord;
      // Resize-10 is Upsample's nearest (floor of the asymmetric coordinate).
      const nearest = (legacy ? 'floor' : ctx.oneOf<string>('nearest_mode', 'round_prefer_floor', ['round_prefer_floor', 'round_prefer_ceil', 'floor', 'ceil'])) as Nearest;
      ctx.oneOf('antialias', 0, [0]);
      ctx.oneOf('keep_aspect_ratio_policy', 'stretch', ['stretch']);
      if (ctx.has('axes')) ctx.unsupported('attribute axes (give scales/sizes for all 4 axes)');
      const scales = ctx.constFloats(legacy ? 1 : 2, 'scales');
      const sizes = legacy ? undefined : ctx.constInts(3, 'sizes');
      const given = scales && scales.length > 0 ? scales : undefined;
      if (!given && !sizes) ctx.fail('inputs', 'one of scales or sizes is required');
      const vec = given ?? sizes!;
      if (vec.length !== 4 && vec.length !== 3) ctx.unsupported(`${given ? 'scales' : 'sizes'} of length ${vec.length} (only 3-D NCL and 4-D NCHW)`);
      const rank = vec.length;
      if (given && (given[0] !== 1 || given[1] !== 1)) ctx.unsupported(`scales [${given.join(', ')}] resize N or C (only the spatial axes)`);
      if (given && given.some((s) => !(s > 0 && Number.isFinite(s)))) ctx.fail('input scales', `expected positive finite values, got [${given.join(', ')}]`);
      const linear = mode === 'linear';
      return {
        run: (xs) => {
          const input0 = input(xs, 0);
          if (input0.rank !== rank) ctx.unsupported(`a ${input0.rank}-D input with ${given ? 'scales' : 'sizes'} for ${rank} axes`);
          if (sizes && (sizes[0] !== input0.shape[0] || sizes[1] !== input0.shape[1])) ctx.unsupported(`sizes [${sizes.join(', ')}] resize N or C of [${input0.shape.join(', ')}]`);
          // NCL as NCHW with H = 1, scale 1 on H.
          const x = rank === 3 ? reshape(input0, [input0.shape[0]!, input0.shape[1]!, 1, input0.shape[2]!]) : input0;
          const sc = given && rank === 3 ? [given[0]!, given[1]!, 1, given[2]!] : given;
          const sz = sizes && rank === 3 ? [sizes[0]!, sizes[1]!, 1, sizes[2]!] : sizes;
          const [n, c, h, w] = x.shape as [number, number, number, number];
          // Resize-19: output = floor(input * scale); with sizes, the scale is sizes / input.
          const ho = sc ? Math.floor(h * sc[2]!) : sz![2]!;
          const wo = sc ? Math.floor(w * sc[3]!) : sz![3]!;
          const sh = sc ? sc[2]! : f(ho / h), sw = sc ? sc[3]! : f(wo / w);
          checkSize(ctx, [n, c, ho, wo], 'the resized output');
          let y = x;
          if (wo !== w || sw !== 1) y = resampleLast(y, resizeMatrix(linear, coord, nearest, w, wo, sw), wo);
          if (ho !== h || sh !== 1) {
            y = permute(resampleLast(permute(y, [0, 1, 3, 2]), resizeMatrix(linear, coord, nearest, h, ho, sh), ho), [0, 1, 3, 2]);
          }
          return [rank === 3 ? reshape(y, [n, c, wo]) : y];
        },
      };
    },
  },
} satisfies Record<string, OpDefinition>;
