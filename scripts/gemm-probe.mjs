#!/usr/bin/env node
/**
 * Dev tool for tuning the GEMM kernels: prints the median GFLOP/s (f32) and
 * GOP/s (int8 -> int32) of the raw WebAssembly kernels in
 * dist/wasm/edgewatt-kernels.wasm, one thread, after a warm-up.
 * Usage: node scripts/gemm-probe.mjs [sizes...]   (default 256 1024)
 * One multiply-add counts as 2 operations.
 */
import { readFileSync } from 'node:fs';

const wasmUrl = new URL('../dist/wasm/edgewatt-kernels.wasm', import.meta.url);
const { exports: k } = new WebAssembly.Instance(new WebAssembly.Module(readFileSync(wasmUrl)), {});
const mem = k.memory;
let top = (Number(k.heapBase()) + 63) & ~63;
function alloc(bytes) {
  const p = top;
  top = (top + bytes + 63) & ~63;
  const need = top - mem.buffer.byteLength;
  if (need > 0) mem.grow(Math.ceil(need / 65536));
  return p;
}
// Each argument is N (an N^3 product) or MxNxK, e.g. 16x1024x144 (a conv layer).
const shapes = process.argv.slice(2).map((s) => {
  const d = s.split('x').map(Number);
  return d.length === 3 ? d : [d[0], d[0], d[0]];
});
const runs = 7;

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[s.length >> 1];
}

function bench(label, [m, n, kk], fn) {
  const ops = 2 * m * n * kk;
  const reps = Math.max(1, Math.round(2e8 / ops));
  fn();
  fn();
  const rates = [];
  for (let r = 0; r < runs; r++) {
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < reps; i++) fn();
    const s = Number(process.hrtime.bigint() - t0) / 1e9;
    rates.push((ops * reps) / s / 1e9);
  }
  console.log(`${label} ${m}x${n}x${kk}: median ${median(rates).toFixed(2)} G/s  (min ${Math.min(...rates).toFixed(2)}, max ${Math.max(...rates).toFixed(2)})`);
}

const pa = alloc(k.gemmF32PackABytes()), pb = alloc(k.gemmF32PackBBytes());
const qa = k.gemmI8PackABytes ? alloc(k.gemmI8PackABytes()) : 0;
const qb = k.gemmI8PackBBytes ? alloc(k.gemmI8PackBBytes()) : 0;
for (const shape of shapes.length ? shapes : [[256, 256, 256], [1024, 1024, 1024]]) {
  const [m, n, kk] = shape;
  const a = alloc(m * kk * 4), b = alloc(kk * n * 4), c = alloc(m * n * 4);
  const fa = new Float32Array(mem.buffer, a, m * kk), fb = new Float32Array(mem.buffer, b, kk * n);
  for (let i = 0; i < fa.length; i++) fa[i] = Math.random() - 0.5;
  for (let i = 0; i < fb.length; i++) fb[i] = Math.random() - 0.5;
  for (const [ta, tb] of [[0, 0], [1, 0], [0, 1]]) {
    bench(`f32  gemm tA=${ta} tB=${tb}`, shape, () =>
      k.gemmF32(m, n, kk, a, ta ? m : kk, ta, b, tb ? kk : n, tb, c, n, 0, pa, pb));
  }
  if (k.gemmI8) {
    const ia = alloc(m * kk), ib = alloc(kk * n), ic = alloc(m * n * 4);
    const xa = new Int8Array(mem.buffer, ia, m * kk), xb = new Int8Array(mem.buffer, ib, kk * n);
    for (let i = 0; i < xa.length; i++) xa[i] = (Math.random() * 256 - 128) | 0;
    for (let i = 0; i < xb.length; i++) xb[i] = (Math.random() * 256 - 128) | 0;
    bench('int8 gemm', shape, () => k.gemmI8(m, n, kk, ia, kk, 0, ib, n, 0, ic, n, qa, qb));
  }
}
