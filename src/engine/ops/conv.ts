/**
 * Convolutions. Everything runs on the 2-D primitives: a 1-D signal [N, C, W]
 * is a [N, C, 1, W] image, and a transposed convolution is the input-gradient
 * of a convolution (Dumoulin & Visin, "A guide to convolution arithmetic", 2016).
 */
import type { Conv2dParams, Pads2d, Pair } from '../primitives.js';
import { runPrimitive } from '../run.js';
import { formatShape } from '../shape.js';
import type { Tensor } from '../tensor.js';
import { reshape } from './movement.js';

export interface ConvOptions {
  stride?: number | Pair;
  /** A number (all sides), [h, w] (symmetric) or [top, left, bottom, right]. */
  pad?: number | Pair | Pads2d | 'same';
  dilation?: number | Pair;
  groups?: number;
}

/** Whether every entry of `p` is an integer >= min (a loop: this runs on every convolution call). */
function allIntsAtLeast(p: readonly number[], min: number): boolean {
  for (let i = 0; i < p.length; i++) if (!Number.isInteger(p[i]) || p[i]! < min) return false;
  return true;
}

/** `field` ('stride', 'dilation') of op `what` as a pair; the message is only built for an error. */
function pair(v: number | Pair | undefined, dflt: number, what: string, field: string): Pair {
  const p: Pair = v === undefined ? [dflt, dflt] : typeof v === 'number' ? [v, v] : v;
  if (p.length !== 2 || !allIntsAtLeast(p, 1)) {
    throw new RangeError(`${what} ${field}: expected a positive integer or a pair of them, got ${JSON.stringify(v)}`);
  }
  return p;
}

function pads(v: ConvOptions['pad'], kernel: Pair, dilation: Pair, what: string): Pads2d {
  if (v === 'same') {
    // Stride-1 'same' padding; the extra cell goes after (ONNX SAME_UPPER).
    const th = dilation[0] * (kernel[0] - 1);
    const tw = dilation[1] * (kernel[1] - 1);
    return [Math.floor(th / 2), Math.floor(tw / 2), th - Math.floor(th / 2), tw - Math.floor(tw / 2)];
  }
  const p: readonly number[] = v === undefined ? [0, 0, 0, 0] : typeof v === 'number' ? [v, v, v, v] : v.length === 2 ? [v[0], v[1], v[0], v[1]] : v;
  if (p.length !== 4 || !allIntsAtLeast(p, 0)) {
    throw new RangeError(`${what}: pad must be a non-negative integer, [h, w] or [top, left, bottom, right], got ${JSON.stringify(v)}`);
  }
  return p as unknown as Pads2d;
}

export function convParams(opts: ConvOptions, kernel: Pair, what: string): Conv2dParams {
  const dilation = pair(opts.dilation, 1, what, 'dilation');
  let stride: Pair | undefined;
  if (opts.pad === 'same') {
    stride = pair(opts.stride, 1, what, 'stride');
    if (stride[0] !== 1 || stride[1] !== 1) {
      // With stride > 1 'same' padding depends on the input size (TensorFlow's rule); the nn layers compute it per input.
      throw new RangeError(`${what}: pad 'same' here needs stride 1; for strided convolutions give explicit pads or use the Conv2d/Conv1d layer, which computes TensorFlow's 'same' padding per input`);
    }
  }
  const groups = opts.groups ?? 1;
  if (!Number.isInteger(groups) || groups < 1) throw new RangeError(`${what}: groups must be a positive integer, got ${groups}`);
  stride ??= pair(opts.stride, 1, what, 'stride');
  return { stride, pad: pads(opts.pad, kernel, dilation, what), dilation, groups };
}

/** x [N, C, H, W], w [Co, C/groups, kh, kw] -> [N, Co, Ho, Wo]. */
export function conv2d(x: Tensor, w: Tensor, opts: ConvOptions = {}): Tensor {
  if (w.rank !== 4) throw new RangeError(`conv2d: weight must be [Cout, Cin/groups, kh, kw], got ${formatShape(w.shape)}`);
  return runPrimitive('conv2d', [x, w], convParams(opts, [w.shape[2]!, w.shape[3]!], 'conv2d'));
}

export interface Conv1dOptions {
  stride?: number;
  /** A number (both sides), [before, after] or 'same'. */
  pad?: number | readonly [number, number] | 'same';
  dilation?: number;
  groups?: number;
}

/** The 2-D parameters of a 1-D convolution with kernel length k run as NC1W (height 1). */
export function conv1dParams(opts: Conv1dOptions, k: number, what: string): Conv2dParams {
  const p = opts.pad;
  const pad2: ConvOptions['pad'] = p === undefined ? 0 : p === 'same' ? 'same' : typeof p === 'number' ? [0, p, 0, p] : [0, p[0], 0, p[1]];
  return convParams({ stride: [1, opts.stride ?? 1], pad: pad2, dilation: [1, opts.dilation ?? 1], groups: opts.groups ?? 1 }, [1, k], what);
}

