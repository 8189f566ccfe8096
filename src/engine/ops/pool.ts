/** Pooling, NCHW; 1-D signals pool as [N, C, 1, W]. */
import type { Pair, Pads2d, Pool2dParams } from '../primitives.js';
import { runPrimitive } from '../run.js';
import { allAxes, formatShape } from '../shape.js';
import type { Tensor } from '../tensor.js';
import { mean } from './reduce.js';
import { reshape } from './movement.js';

export interface PoolOptions {
  kernel: number | Pair;
  /** Defaults to the kernel size. */
  stride?: number | Pair;
  pad?: number | Pair | Pads2d;
}

function poolParams(o: PoolOptions, what: string): Pool2dParams {
  const kernel: Pair = typeof o.kernel === 'number' ? [o.kernel, o.kernel] : o.kernel;
  const stride: Pair = o.stride === undefined ? kernel : typeof o.stride === 'number' ? [o.stride, o.stride] : o.stride;
  const p = o.pad ?? 0;
  const pad: Pads2d = typeof p === 'number' ? [p, p, p, p] : p.length === 2 ? [p[0], p[1], p[0], p[1]] : (p as Pads2d);
  for (const v of [...kernel, ...stride]) if (!Number.isInteger(v) || v < 1) throw new RangeError(`${what}: kernel and stride must be positive integers, got kernel ${JSON.stringify(kernel)} stride ${JSON.stringify(stride)}`);
  return { kernel, stride, pad };
}

export function maxPool2d(x: Tensor, o: PoolOptions): Tensor {
  return runPrimitive('maxPool2d', [x], poolParams(o, 'maxPool2d'));
}

export function avgPool2d(x: Tensor, o: PoolOptions & { countIncludePad?: boolean }): Tensor {
  return runPrimitive('avgPool2d', [x], { ...poolParams(o, 'avgPool2d'), countIncludePad: o.countIncludePad ?? false });
}

function as2d(x: Tensor, what: string): Tensor {
  if (x.rank !== 3) throw new RangeError(`${what}: input must be [N, C, W], got ${formatShape(x.shape)}`);
  return reshape(x, [x.shape[0]!, x.shape[1]!, 1, x.shape[2]!]);
}

function back1d(y: Tensor): Tensor {
  return reshape(y, [y.shape[0]!, y.shape[1]!, y.shape[3]!]);
}

export function maxPool1d(x: Tensor, o: { kernel: number; stride?: number; pad?: number }): Tensor {
  return back1d(maxPool2d(as2d(x, 'maxPool1d'), { kernel: [1, o.kernel], stride: [1, o.stride ?? o.kernel], pad: [0, o.pad ?? 0, 0, o.pad ?? 0] }));
}

export function avgPool1d(x: Tensor, o: { kernel: number; stride?: number; pad?: number; countIncludePad?: boolean }): Tensor {
  return back1d(avgPool2d(as2d(x, 'avgPool1d'), { kernel: [1, o.kernel], stride: [1, o.stride ?? o.kernel], pad: [0, o.pad ?? 0, 0, o.pad ?? 0], countIncludePad: o.countIncludePad ?? false }));
}

/** Mean over all spatial axes: [N, C, ...] -> [N, C]. */
export function globalAvgPool(x: Tensor): Tensor {
  if (x.rank < 3) throw new RangeError(`globalAvgPool: input must be [N, C, ...spatial], got ${formatShape(x.shape)}`);
  return mean(x, allAxes(x.rank).slice(2));
}
