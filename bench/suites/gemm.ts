/**
 * GEMM throughput, square n×n×n. Goals (project issue): Edgewatt f32 ≥ 18
 * GFLOP/s at 256³ and 1024³, compared with tfjs-wasm's matMul in the same
 * run; int8 ≥ 2× Edgewatt's own f32 throughput. All three contenders are
 * interleaved, so the int8/f32 ratio and the f32/tfjs ratio see the same noise.
 */
import { disposeOpened, openContender, timeOpened } from '../contender.js';
import { edgewattGemmF32, edgewattGemmInt8 } from '../edgewatt/gemm.js';
import { tfjsGemm } from '../tfjs/gemm.js';
import type { BenchRecord } from '../record.js';
import { GEMM_SIZES } from '../workloads.js';
import { gemmOps, throughputRecord, type Suite, type SuiteContext } from './suite.js';

const TFJS_WASM = 'tfjs-wasm matMul (XNNPACK, 1 thread)';

export const gemmSuite: Suite = {
  name: 'gemm',
  describe: 'f32 and int8 GEMM at 256³ and 1024³ vs tfjs-wasm matMul',
  async run(ctx: SuiteContext): Promise<BenchRecord[]> {
    const records: BenchRecord[] = [];
    for (const n of GEMM_SIZES) {
      ctx.log(`gemm ${n}³`);
      const opened = [
        await openContender(`tfjs-wasm ${n}`, () => tfjsGemm('wasm', n), ctx.log),
        await openContender(`edgewatt f32 ${n}`, () => edgewattGemmF32(n), ctx.log),
        await openContender(`edgewatt int8 ${n}`, () => edgewattGemmInt8(n), ctx.log),
      ] as const;
      const [tfjs, f32, int8] = opened;
      try {
        const timings = await timeOpened(opened, ctx.quick
          ? { warmup: 2, reps: 5, minTimeMs: 500, maxTimeMs: 3000, quantumMs: 50 }
          : { warmup: 5, reps: 30, minTimeMs: 5000, maxTimeMs: 30000, quantumMs: 100 });
        records.push(
          throughputRecord({
            name: `gemm_f32_${n}`, unit: 'GFLOP/s', work: gemmOps(n), scale: 1e-9,
            edgewatt: f32, baseline: tfjs, baselineLabel: TFJS_WASM, timings,
            goal: { on: 'value', op: '>=', target: 18, text: '≥ 18 GFLOP/s' },
          }),
          throughputRecord({
            name: `gemm_int8_${n}`, unit: 'GOP/s', work: gemmOps(n), scale: 1e-9,
            edgewatt: int8, baseline: f32, baselineLabel: `Edgewatt f32 matmul ${n}³`, timings,
            goal: { on: 'ratio', op: '>=', target: 2, text: '≥ 2× Edgewatt f32' },
          }),
        );
      } finally {
        disposeOpened(opened);
      }
    }
    return records;
  },
};
