/**
 * sum / max (float32) and argmax on asm/reduce.ts. Adjacent axes that are
 * both reduced or both kept are merged; the resulting pattern picks the
 * kernel (R = reduced group, K = kept group):
 *   R, K R -> rows;  R K, K R K -> middle;  R K R -> outer+inner;  K -> copy.
 * Longer alternations (K R K R ...) fall back to the reference kernel.
 */
import type { KernelTensor } from '../../../backend.js';
import type { ReduceParams } from '../../../primitives.js';
import { sizeOf, sizeOfAxes } from '../../../shape.js';
import { addressOf, type WasmKernel, type WasmKernelContext } from '../context.js';

const SUM = 0, MAX = 1;

/** Groups of merged axes: sizes and whether each is reduced. */
function groups(shape: readonly number[], axes: readonly number[]): { size: number; reduced: boolean }[] {
  const out: { size: number; reduced: boolean }[] = [];
  // A plain loop: forEach over a tensor's (frozen) shape is many times slower in V8.
  for (let i = 0; i < shape.length; i++) {
    const n = shape[i]!;
    if (n === 1) continue;
    const reduced = axes.includes(i);
    const last = out[out.length - 1];
    if (last && last.reduced === reduced) last.size *= n;
    else out.push({ size: n, reduced });
  }
  return out;
}

function reduce(ctx: WasmKernelContext, op: number, x: KernelTensor, out: KernelTensor, p: ReduceParams): boolean {
  if (x.dtype !== 'float32' || sizeOf(x.shape) === 0) return false;
  const g = groups(x.shape, p.axes);
  const pattern = g.map((e) => (e.reduced ? 'R' : 'K')).join('');
  const s = g.map((e) => e.size);
  const k = ctx.k, xp = addressOf(x), op_ = addressOf(out);
  switch (pattern) {
    case '':
    case 'K':
      new Uint8Array(ctx.memory.buffer).copyWithin(op_, xp, xp + out.size * 4);
      return true;
    case 'R':
      k.reduceRowsF32(op, xp, op_, 1, s[0]!);
      return true;
    case 'KR':
      k.reduceRowsF32(op, xp, op_, s[0]!, s[1]!);
      return true;
    case 'RK':
      k.reduceMiddleF32(op, xp, op_, 1, s[0]!, s[1]!, ctx.scratch.get('accumulator', s[1]! * 8));
      return true;
    case 'KRK':
      k.reduceMiddleF32(op, xp, op_, s[0]!, s[1]!, s[2]!, ctx.scratch.get('accumulator', s[2]! * 8));
      return true;
    case 'RKR':
      k.reduceOuterInnerF32(op, xp, op_, s[0]!, s[1]!, s[2]!);
      return true;
    default:
      return false;
  }
}

export const sum: WasmKernel<'sum'> = (ctx, inputs, out, p) => reduce(ctx, SUM, inputs[0]!, out, p);
export const max: WasmKernel<'max'> = (ctx, inputs, out, p) => reduce(ctx, MAX, inputs[0]!, out, p);

export const argmax: WasmKernel<'argmax'> = (ctx, inputs, out, p) => {
  const x = inputs[0]!;
  if (x.dtype !== 'float32') return false;
  const A = sizeOfAxes(x.shape, 0, p.axis), B = x.shape[p.axis]!, C = sizeOfAxes(x.shape, p.axis + 1);
  ctx.k.argmaxF32(addressOf(x), addressOf(out), A, B, C);
  return true;
};
