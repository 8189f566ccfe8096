/**
 * Edgewatt against onnxruntime, every contender on one thread and
 * interleaved in the same run (harness.ts):
 *
 * 1. f32 GEMM at 256³ and 1024³: Edgewatt's matmul vs an ONNX MatMul graph
 *    on onnxruntime-node (native MLAS) and onnxruntime-web (WebAssembly).
 * 2. ResNet-8 inference at batch 32 and 1: Edgewatt's engine vs the same
 *    architecture exported by Edgewatt's exportOnnx and run by each
 *    onnxruntime. No goal: these rows say where Edgewatt stands.
 * 3. The session API's overhead: Edgewatt's `infer` on its onnxruntime-node
 *    backend vs a bare `ort.InferenceSession.run` on the same bytes and
 *    input at batch 1, where fixed per-call costs weigh most. Goal (project
 *    brief for the session API): at most 5% slower.
 */
import { disposeOpened, openContender, timeOpened, type Opened } from '../contender.js';
import { edgewattGemmF32 } from '../edgewatt/gemm.js';
import { edgewattResNet8Infer } from '../edgewatt/resnet8-infer.js';
import { ortGemm } from '../ort/gemm.js';
import { ortResNet8, sessionOrtNodeResNet8 } from '../ort/resnet8-infer.js';
import { makeRecord, type BenchRecord } from '../record.js';
import { GEMM_SIZES, IMAGE_HW, INFER_BATCH } from '../workloads.js';
import { gemmOps, throughputRecord, type Suite, type SuiteContext } from './suite.js';

const ORT_NODE = 'onnxruntime-node 1 thread (intraOpNumThreads = 1)';
const ORT_WEB = 'onnxruntime-web wasm 1 thread (env.wasm.numThreads = 1)';
const BATCHES = [INFER_BATCH, 1] as const;

async function gemmRows(ctx: SuiteContext): Promise<BenchRecord[]> {
  const records: BenchRecord[] = [];
  for (const n of GEMM_SIZES) {
    ctx.log(`ort: gemm ${n}³`);
    const opened = [
      await openContender(`ort-node gemm ${n}`, () => ortGemm('node', n), ctx.log),
      await openContender(`ort-web gemm ${n}`, () => ortGemm('web', n), ctx.log),
      await openContender(`edgewatt gemm ${n}`, () => edgewattGemmF32(n), ctx.log),
    ] as const;
    const [node, web, ew] = opened;
    try {
      const timings = await timeOpened(opened, ctx.quick
        ? { warmup: 2, reps: 5, minTimeMs: 500, maxTimeMs: 3000, quantumMs: 50 }
        : { warmup: 5, reps: 30, minTimeMs: 5000, maxTimeMs: 30000, quantumMs: 100 });
      const row = (baseline: Opened, label: string, suffix: string): BenchRecord => throughputRecord({
        name: `gemm_f32_${n}_vs_${suffix}`, unit: 'GFLOP/s', work: gemmOps(n), scale: 1e-9,
        edgewatt: ew, baseline, baselineLabel: `${label}, ONNX MatMul, A and B as inputs`, timings,
      });
      records.push(row(node, ORT_NODE, 'ort_node'), row(web, ORT_WEB, 'ort_web'));
    } finally {
      disposeOpened(opened);
    }
  }
  return records;
}

async function resnet8Rows(ctx: SuiteContext): Promise<BenchRecord[]> {
  const records: BenchRecord[] = [];
  for (const batch of BATCHES) {
    ctx.log(`ort: resnet8 inference, batch ${batch}`);
    const opened = [
      await openContender(`ort-node resnet8 b${batch}`, () => ortResNet8('node', batch), ctx.log),
      await openContender(`ort-web resnet8 b${batch}`, () => ortResNet8('web', batch), ctx.log),
      await openContender(`edgewatt resnet8 b${batch}`, () => edgewattResNet8Infer(batch, IMAGE_HW), ctx.log),
    ] as const;
    const [node, web, ew] = opened;
    try {
      const timings = await timeOpened(opened, ctx.quick
        ? { warmup: 3, reps: 10, minTimeMs: 1500, maxTimeMs: 4000, quantumMs: 100 }
        : { warmup: 5, reps: 40, minTimeMs: 15000, maxTimeMs: 60000, quantumMs: 300 });
      const row = (baseline: Opened, label: string, suffix: string): BenchRecord => throughputRecord({
        name: `resnet8_infer_b${batch}_vs_${suffix}`, unit: 'images/s', work: batch,
        edgewatt: ew, baseline, baselineLabel: `${label}, zoo ResNet-8 exported by exportOnnx`, timings,
      });
      records.push(row(node, ORT_NODE, 'ort_node'), row(web, ORT_WEB, 'ort_web'));
    } finally {
      disposeOpened(opened);
    }
  }
  return records;
}

async function overheadRow(ctx: SuiteContext): Promise<BenchRecord> {
  ctx.log('ort: session API overhead over bare onnxruntime-node, resnet8 batch 1');
  let backend = '?';
  const opened = [
    await openContender('bare ort-node b1', () => ortResNet8('node', 1), ctx.log),
    await openContender('session ort-node b1', async () => {
      const s = await sessionOrtNodeResNet8(1);
      backend = s.backend;
      return s;
    }, ctx.log),
  ] as const;
  const [bare, session] = opened;
  try {
    // More samples than the throughput rows: the difference sought is a few percent of a sub-millisecond call.
    const timings = await timeOpened(opened, ctx.quick
      ? { warmup: 20, reps: 200, minTimeMs: 2000, maxTimeMs: 4000, quantumMs: 50 }
      : { warmup: 50, reps: 2000, minTimeMs: 15000, maxTimeMs: 30000, quantumMs: 50 });
    const ms = (o: Opened): number | null => {
      const t = o.ok ? timings.get(o.name) : undefined;
      return t ? t.medianS * 1000 : null;
    };
    const notes = [`session backend: ${backend}`, 'latency per call, median'];
    for (const o of opened) if (!o.ok) notes.push(`${o.name} not measured (${o.kind}): ${o.reason}`);
    const sessionTiming = session.ok ? timings.get(session.name) : undefined;
    const bareTiming = bare.ok ? timings.get(bare.name) : undefined;
    return makeRecord({
      name: 'ort_session_overhead_b1', value: ms(session), unit: 'ms', better: 'lower',
      baseline: `bare ort.InferenceSession.run, ${ORT_NODE}, same model and input`, baselineValue: ms(bare),
      goal: { on: 'ratio', op: '<=', target: 1.05, text: '≤ 5% over bare onnxruntime-node' },
      status: session.ok ? 'ok' : session.kind === 'unavailable' ? 'skipped' : session.kind,
      note: notes.join('; '),
      ...(sessionTiming ? { timing: sessionTiming } : {}),
      ...(bareTiming ? { baselineTiming: bareTiming } : {}),
    });
  } finally {
    disposeOpened(opened);
  }
}

export const ortSuite: Suite = {
  name: 'ort',
  describe: 'GEMM and ResNet-8 inference vs onnxruntime-node/-web (1 thread); session API overhead',
  async run(ctx: SuiteContext): Promise<BenchRecord[]> {
    return [...(await gemmRows(ctx)), ...(await resnet8Rows(ctx)), await overheadRow(ctx)];
  },
};