/** [N, C, W] as [N, C, 1, W] (and a weight [Co, Cg, k] as [Co, Cg, 1, k]). */
export function asNC1W(x: Tensor): Tensor {
  return reshape(x, [x.shape[0]!, x.shape[1]!, 1, x.shape[2]!]);
}

/** [N, C, 1, W] back to [N, C, W]. */
export function fromNC1W(y: Tensor): Tensor {
  return reshape(y, [y.shape[0]!, y.shape[1]!, y.shape[3]!]);
}

/** x [N, C, W], w [Co, C/groups, k] -> [N, Co, Wo]. */
export function conv1d(x: Tensor, w: Tensor, opts: Conv1dOptions = {}): Tensor {
  if (x.rank !== 3) throw new RangeError(`conv1d: input must be [N, C, W], got ${formatShape(x.shape)}`);
  if (w.rank !== 3) throw new RangeError(`conv1d: weight must be [Cout, Cin/groups, k], got ${formatShape(w.shape)}`);
  return fromNC1W(runPrimitive('conv2d', [asNC1W(x), asNC1W(w)], conv1dParams(opts, w.shape[2]!, 'conv1d')));
}

export interface ConvTransposeOptions extends ConvOptions {
  /** Extra cells added to one side of the output (ONNX output_padding). */
  outputPadding?: number | Pair;
}

/**
 * Transposed convolution. x [N, Cin, H, W], w [Cin, Cout/groups, kh, kw]
 * (the PyTorch/ONNX ConvTranspose layout) -> [N, Cout, Ho, Wo] with
 * Ho = (H-1)·stride - padTop - padBottom + dilation·(kh-1) + outputPadding + 1.
 */
export function convTranspose2d(x: Tensor, w: Tensor, opts: ConvTransposeOptions = {}): Tensor {
  if (w.rank !== 4) throw new RangeError(`convTranspose2d: weight must be [Cin, Cout/groups, kh, kw], got ${formatShape(w.shape)}`);
  if (opts.pad === 'same') throw new RangeError(`convTranspose2d: pad 'same' is not supported; give explicit pads`);
  const p = convParams(opts, [w.shape[2]!, w.shape[3]!], 'convTranspose2d');
  const op = opts.outputPadding === undefined ? [0, 0] : typeof opts.outputPadding === 'number' ? [opts.outputPadding, opts.outputPadding] : opts.outputPadding;
  if (op[0]! >= p.stride[0] && op[0]! > 0 || op[1]! >= p.stride[1] && op[1]! > 0) {
    throw new RangeError(`convTranspose2d: outputPadding ${JSON.stringify(op)} must be smaller than the stride ${JSON.stringify(p.stride)}`);
  }
  const [kh, kw] = [w.shape[2]!, w.shape[3]!];
  const ho = (x.shape[2]! - 1) * p.stride[0] - p.pad[0] - p.pad[2] + p.dilation[0] * (kh - 1) + op[0]! + 1;
  const wo = (x.shape[3]! - 1) * p.stride[1] - p.pad[1] - p.pad[3] + p.dilation[1] * (kw - 1) + op[1]! + 1;
  // The forward of a transposed conv is conv2dBackInput with the conv's "output" = x.
  // Output padding first eats into the bottom/right padding (those cells do
  // receive contributions); what is left over is cells no input reaches: zeros.
  const eatH = Math.min(op[0]!, p.pad[2]);
  const eatW = Math.min(op[1]!, p.pad[3]);
  const zerosH = op[0]! - eatH;
  const zerosW = op[1]! - eatW;
  const params = { ...p, pad: [p.pad[0], p.pad[1], p.pad[2] - eatH, p.pad[3] - eatW] as const, inputHW: [ho - zerosH, wo - zerosW] as const };
  const y = runPrimitive('conv2dBackInput', [x, w], params);
  if (zerosH === 0 && zerosW === 0) return y;
  return runPrimitive('pad', [y], { pads: [[0, 0], [0, 0], [0, zerosH], [0, zerosW]], value: 0 });
}

/** 1-D transposed convolution: x [N, Cin, W], w [Cin, Cout/groups, k]. */
export function convTranspose1d(x: Tensor, w: Tensor, opts: { stride?: number; pad?: number; dilation?: number; groups?: number; outputPadding?: number } = {}): Tensor {
  if (x.rank !== 3 || w.rank !== 3) throw new RangeError(`convTranspose1d: expected x [N, C, W] and w [Cin, Cout/groups, k], got ${formatShape(x.shape)} and ${formatShape(w.shape)}`);
  const y = convTranspose2d(reshape(x, [x.shape[0]!, x.shape[1]!, 1, x.shape[2]!]), reshape(w, [w.shape[0]!, w.shape[1]!, 1, w.shape[2]!]), {
    stride: [1, opts.stride ?? 1],
    pad: [0, opts.pad ?? 0, 0, opts.pad ?? 0],
    dilation: [1, opts.dilation ?? 1],
    groups: opts.groups ?? 1,
    outputPadding: [0, opts.outputPadding ?? 0],
  });
  return reshape(y, [y.shape[0]!, y.shape[1]!, y.shape[3]!]);
}
