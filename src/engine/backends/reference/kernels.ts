/**
 * The reference kernel table: one plain-TypeScript kernel per primitive.
 * Typed as ArrayKernelTable, so a primitive without a kernel does not
 * compile. Every faster backend is tested against this table.
 */
import type { ArrayKernelTable } from '../../backend.js';
import { abs, clip, round, erfKernel, exp, log, neg, relu, sigmoid, sqrt, tanh } from './unary.js';
import { add, cmpEq, cmpGt, div, maximum, mul, sub, where } from './binary.js';
import { argmax, max, sum } from './reduce.js';
import { concat, expand, pad, permute, reshape, slice } from './movement.js';
import { cast } from './cast.js';
import { matmul, matmulInt8 } from './matmul.js';
import { conv2d, conv2dBackFilter, conv2dBackInput } from './conv.js';
import { conv2dInt8 } from './conv-int8.js';
import { requantize } from './requantize.js';
import { avgPool2d, avgPool2dGrad, maxPool2d, maxPool2dGrad } from './pool.js';

export const referenceKernels: ArrayKernelTable = {
  neg, exp, log, sqrt, abs, tanh, sigmoid, erf: erfKernel, relu, round, clip,
  add, sub, mul, div, maximum, cmpGt, cmpEq, where,
  sum, max, argmax,
  reshape, permute, expand, slice, pad, concat, cast,
  matmul, matmulInt8, conv2dInt8, requantize,
  conv2d, conv2dBackInput, conv2dBackFilter,
  maxPool2d, maxPool2dGrad, avgPool2d, avgPool2dGrad,
};
