/**
 * Latency of one ladder rung, measured — never estimated — as the median of
 * timed single-sample inferences after warm-up (the first runs pay for JIT,
 * pool growth and onnxruntime's graph optimisation). Both ways a rung is run
 * are timed: the exported ONNX file on onnxruntime-node, which gateways and
 * SBCs deploy, and the module on Edgewatt's own engine, which is what runs
 * where no native runtime exists (browsers, WASM-only hosts).
 */
import { cpus } from 'node:os';
import { noGrad, tensor, tidy } from '../../engine/index.js';
import type { Module } from '../../nn/index.js';
import type { VariantLatency } from './manifest.js';

export interface LatencyOptions {
  /** Timed runs (default 50). */
  runs?: number;
  /** Untimed runs first (default 10). */
  warmup?: number;
  /** Seconds since an arbitrary origin; injected in tests. */
  clock?: () => number;
}

/** How a latency's machine is described: CPU model and the thread count used. */
export function machineLabel(threads = 1): string {
  const cpu = cpus()[0]?.model.trim() ?? 'unknown CPU';
  return `${cpu}, ${threads} thread${threads === 1 ? '' : 's'}`;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

function quantile(xs: number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))]!;
}

function checkRuns(o: LatencyOptions): { runs: number; warmup: number; clock: () => number } {
  const runs = o.runs ?? 50;
  const warmup = o.warmup ?? 10;
  if (!Number.isInteger(runs) || runs < 1) throw new RangeError(`measureLatency: runs must be a positive integer, got ${runs}`);
  if (!Number.isInteger(warmup) || warmup < 0) throw new RangeError(`measureLatency: warmup must be a non-negative integer, got ${warmup}`);
  return { runs, warmup, clock: o.clock ?? (() => performance.now() / 1000) };
}

async function time(run: () => unknown | Promise<unknown>, o: LatencyOptions): Promise<{ medianMs: number; p90Ms: number; runs: number }> {
  const { runs, warmup, clock } = checkRuns(o);
  for (let i = 0; i < warmup; i++) await run();
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = clock();
    await run();
    ms.push((clock() - t0) * 1000);
  }
  return { medianMs: median(ms), p90Ms: quantile(ms, 0.9), runs };
}

/** One sample of `inputShape` through the module on Edgewatt's active engine backend. */
export async function measureModuleLatency(model: Module, inputShape: readonly number[], backendName: string, o: LatencyOptions = {}): Promise<VariantLatency> {
  const x = new Float32Array(inputShape.reduce((a, b) => a * b, 1)).map((_, i) => Math.sin(i));
  model.eval();
  const t = await time(() => noGrad(() => tidy(() => model.call(tensor(x, [1, ...inputShape])).toArray())), o);
  return { ...t, batch: 1, backend: backendName, machine: machineLabel(1) };
}

/** One sample through an ONNX file on onnxruntime-node, one intra-op thread (the single-core gateway case). */
export async function measureOnnxLatency(onnx: Uint8Array, inputShape: readonly number[], o: LatencyOptions & { inputName?: string } = {}): Promise<VariantLatency> {
  const ort = await import('onnxruntime-node');
  const session = await ort.InferenceSession.create(onnx, { intraOpNumThreads: 1, interOpNumThreads: 1, graphOptimizationLevel: 'all' });
  try {
    const x = new Float32Array(inputShape.reduce((a, b) => a * b, 1)).map((_, i) => Math.sin(i));
    const feeds = { [o.inputName ?? session.inputNames[0]!]: new ort.Tensor('float32', x, [1, ...inputShape]) };
    const t = await time(() => session.run(feeds), o);
    return { ...t, batch: 1, backend: 'onnxruntime-node', machine: machineLabel(1) };
  } finally {
    await session.release();
  }
}
