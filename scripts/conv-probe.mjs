#!/usr/bin/env node
/**
 * Dev tool: GFLOP/s of the wasm backend's conv2d / conv2dBackInput /
 * conv2dBackFilter on the ResNet-8 (CIFAR) layer shapes at batch 64, median
 * of several runs after a warm-up, one thread. Needs `npm run build` first.
 * Usage: node scripts/conv-probe.mjs [batch]
 */
import { createWasmBackend } from '../dist/src/engine/backends/wasm/backend.js';
import { windowOutSize } from '../dist/src/engine/primitives.js';

const N = Number(process.argv[2] ?? 64);
const b = createWasmBackend();
// [name, C, H, Co, k, stride, pad]
const layers = [
  ['stem 3->16 @32', 3, 32, 16, 3, 1, 1],
  ['16->16 @32', 16, 32, 16, 3, 1, 1],
  ['16->32 s2 @32', 16, 32, 32, 3, 2, 1],
  ['32->32 @16', 32, 16, 32, 3, 1, 1],
  ['1x1 16->32 s2', 16, 32, 32, 1, 2, 0],
  ['32->64 s2 @16', 32, 16, 64, 3, 2, 1],
  ['64->64 @8', 64, 8, 64, 3, 1, 1],
];

function tensor(shape) {
  const size = shape.reduce((a, d) => a * d, 1);
  const t = { handle: b.alloc(size * 4), dtype: 'float32', shape, offset: 0, size };
  const v = b.view(t);
  for (let i = 0; i < size; i++) v[i] = Math.random() - 0.5;
  return t;
}

function median(xs) {
  return [...xs].sort((a, c) => a - c)[xs.length >> 1];
}

function time(fn) {
  fn();
  const ts = [];
  for (let r = 0; r < 5; r++) {
    const t0 = process.hrtime.bigint();
    fn();
    ts.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  return Math.min(...ts);
}

let total = 0;
for (const [name, C, H, Co, k, s, pad] of layers) {
  const Ho = windowOutSize(H, k, s, pad, pad);
  const params = { stride: [s, s], pad: [pad, pad, pad, pad], dilation: [1, 1], groups: 1 };
  const x = tensor([N, C, H, H]), w = tensor([Co, C, k, k]), y = tensor([N, Co, Ho, Ho]);
  const dx = tensor([N, C, H, H]), dw = tensor([Co, C, k, k]);
  const flops = 2 * N * Co * Ho * Ho * C * k * k;
  const tf = time(() => b.run('conv2d', [x, w], y, params));
  const ti = time(() => b.run('conv2dBackInput', [y, w], dx, { ...params, inputHW: [H, H] }));
  const tw = time(() => b.run('conv2dBackFilter', [x, y], dw, { ...params, kernelHW: [k, k] }));
  total += tf + ti + tw;
  const g = (ms) => (flops / ms / 1e6).toFixed(1).padStart(5);
  console.log(`${name.padEnd(16)} fwd ${tf.toFixed(1).padStart(6)} ms ${g(tf)} GF/s | bwd-in ${ti.toFixed(1).padStart(6)} ms ${g(ti)} GF/s | bwd-w ${tw.toFixed(1).padStart(6)} ms ${g(tw)} GF/s`);
  for (const t of [x, w, y, dx, dw]) b.free(t.handle);
}
console.log(`sum over these layers (each once): ${total.toFixed(1)} ms at batch ${N}`);
