/**
 * Chainable methods on Tensor (`x.add(y).relu()`), attached to the prototype
 * here so tensor.ts does not import the ops (which import it). Each method
 * is the op of the same name.
 */
import type { DType } from './dtype.js';
import type { Shape } from './shape.js';
import { Tensor } from './tensor.js';
import { backward } from './autograd.js';
import * as ew from './ops/elementwise.js';
import * as red from './ops/reduce.js';
import * as mv from './ops/movement.js';
import { matmul } from './ops/linalg.js';

declare module './tensor.js' {
  interface Tensor {
    add(b: ew.TensorLike): Tensor;
    sub(b: ew.TensorLike): Tensor;
    mul(b: ew.TensorLike): Tensor;
    div(b: ew.TensorLike): Tensor;
    neg(): Tensor;
    exp(): Tensor;
    log(): Tensor;
    sqrt(): Tensor;
    relu(): Tensor;
    sum(axes?: number | readonly number[], keepDims?: boolean): Tensor;
    mean(axes?: number | readonly number[], keepDims?: boolean): Tensor;
    max(axes?: number | readonly number[], keepDims?: boolean): Tensor;
    argmax(axis?: number): Tensor;
    reshape(shape: Shape): Tensor;
    flatten(startAxis?: number): Tensor;
    permute(perm: readonly number[]): Tensor;
    transpose(): Tensor;
    cast(dtype: DType): Tensor;
    matmul(b: Tensor, opts?: { transA?: boolean; transB?: boolean }): Tensor;
    backward(grad?: Tensor): void;
  }
}

const P = Tensor.prototype;
P.add = function (b) { return ew.add(this, b); };
P.sub = function (b) { return ew.sub(this, b); };
P.mul = function (b) { return ew.mul(this, b); };
P.div = function (b) { return ew.div(this, b); };
P.neg = function () { return ew.neg(this); };
P.exp = function () { return ew.exp(this); };
P.log = function () { return ew.log(this); };
P.sqrt = function () { return ew.sqrt(this); };
P.relu = function () { return ew.relu(this); };
P.sum = function (axes, keepDims) { return red.sum(this, axes, keepDims); };
P.mean = function (axes, keepDims) { return red.mean(this, axes, keepDims); };
P.max = function (axes, keepDims) { return red.max(this, axes, keepDims); };
P.argmax = function (axis) { return red.argmax(this, axis); };
P.reshape = function (shape) { return mv.reshape(this, shape); };
P.flatten = function (startAxis) { return mv.flatten(this, startAxis); };
P.permute = function (perm) { return mv.permute(this, perm); };
P.transpose = function () { return mv.transpose(this); };
P.cast = function (dtype) { return mv.cast(this, dtype); };
P.matmul = function (b, opts) { return matmul(this, b, opts); };
P.backward = function (grad) { backward(this, grad); };
