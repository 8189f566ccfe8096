/**
 * The ONNX op types this importer runs, and the table from each to its
 * definition. The table's type is a mapped type over the SUPPORTED_ONNX_OPS
 * literal union, so listing an op without implementing it (or the reverse)
 * fails to compile.
 */
import type { OpDefinition } from './op-definition.js';
import { convOps } from './ops/conv.js';
import { elementwiseOps } from './ops/elementwise.js';
import { linalgOps } from './ops/linalg.js';
import { normalizationOps } from './ops/normalization.js';
import { poolOps } from './ops/pool.js';
import { quantizedOps } from './ops/quantized.js';
import { reduceOps } from './ops/reduce.js';
import { resizeOps } from './ops/resize.js';
import { shapeOps } from './ops/shape.js';

export const SUPPORTED_ONNX_OPS = [
  // core
  'Conv', 'ConvTranspose', 'Gemm', 'MatMul', 'Add', 'Sub', 'Mul', 'Div', 'Relu', 'Clip', 'LeakyRelu', 'Sigmoid', 'Tanh',
  'Erf', 'Gelu', 'BatchNormalization', 'MaxPool', 'AveragePool', 'GlobalAveragePool', 'Flatten', 'Reshape', 'Transpose',
  'Concat', 'Softmax', 'Resize',
  // quantized
  'QuantizeLinear', 'DequantizeLinear', 'QLinearConv', 'QLinearMatMul',
  // small ops exported graphs need
  'Identity', 'Constant', 'Unsqueeze', 'Squeeze', 'Pad', 'Slice', 'Expand', 'Cast', 'ReduceMean', 'ReduceSum', 'ReduceMax',
  'Sqrt', 'Exp', 'Log', 'Neg', 'Abs', 'Pow', 'Where', 'Greater', 'Equal', 'Round', 'Dropout',
] as const;

export type SupportedOp = (typeof SUPPORTED_ONNX_OPS)[number];

export const OP_TABLE: { readonly [Op in SupportedOp]: OpDefinition } = {
  ...convOps,
  ...elementwiseOps,
  ...linalgOps,
  ...normalizationOps,
  ...poolOps,
  ...quantizedOps,
  ...reduceOps,
  ...resizeOps,
  ...shapeOps,
};

export function isSupportedOp(opType: string): opType is SupportedOp {
  return Object.prototype.hasOwnProperty.call(OP_TABLE, opType);
}

/** Compile-time check the other way: every implemented op is listed in SUPPORTED_ONNX_OPS. */
type ImplementedOp = keyof typeof convOps | keyof typeof elementwiseOps | keyof typeof linalgOps | keyof typeof normalizationOps
  | keyof typeof poolOps | keyof typeof quantizedOps | keyof typeof reduceOps | keyof typeof resizeOps | keyof typeof shapeOps;
export type UnlistedOps = Exclude<ImplementedOp, SupportedOp>;
const everyImplementedOpIsListed: [UnlistedOps] extends [never] ? true : never = true;
void everyImplementedOpIsListed;
