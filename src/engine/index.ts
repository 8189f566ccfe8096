/**
 * edgewatt/engine: tensors, the closed primitive set, autograd, backends.
 * Importing this module registers the backends: WebAssembly SIMD first
 * (priority 2), the TypeScript reference backend as the fallback (priority 1).
 */
import { registerBackend } from './backend.js';
import { createReferenceBackend } from './backends/reference/backend.js';
import { createWasmBackend } from './backends/wasm/backend.js';
import './tensor-methods.js';

registerBackend('reference', createReferenceBackend, 1);
registerBackend('wasm', createWasmBackend, 2);

export * from './dtype.js';
export * from './shape.js';
export * from './primitives.js';
export {
  activeBackend,
  getBackend,
  registerBackend,
  registeredBackends,
  setBackend,
  setBackendLogger,
  type Backend,
  type BackendCapabilities,
  type KernelTensor,
} from './backend.js';
export { Rng, type RandomSource } from './random.js';
export { Tensor, tensor, zeros, ones, full, scalar, emptyTensor, type GradNode } from './tensor.js';
export { tidy, keep, scopeDepth } from './scope.js';
export { memoryStats, trimPools } from './storage.js';
export { noGrad, isGradEnabled, setCheckNumerics, NumericsError, runPrimitive, profilePrimitives, tracePrimitives, type PrimitiveProfile, type PrimitiveObserver } from './run.js';
export { backward, detach } from './autograd.js';
export { gradRules, NON_DIFFERENTIABLE } from './gradients.js';
export {
  quantizeMultiplier,
  saturatingRoundingDoublingHighMul,
  roundingDivideByPOT,
  multiplyByQuantizedMultiplier,
  multiplyByQuantizedMultiplierSingleRounding,
  MIN_SHIFT,
  MAX_SHIFT,
  MAX_MULTIPLIER,
  type QuantizedMultiplier,
  type RoundingMode,
} from './fixed-point.js';
export { MAX_INT8_DOT_LENGTH } from './quantized-shape-rules.js';
export { randn, randu, arange, toBackend } from './random-tensors.js';
export * from './ops/elementwise.js';
export * from './ops/reduce.js';
export * from './ops/movement.js';
export * from './ops/linalg.js';
export * from './ops/conv.js';
export * from './ops/quantized.js';
export * from './ops/pool.js';
export * from './ops/activation.js';
