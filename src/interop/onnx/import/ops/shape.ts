/**
 * Movement ops whose shape arguments are constants read at import
 * (onnx/docs/Operators.md): Reshape-14 (0 copies a dim unless allowzero, -1
 * is inferred), Flatten-13, Transpose-13, Concat-13, Squeeze-13/Unsqueeze-13
 * (axes as an input; Squeeze-11/Unsqueeze-11 as an attribute), Slice-13
 * (Slice-1 attributes), Pad-18 (Pad-2 attributes; constant mode only),
 * Expand-13 (bidirectional broadcasting), Constant-19.
 */
import {
  broadcastShapes, concat, expand, pad, permute, reshape, slice, sizeOf, tensor, type Tensor,
} from '../../../../engine/index.js';
import type { NodeContext } from '../node-context.js';
import { checkSize, input, requireInputs, type OpDefinition } from '../op-definition.js';
import { constantValue } from './constant.js';

/** Normalises an ONNX axis (negative counts from the end) against `rank`, failing as the file's error. */
export function axisOf(ctx: NodeContext, axis: number, rank: number, what = 'axis'): number {
  const a = axis < 0 ? axis + rank : axis;
  if (!(a >= 0 && a < rank)) ctx.fail(what, `${axis} is out of range for an input of rank ${rank}`);
  return a;
}

/** Axes from the attribute (older opsets) or from constant input 1 (newer ones). */
function axesArg(ctx: NodeContext, inputFrom: number): number[] | undefined {
  return ctx.opset >= inputFrom ? ctx.constInts(1, 'axes') : ctx.ints('axes');
}

