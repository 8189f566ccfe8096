/**
 * The contract between the importer and each op: at import, `prepare` reads
 * the node's attributes and constant inputs once (so a bad or unsupported
 * node fails at import, naming the node, not at the first inference) and
 * returns the closure that runs the node on engine tensors. Ops are tables of
 * these keyed by ONNX op type (op-table.ts).
 */
import { sizeOf, type Shape, type Tensor } from '../../../engine/index.js';
import type { DataTypeCode } from '../proto.js';
import type { NodeContext } from './node-context.js';

/** Runs one node: inputs aligned with the node's inputs (undefined where omitted), one tensor per output. */
export type NodeRunner = (inputs: readonly (Tensor | undefined)[]) => Tensor[];

export interface PreparedNode {
  readonly run: NodeRunner;
  /** ONNX element type of each output; default: the first input's type. */
  readonly outTypes?: readonly DataTypeCode[];
}

export interface OpDefinition {
  /**
   * Inputs read at import (shapes, axes, pads, scales, exponents). An
   * initializer consumed only at such positions is a constant of the graph,
   * not a module tensor: changing it could not change the compiled node.
   */
  readonly constInputs?: readonly number[];
  prepare(ctx: NodeContext): PreparedNode;
}

/**
 * Elements any single tensor may have: 2^28 float32 values is 1 GiB, beyond
 * any IoT model. Fuzzed files inflate dims; this bound turns that into a
 * FileFormatError instead of an out-of-memory crash.
 */
export const MAX_ELEMENTS = 2 ** 28;

/** Throws (as a file problem, naming the node) when `shape` would exceed MAX_ELEMENTS. */
export function checkSize(ctx: NodeContext, shape: Shape, what: string): void {
  const n = sizeOf(shape);
  if (!(n <= MAX_ELEMENTS)) ctx.fail('', `${what} of shape [${shape.join(', ')}] would have ${n} elements (limit 2^28)`);
}

/** Fails at import unless inputs 0..count-1 are all present. */
export function requireInputs(ctx: NodeContext, count: number): void {
  for (let i = 0; i < count; i++) {
    if (!ctx.hasInput(i)) ctx.fail(`input ${i}`, `is required by ${ctx.opType} but missing (the node has ${ctx.inputs.length} inputs)`);
  }
}

/** A required runtime input (presence was checked at import). */
export function input(xs: readonly (Tensor | undefined)[], i: number): Tensor {
  return xs[i]!;
}
