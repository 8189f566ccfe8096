/**
 * Edgewatt's own integer-only inference against its own float inference of
 * the same model at batch 1, the way a browser or WASM-only host runs a
 * ladder rung (compress/ladder/measure-latency.ts measures the same path
 * per rung). The float model has its batch norms folded into the
 * convolutions first (foldBatchNorm), as a float deployment would, so the
 * comparison is not flattered by the four elementwise ops an unfolded
 * batch norm costs per call; the int8 one is the folded model's
 * post-training QuantizedModel: int8 activations and weights, int32
 * accumulation and fixed-point requantization. Calibration is one batch of
 * normal noise: speed does not depend on the scales.
 */
import type { Step } from '../contender.js';
import { loadEdgewatt, type EwModule, type EwTensor } from './api.js';

export type Int8InferModel = 'resnet8' | 'cnn1d';

/** Input shape per sample: the MLPerf Tiny ResNet-8 at 32×32, the HAR cnn1d's 3 axes × 26 readings. */
export const INT8_INFER_SHAPES: { readonly [M in Int8InferModel]: readonly number[] } = {
  resnet8: [3, 32, 32],
  cnn1d: [3, 26],
};

const CALIBRATION_SAMPLES = 16;

/** A float and an int8 step over one shared input, so both see the same tensor. */
export async function edgewattInt8Pair(name: Int8InferModel, seed = 11): Promise<{ f32: () => Promise<Step>; int8: () => Promise<Step> }> {
  const { engine: ew, nn, compress } = await loadEdgewatt('nn', 'compress');
  const shape = INT8_INFER_SHAPES[name];
  const rng = new ew.Rng(seed);
  const model: EwModule = name === 'resnet8' ? nn.resnet8({ inputSize: shape[1]! }) : nn.cnn1d({ inputChannels: shape[0]!, inputLength: shape[1]! });
  model.eval();
  compress.foldBatchNorm(model);
  const x = ew.randn([1, ...shape], rng);
  const calib = ew.randn([CALIBRATION_SAMPLES, ...shape], rng);
  const step = (m: EwModule): Step['step'] => () => {
    ew.noGrad(() => ew.tidy(() => {
      m.forward(x).toArray();
    }));
  };
  let open = 2;
  const release = (): void => {
    if (--open > 0) return;
    for (const p of model.parameters()) p.dispose();
    x.dispose();
    calib.dispose();
  };
  return {
    f32: async () => ({ step: step(model), dispose: release }),
    int8: async () => {
      let q: ReturnType<typeof compress.quantizeModel>;
      try {
        q = compress.quantizeModel(model, [calib as EwTensor], { inputShape: shape, calibration: 'minmax', biasCorrection: false });
      } catch (e) {
        release();
        throw e;
      }
      return { step: step(q), dispose: () => { q.dispose(); release(); } };
    },
  };
}