export const shapeOps = {
  Reshape: {
    constInputs: [1],
    prepare(ctx: NodeContext) {
      requireInputs(ctx, 2);
      const target = ctx.constInts(1, 'shape')!;
      const allowZero = ctx.int('allowzero', 0) === 1;
      if (target.filter((d) => d === -1).length > 1) ctx.fail('input 1 (shape)', `has more than one -1: [${target.join(', ')}]`);
      if (target.some((d) => d < -1)) ctx.fail('input 1 (shape)', `dims must be >= -1, got [${target.join(', ')}]`);
      return {
        run: (xs) => {
          const x = input(xs, 0);
          const shape = target.map((d, i) => (d === 0 && !allowZero ? (x.shape[i] ?? ctx.fail('input 1 (shape)', `0 at position ${i} copies a dim the input [${x.shape.join(', ')}] does not have`)) : d));
          return [reshape(x, shape)];
        },
      };
    },
  },
  Flatten: {
    prepare(ctx: NodeContext) {
      requireInputs(ctx, 1);
      const axis = ctx.int('axis', 1);
      return {
        run: (xs) => {
          const x = input(xs, 0);
          const a = axis < 0 ? axis + x.rank : axis;
          if (a < 0 || a > x.rank) ctx.fail('attribute "axis"', `${axis} is out of range for an input of rank ${x.rank}`);
          return [reshape(x, [sizeOf(x.shape.slice(0, a)), sizeOf(x.shape.slice(a))])];
        },
      };
    },
  },
  Transpose: {
    prepare(ctx: NodeContext) {
      requireInputs(ctx, 1);
      const perm = ctx.ints('perm');
      return { run: (xs) => { const x = input(xs, 0); return [permute(x, perm ?? x.shape.map((_, i) => x.rank - 1 - i))]; } };
    },
  },
  Concat: {
    prepare(ctx: NodeContext) {
      requireInputs(ctx, 1);
      if (!ctx.has('axis')) ctx.fail('attribute "axis"', 'is required');
      const axis = ctx.int('axis', 0);
      return { run: (xs) => { const ts = xs.filter((t): t is Tensor => t !== undefined); return [concat(ts, axisOf(ctx, axis, ts[0]!.rank, 'attribute "axis"'))]; } };
    },
  },
  Squeeze: {
    constInputs: [1],
    prepare(ctx: NodeContext) {
      requireInputs(ctx, 1);
      const axes = axesArg(ctx, 13);
      return {
        run: (xs) => {
          const x = input(xs, 0);
          const drop = new Set(axes ? axes.map((a) => axisOf(ctx, a, x.rank, 'axes')) : x.shape.flatMap((d, i) => (d === 1 ? [i] : [])));
          for (const a of drop) if (x.shape[a] !== 1) ctx.fail('axes', `axis ${a} has size ${x.shape[a]}, expected 1`);
          return [reshape(x, x.shape.filter((_, i) => !drop.has(i)))];
        },
      };
    },
  },
  Unsqueeze: {
    constInputs: [1],
    prepare(ctx: NodeContext) {
      requireInputs(ctx, 1);
      const axes = axesArg(ctx, 13);
      if (!axes) ctx.fail('axes', 'are required');
      return {
        run: (xs) => {
          const x = input(xs, 0);
          const rank = x.rank + axes.length;
          const at = new Set(axes.map((a) => axisOf(ctx, a, rank, 'axes')));
          const shape: number[] = [];
          let j = 0;
          for (let i = 0; i < rank; i++) shape.push(at.has(i) ? 1 : x.shape[j++]!);
          return [reshape(x, shape)];
        },
      };
    },
  },
  Slice: {
    constInputs: [1, 2, 3, 4],
    prepare(ctx: NodeContext) {
      requireInputs(ctx, ctx.opset >= 10 ? 3 : 1);
      const starts = ctx.opset >= 10 ? ctx.constInts(1, 'starts')! : ctx.ints('starts') ?? ctx.fail('attribute "starts"', 'is required');
      const ends = ctx.opset >= 10 ? ctx.constInts(2, 'ends')! : ctx.ints('ends') ?? ctx.fail('attribute "ends"', 'is required');
      const axes = ctx.opset >= 10 ? ctx.constInts(3, 'axes') : ctx.ints('axes');
      const steps = ctx.opset >= 10 ? ctx.constInts(4, 'steps') : undefined;
      if (starts.length !== ends.length || (axes && axes.length !== starts.length)) ctx.fail('', `starts (${starts.length}), ends (${ends.length}) and axes (${axes?.length ?? '-'}) must have equal lengths`);
      if (steps && steps.some((s) => s !== 1)) ctx.unsupported(`steps [${steps.join(', ')}] (only step 1)`);
      return {
        run: (xs) => {
          const x = input(xs, 0);
          const s = x.shape.map(() => 0);
          const e = [...x.shape];
          starts.forEach((st, k) => {
            const a = axisOf(ctx, axes ? axes[k]! : k, x.rank, 'axes');
            s[a] = st;
            e[a] = ends[k]!;
          });
          return [slice(x, s, e)];
        },
      };
    },
  },
  Pad: {
    constInputs: [1, 2, 3],
    prepare(ctx: NodeContext) {
      requireInputs(ctx, 1);
      const mode = ctx.string('mode', 'constant');
      if (mode !== 'constant') ctx.unsupported(`mode "${mode}" (only "constant")`);
      const pads = ctx.opset >= 11 ? ctx.constInts(1, 'pads') : ctx.ints('pads');
      if (!pads) ctx.fail('pads', 'are required');
      const value = ctx.opset >= 11 ? (ctx.constFloats(2, 'constant_value')?.[0] ?? 0) : ctx.float('value', 0);
      const axes = ctx.opset >= 18 ? ctx.constInts(3, 'axes') : undefined;
      if (pads.some((p) => p < 0)) ctx.unsupported(`negative pads [${pads.join(', ')}] (cropping)`);
      return {
        run: (xs) => {
          const x = input(xs, 0);
          const ax = axes ? axes.map((a) => axisOf(ctx, a, x.rank, 'axes')) : x.shape.map((_, i) => i);
          if (pads.length !== 2 * ax.length) ctx.fail('pads', `has ${pads.length} values, expected ${2 * ax.length} for ${ax.length} axes`);
          const per: [number, number][] = x.shape.map(() => [0, 0]);
          ax.forEach((a, k) => { per[a] = [pads[k]!, pads[k + ax.length]!]; });
          checkSize(ctx, x.shape.map((d, i) => d + per[i]![0] + per[i]![1]), 'the padded output');
          return [pad(x, per, value)];
        },
      };
    },
  },
  Expand: {
    constInputs: [1],
    prepare(ctx: NodeContext) {
      requireInputs(ctx, 2);
      const target = ctx.constInts(1, 'shape')!;
      return {
        run: (xs) => {
          const x = input(xs, 0);
          const shape = broadcastShapes(x.shape, target) ?? ctx.fail('input 1 (shape)', `[${target.join(', ')}] does not broadcast with the input [${x.shape.join(', ')}]`);
          checkSize(ctx, shape, 'the expanded output');
          return [expand(x, shape)];
        },
      };
    },
  },
  Constant: {
    prepare(ctx: NodeContext) {
      const c = constantValue(ctx);
      const values = Float32Array.from(c.data as ArrayLike<number | bigint>, (v) => Number(v));
      return { run: () => [tensor(values, c.dims)], outTypes: [c.dataType] };
    },
  },
} satisfies Record<string, OpDefinition>;
