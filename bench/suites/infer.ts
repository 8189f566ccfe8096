/**
 * ResNet-8 inference throughput at batch 32. Goal (project issue): Edgewatt
 * ≥ 1.5× tfjs-wasm on the same architecture, measured in the same run. Both
 * models are checked to be the MLPerf Tiny ResNet-8 by parameter count.
 */
import { disposeOpened, openContender, timeOpened } from '../contender.js';
import { edgewattResNet8Infer } from '../edgewatt/resnet8-infer.js';
import type { EwModule } from '../edgewatt/api.js';
import { tfjsResNet8Infer } from '../tfjs/resnet8-infer.js';
import { checkTfjsResNet8Size, describeEdgewattSize } from './resnet8-size.js';
import type { BenchRecord } from '../record.js';
import { IMAGE_HW, INFER_BATCH } from '../workloads.js';
import { throughputRecord, type Suite, type SuiteContext } from './suite.js';

export const inferSuite: Suite = {
  name: 'infer',
  describe: `ResNet-8 inference, batch ${INFER_BATCH}, vs tfjs-wasm`,
  async run(ctx: SuiteContext): Promise<BenchRecord[]> {
    const sizeNote = await checkTfjsResNet8Size(ctx.log);
    let ewModel: EwModule | undefined;
    const opened = [
      await openContender('tfjs-wasm', () => tfjsResNet8Infer('wasm', INFER_BATCH), ctx.log),
      await openContender('edgewatt', async () => {
        const s = await edgewattResNet8Infer(INFER_BATCH, IMAGE_HW);
        ewModel = s.model;
        return s;
      }, ctx.log),
    ] as const;
    const [tfjs, ew] = opened;
    try {
      const timings = await timeOpened(opened, ctx.quick
        ? { warmup: 3, reps: 10, minTimeMs: 1500, maxTimeMs: 5000, quantumMs: 200 }
        : { warmup: 5, reps: 40, minTimeMs: 15000, maxTimeMs: 60000, quantumMs: 300 });
      return [
        throughputRecord({
          name: `resnet8_infer_b${INFER_BATCH}`, unit: 'images/s', work: INFER_BATCH,
          edgewatt: ew, baseline: tfjs, baselineLabel: 'tfjs-wasm 1 thread, same architecture (NHWC)', timings,
          goal: { on: 'ratio', op: '>=', target: 1.5, text: '≥ 1.5× tfjs-wasm' },
          notes: [sizeNote, ...(ewModel ? [describeEdgewattSize(ewModel, ctx.log)] : [])],
        }),
      ];
    } finally {
      disposeOpened(opened);
    }
  },
};
