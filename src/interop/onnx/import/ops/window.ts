/**
 * Window geometry shared by Conv, ConvTranspose, QLinearConv and the pools:
 * the attributes of Conv-11 / MaxPool-12 / AveragePool-19 (kernel_shape,
 * strides, dilations, pads, auto_pad) for 1-D and 2-D windows, and the
 * mapping of a 1-D window onto the engine's 2-D primitives with a unit height.
 */
import { reshape, type Pads2d, type Pair, type Tensor } from '../../../../engine/index.js';
import type { NodeContext } from '../node-context.js';

export type AutoPad = 'NOTSET' | 'SAME_UPPER' | 'SAME_LOWER' | 'VALID';

export interface WindowAttrs {
  readonly autoPad: AutoPad;
  readonly kernel: readonly number[] | undefined;
  readonly strides: readonly number[] | undefined;
  readonly dilations: readonly number[] | undefined;
  /** ONNX order: [x1_begin, x2_begin, ..., x1_end, x2_end, ...]. */
  readonly pads: readonly number[] | undefined;
}

export function readWindowAttrs(ctx: NodeContext, autoPads: readonly AutoPad[] = ['NOTSET', 'SAME_UPPER', 'SAME_LOWER', 'VALID']): WindowAttrs {
  const autoPad = ctx.oneOf<string>('auto_pad', 'NOTSET', autoPads) as AutoPad;
  const w: WindowAttrs = { autoPad, kernel: ctx.ints('kernel_shape'), strides: ctx.ints('strides'), dilations: ctx.ints('dilations'), pads: ctx.ints('pads') };
  for (const [name, v, min] of [['kernel_shape', w.kernel, 1], ['strides', w.strides, 1], ['dilations', w.dilations, 1], ['pads', w.pads, 0]] as const) {
    if (v && v.some((d) => d < min)) ctx.fail(`attribute "${name}"`, `expected integers >= ${min}, got [${v.join(', ')}]`);
    if (v && v.length > (name === 'pads' ? 4 : 2)) ctx.unsupported(`${name} of length ${v.length}: only 1-D and 2-D windows`);
  }
  return w;
}

/** Resolved 2-D geometry for the engine: 1-D windows get a unit leading (height) axis. */
export interface Window2d {
  readonly kernel: Pair;
  readonly stride: Pair;
  readonly dilation: Pair;
  readonly pad: Pads2d;
}

/**
 * Geometry for an input with `spatial` dims and a kernel of `kernel` dims
 * (from the weight or kernel_shape). auto_pad SAME_* pads so the output is
 * ceil(in / stride); the odd cell goes at the end for SAME_UPPER and at the
 * beginning for SAME_LOWER (Conv-11), as onnxruntime computes it.
 */
export function resolveWindow(ctx: NodeContext, a: WindowAttrs, spatial: readonly number[], kernel: readonly number[]): Window2d {
  const r = spatial.length;
  if (r !== 1 && r !== 2) ctx.unsupported(`${r}-D windows (only 1-D and 2-D)`);
  if (kernel.length !== r) ctx.fail('attribute "kernel_shape"', `has ${kernel.length} dims for a ${r}-D input`);
  const strides = a.strides ?? kernel.map(() => 1);
  const dil = a.dilations ?? kernel.map(() => 1);
  if (strides.length !== r || dil.length !== r) ctx.fail('attribute "strides"/"dilations"', `expected ${r} values each, got [${strides.join(', ')}] and [${dil.join(', ')}]`);
  let begin: number[], end: number[];
  if (a.autoPad === 'NOTSET') {
    const p = a.pads ?? new Array<number>(2 * r).fill(0);
    if (p.length !== 2 * r) ctx.fail('attribute "pads"', `expected ${2 * r} values for a ${r}-D window, got [${p.join(', ')}]`);
    begin = p.slice(0, r);
    end = p.slice(r);
  } else if (a.autoPad === 'VALID') {
    begin = kernel.map(() => 0);
    end = kernel.map(() => 0);
  } else {
    const total = spatial.map((n, i) => Math.max(0, (Math.ceil(n / strides[i]!) - 1) * strides[i]! + (kernel[i]! - 1) * dil[i]! + 1 - n));
    const small = total.map((t) => Math.floor(t / 2));
    begin = a.autoPad === 'SAME_UPPER' ? small : total.map((t, i) => t - small[i]!);
    end = total.map((t, i) => t - begin[i]!);
  }
  const two = (v: readonly number[], unit: number): Pair => (r === 1 ? [unit, v[0]!] : [v[0]!, v[1]!]);
  const b = two(begin, 0), e = two(end, 0);
  return { kernel: two(kernel, 1), stride: two(strides, 1), dilation: two(dil, 1), pad: [b[0], b[1], e[0], e[1]] };
}

/** [N, C, L] -> [N, C, 1, L]; 4-D unchanged. */
export function to2d(x: Tensor): Tensor {
  return x.rank === 3 ? reshape(x, [x.shape[0]!, x.shape[1]!, 1, x.shape[2]!]) : x;
}

/** Undoes `to2d` when the original input was 1-D. */
export function from2d(y: Tensor, wasRank: number): Tensor {
  return wasRank === 3 ? reshape(y, [y.shape[0]!, y.shape[1]!, y.shape[3]!]) : y;
}

/** Spatial dims of an NC... tensor, failing unless it is 3-D or 4-D. */
export function spatialOf(ctx: NodeContext, x: Tensor): number[] {
  if (x.rank === 5) ctx.unsupported('3-D (5-D NCDHW) inputs (only 1-D and 2-D)');
  if (x.rank !== 3 && x.rank !== 4) ctx.fail('input 0', `expected [N, C, L] or [N, C, H, W], got [${x.shape.join(', ')}]`);
  return x.shape.slice(2);
}
