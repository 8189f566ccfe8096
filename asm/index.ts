/**
 * Entry point of the Edgewatt kernel module (built by scripts/build-wasm.mjs).
 * Every kernel takes byte offsets into this module's linear memory; the JS
 * side (src/engine/backends/wasm/memory.ts) owns all allocation above
 * `heapBase()`, so nothing here allocates.
 */
export * from './gemm';
export { gemmI8, gemmI8PackABytes, gemmI8PackBBytes } from './gemm_int8';
export { zeroF32 } from './vec';
export * from './im2col';
export { convI8 } from './conv_int8';
export * from './requantize';
export * from './depthwise';
export * from './depthwise_int8';
export * from './unary';
export * from './binary';
export * from './reduce';
export * from './pool';
export * from './copy';
export * from './cast';

/** First byte past the module's static data: where the JS allocator may start. */
export function heapBase(): usize {
  return __heap_base;
}
