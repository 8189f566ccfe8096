/**
 * ResNet-8 inference through onnxruntime on the zoo model exported by
 * Edgewatt (runtimes.ts `resnet8Onnx`), and through Edgewatt's session API
 * on its onnxruntime-node backend — the pair whose difference is the
 * session API's overhead.
 *
 * Inputs are built once; each timed call is one run, with the logits
 * returned to JavaScript (onnxruntime always hands outputs back as JS
 * arrays; the Edgewatt contender copies its logits out likewise).
 */
import type { Step } from '../contender.js';
import { Rng } from '../../src/engine/random.js';
import { bareOrtRun, loadSessionApi, ORT_NODE_OPTIONS, resnet8Onnx, type OrtFlavour } from './runtimes.js';

const HW = 32;

function images(batch: number, seed: number): { data: Float32Array; dims: number[] } {
  const rng = new Rng(seed);
  return { data: Float32Array.from({ length: batch * 3 * HW * HW }, () => 2 * rng.next() - 1), dims: [batch, 3, HW, HW] };
}

/** A bare `ort.InferenceSession.run` on onnxruntime-node or -web, the feed tensor built once (runtimes.ts `bareOrtRun`). */
export async function ortResNet8(flavour: OrtFlavour, batch: number, seed = 11): Promise<Step> {
  const x = images(batch, seed);
  return bareOrtRun(flavour, await resnet8Onnx(), (names) => ({ [names[0]!]: x }));
}

/** Edgewatt's `infer` on its onnxruntime-node backend, one thread, same bytes and input as `ortNodeResNet8`. */
export async function sessionOrtNodeResNet8(batch: number, seed = 11): Promise<Step & { readonly backend: string }> {
  const api = await loadSessionApi();
  const session = await api.createSession(await resnet8Onnx(), { backends: ['onnxruntime-node'], intraOpNumThreads: ORT_NODE_OPTIONS.intraOpNumThreads });
  const x = images(batch, seed);
  return {
    backend: session.backend,
    step: async () => {
      await api.infer(session, x.data, x.dims);
    },
    dispose: () => void session.dispose(),
  };
}
