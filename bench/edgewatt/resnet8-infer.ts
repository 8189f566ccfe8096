/**
 * Edgewatt ResNet-8 inference: eval mode (batch norm on running statistics),
 * no autograd recording, logits copied out so every kernel has run.
 */
import type { Step } from '../contender.js';
import { loadEdgewatt, type EwModule } from './api.js';

export async function edgewattResNet8Infer(batch: number, imageHW: number, seed = 11): Promise<Step & { readonly model: EwModule }> {
  const { engine: ew, nn } = await loadEdgewatt('nn');
  const rng = new ew.Rng(seed);
  const model = nn.resnet8({ inputSize: imageHW });
  model.eval();
  const x = ew.randn([batch, 3, imageHW, imageHW], rng);
  return {
    model,
    step: () => {
      ew.noGrad(() => ew.tidy(() => {
        model.forward(x).toArray();
      }));
    },
    dispose: () => {
      for (const p of model.parameters()) p.dispose();
      x.dispose();
    },
  };
}
