/**
 * One Edgewatt ResNet-8 training step: forward in training mode,
 * cross-entropy, backward, SGD-with-momentum update — the work the tfjs
 * contender does (same optimizer settings, from workloads.ts). Images are
 * NCHW, Edgewatt's layout. Everything the step allocates is freed by `tidy`,
 * which is also how a user's training loop is meant to be written.
 */
import type { Step } from '../contender.js';
import { CLASSES, TRAIN_LR, TRAIN_MOMENTUM } from '../workloads.js';
import { loadEdgewatt, type EwModule } from './api.js';

export interface TrainStepOptions {
  readonly batch: number;
  readonly imageHW: number;
  readonly seed?: number;
}

export async function edgewattResNet8TrainStep(opts: TrainStepOptions): Promise<Step & { readonly model: EwModule }> {
  const { engine: ew, nn, train } = await loadEdgewatt('nn', 'train');
  const rng = new ew.Rng(opts.seed ?? 7);
  const model = nn.resnet8({ inputSize: opts.imageHW });
  model.train();
  const optimizer = new train.SGD(model.parameters(), { lr: TRAIN_LR, momentum: TRAIN_MOMENTUM });
  const x = ew.randn([opts.batch, 3, opts.imageHW, opts.imageHW], rng);
  const labels = Int32Array.from({ length: opts.batch }, () => rng.int(CLASSES));
  return {
    model,
    step: () => {
      ew.tidy(() => {
        optimizer.zeroGrad();
        const loss = train.crossEntropy(model.forward(x), labels);
        loss.backward();
        optimizer.step();
        loss.toArray();
      });
    },
    dispose: () => {
      optimizer.zeroGrad();
      for (const p of model.parameters()) p.dispose();
      x.dispose();
    },
  };
}
