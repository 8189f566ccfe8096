/**
 * Edgewatt's integer-only path against its float path, same model, batch 1,
 * interleaved (bench/edgewatt/int8-infer.ts). Goal on ResNet-8: int8 ≥ 1.5×
 * the float path — the int8 GEMM's own goal is 2× (gemm.ts), and a model
 * adds requantization, residual adds and the quantize/dequantize boundary
 * around its convolutions. The HAR cnn1d (26k MACs) is reported without a
 * goal: at that size the JavaScript around each primitive, not the kernels,
 * sets the time.
 */
import { disposeOpened, openContender, timeOpened } from '../contender.js';
import { edgewattInt8Pair, type Int8InferModel } from '../edgewatt/int8-infer.js';
import type { BenchRecord } from '../record.js';
import { throughputRecord, type Suite, type SuiteContext } from './suite.js';

const MODELS: readonly { model: Int8InferModel; label: string; goal: boolean }[] = [
  { model: 'resnet8', label: 'ResNet-8 32×32', goal: true },
  { model: 'cnn1d', label: 'HAR cnn1d 3×26', goal: false },
];

export const int8InferSuite: Suite = {
  name: 'int8-infer',
  describe: 'Edgewatt integer-only int8 inference vs its float path, batch 1 (ResNet-8, HAR cnn1d)',
  async run(ctx: SuiteContext): Promise<BenchRecord[]> {
    const records: BenchRecord[] = [];
    for (const { model, label, goal } of MODELS) {
      ctx.log(`int8-infer ${label}`);
      let pair: Awaited<ReturnType<typeof edgewattInt8Pair>> | undefined;
      const lazyPair = async () => (pair ??= await edgewattInt8Pair(model));
      const opened = [
        await openContender(`edgewatt f32 ${model}`, async () => (await lazyPair()).f32(), ctx.log),
        await openContender(`edgewatt int8 ${model}`, async () => (await lazyPair()).int8(), ctx.log),
      ] as const;
      const [f32, int8] = opened;
      try {
        const timings = await timeOpened(opened, ctx.quick
          ? { warmup: 5, reps: 10, minTimeMs: 1000, maxTimeMs: 3000, quantumMs: 50 }
          : { warmup: 50, reps: 40, minTimeMs: 8000, maxTimeMs: 30000, quantumMs: 100 });
        records.push(throughputRecord({
          name: `${model}_int8_infer_b1`, unit: 'inferences/s', work: 1,
          edgewatt: int8, baseline: f32, baselineLabel: `Edgewatt float32 ${label}, batch norm folded, batch 1`, timings,
          ...(goal ? { goal: { on: 'ratio', op: '>=', target: 1.5, text: '≥ 1.5× Edgewatt float32' } } : {}),
          notes: [`integer-only QuantizedModel (int8 weights per channel, int8 activations, int32 accumulation, fixed-point requantization) of the same ${label} model`],
        }));
      } finally {
        disposeOpened(opened);
      }
    }
    return records;
  },
};
