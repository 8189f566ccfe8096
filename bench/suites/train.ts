/**
 * ResNet-8 training throughput (forward + backward + SGD-with-momentum
 * step). Goal (project issue): Edgewatt ≥ 210 images/s at batch 64 on one
 * core; tfjs-cpu is the measured baseline, PyTorch only a quoted figure.
 *
 * tfjs-cpu's JavaScript Conv2DBackpropFilter makes one batch-64 step take
 * minutes here, so: the full run times one tfjs-cpu step at batch 64 after a
 * warm-up step; --quick compares both at a small batch (named in the row)
 * and reports Edgewatt's batch-64 figure against the goal alone. tfjs-wasm
 * has no conv gradient kernels; it is tried, and its row says so.
 */
import { disposeOpened, openContender, timeOpened, type Opened } from '../contender.js';
import { edgewattResNet8TrainStep } from '../edgewatt/resnet8-train.js';
import { tfjsResNet8TrainStep } from '../tfjs/resnet8-train.js';
import { makeRecord, type BenchRecord, type Goal } from '../record.js';
import { IMAGE_HW, PYTORCH_TRAIN_QUOTE, QUICK_TRAIN_BATCH, TRAIN_BATCH } from '../workloads.js';
import { throughputRecord, type Suite, type SuiteContext } from './suite.js';

const GOAL: Goal = { on: 'value', op: '>=', target: 210, text: '≥ 210 images/s' };

export const trainSuite: Suite = {
  name: 'train',
  describe: `ResNet-8 training step, batch ${TRAIN_BATCH} (--quick: ${QUICK_TRAIN_BATCH} vs tfjs), vs tfjs-cpu`,
  async run(ctx: SuiteContext): Promise<BenchRecord[]> {
    const cmpBatch = ctx.quick ? QUICK_TRAIN_BATCH : TRAIN_BATCH;
    // tfjs-wasm first: it fails fast (forward, then the missing gradient kernel) and is disposed before timing starts.
    const wasm = await openContender(`tfjs-wasm b${cmpBatch}`, () => tfjsResNet8TrainStep('wasm', cmpBatch), ctx.log);
    const opened: Opened[] = [
      wasm,
      await openContender(`tfjs-cpu b${cmpBatch}`, () => tfjsResNet8TrainStep('cpu', cmpBatch), ctx.log),
      await openContender(`edgewatt b${cmpBatch}`, () => edgewattResNet8TrainStep({ batch: cmpBatch, imageHW: IMAGE_HW }), ctx.log),
    ];
    if (cmpBatch !== TRAIN_BATCH) {
      opened.push(await openContender(`edgewatt b${TRAIN_BATCH}`, () => edgewattResNet8TrainStep({ batch: TRAIN_BATCH, imageHW: IMAGE_HW }), ctx.log));
    }
    const [, cpu, ew] = opened as [Opened, Opened, Opened];
    const ew64 = opened[3] ?? ew;
    try {
      // One timed tfjs step (after its probe step, which is the warm-up) is all the budget allows.
      const slow = { warmup: 1, reps: 1, maxReps: 1 };
      const overrides = { [cpu.name]: slow, [wasm.name]: slow };
      const timings = await timeOpened(opened, ctx.quick
        ? { warmup: 2, reps: 3, minTimeMs: 0, maxTimeMs: 20000, quantumMs: 1000 }
        : { warmup: 2, reps: 10, minTimeMs: 10000, maxTimeMs: 480000, quantumMs: 5000 }, overrides);
      const rows: BenchRecord[] = [];
      const cmpName = `resnet8_train_b${cmpBatch}`;
      const tfjsCpuLabel = `tfjs-cpu 1 thread, batch ${cmpBatch}`;
      rows.push(throughputRecord({
        name: cmpName, unit: 'images/s', work: cmpBatch,
        edgewatt: ew, baseline: cpu, baselineLabel: tfjsCpuLabel, timings,
        ...(cmpBatch === TRAIN_BATCH ? { goal: GOAL, notes: [PYTORCH_TRAIN_QUOTE] } : {}),
      }));
      if (ew64 !== ew) {
        rows.push(throughputRecord({
          name: `resnet8_train_b${TRAIN_BATCH}`, unit: 'images/s', work: TRAIN_BATCH,
          edgewatt: ew64, baseline: null, baselineLabel: null, timings, goal: GOAL,
          notes: [`tfjs-cpu is not run at batch ${TRAIN_BATCH} in --quick (minutes per step); see ${cmpName}`, PYTORCH_TRAIN_QUOTE],
        }));
      }
      rows.push(wasmRow(`${cmpName}_vs_tfjs-wasm`, cmpBatch, ew, wasm, timings));
      return rows;
    } finally {
      disposeOpened(opened);
    }
  },
};

/** tfjs-wasm cannot train a conv net (no Conv2DBackpropFilter kernel); its row records that, or its figure if it can. */
function wasmRow(name: string, batch: number, ew: Opened, wasm: Opened, timings: Parameters<typeof throughputRecord>[0]['timings']): BenchRecord {
  if (wasm.ok) {
    return throughputRecord({ name, unit: 'images/s', work: batch, edgewatt: ew, baseline: wasm, baselineLabel: `tfjs-wasm 1 thread, batch ${batch}`, timings });
  }
  const own = throughputRecord({ name, unit: 'images/s', work: batch, edgewatt: ew, baseline: null, baselineLabel: null, timings });
  return makeRecord({
    name,
    value: own.value,
    unit: 'images/s',
    baseline: `tfjs-wasm 1 thread, batch ${batch}: ${wasm.kind}`,
    baselineValue: null,
    status: own.status,
    note: [own.note, `tfjs-wasm cannot run this step (${wasm.kind}): ${wasm.reason}`].filter((n) => n !== undefined).join('; '),
    ...(own.timing ? { timing: own.timing } : {}),
  });
}
