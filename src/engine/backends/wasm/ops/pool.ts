/** maxPool2d / avgPool2d and their gradients (float32, NCHW) on asm/pool.ts. */
import type { KernelTensor } from '../../../backend.js';
import type { Pool2dParams } from '../../../primitives.js';
import { addressOf, type WasmKernel } from '../context.js';
import type { PoolGeometry } from '../exports.js';

/** Geometry from the input-side [N, C, H, W] and output-side [., ., Ho, Wo] shapes. */
function geometry(x: readonly number[], y: readonly number[], p: Pool2dParams): PoolGeometry {
  return [x[0]! * x[1]!, x[2]!, x[3]!, y[2]!, y[3]!, p.kernel[0], p.kernel[1], p.stride[0], p.stride[1], p.pad[0], p.pad[1]];
}

const f32 = (ts: readonly KernelTensor[]): boolean => ts.every((t) => t.dtype === 'float32');

export const maxPool2d: WasmKernel<'maxPool2d'> = (ctx, inputs, out, p) => {
  const x = inputs[0]!;
  if (!f32([x, out])) return false;
  ctx.k.maxPoolF32(addressOf(x), addressOf(out), ...geometry(x.shape, out.shape, p));
  return true;
};

export const maxPool2dGrad: WasmKernel<'maxPool2dGrad'> = (ctx, inputs, out, p) => {
  const [x, dy] = inputs as [KernelTensor, KernelTensor];
  if (!f32([x, dy, out])) return false;
  ctx.k.maxPoolGradF32(addressOf(x), addressOf(dy), addressOf(out), ...geometry(x.shape, dy.shape, p));
  return true;
};

export const avgPool2d: WasmKernel<'avgPool2d'> = (ctx, inputs, out, p) => {
  const x = inputs[0]!;
  if (!f32([x, out])) return false;
  ctx.k.avgPoolF32(addressOf(x), addressOf(out), ...geometry(x.shape, out.shape, p), p.countIncludePad ? 1 : 0);
  return true;
};

export const avgPool2dGrad: WasmKernel<'avgPool2dGrad'> = (ctx, inputs, out, p) => {
  const dy = inputs[0]!;
  if (!f32([dy, out])) return false;
  ctx.k.avgPoolGradF32(addressOf(dy), addressOf(out), ...geometry(out.shape, dy.shape, p), p.countIncludePad ? 1 : 0);
  return true;
};
