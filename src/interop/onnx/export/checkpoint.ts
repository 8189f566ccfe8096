/**
 * Checkpoint -> .onnx: rebuild the zoo architecture that model.json names
 * (`createModel(name, config)`), load model.safetensors into it exactly as
 * the trainer's reload does (`loadModuleArrays`), export, and write the file
 * atomically so a reader never sees half a model.
 */
import { mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { writeFileAtomic } from '../../../io/atomic-write.js';
import { createModel, ZooModel, type Module } from '../../../nn/index.js';
import { CHECKPOINT_CONFIG_FILE, CHECKPOINT_WEIGHTS_FILE, loadCheckpoint } from '../../../train/checkpoint.js';
import { loadModuleArrays } from '../../../train/model-arrays.js';
import { encodeModel } from '../proto.js';
import { exportOnnxModel, type ExportOnnxOptions } from './export-model.js';

/**
 * The shape of one input sample (no batch axis) a model was built for. Zoo
 * models record it from their config (resnet8 [inputChannels, inputSize,
 * inputSize], dscnn [1, inputFrames, inputCoefficients], fcAutoencoder
 * [inputDim], cnn1d and convAutoencoder1d [inputChannels, inputLength]);
 * other modules cannot say, and the caller must pass `inputShape`.
 */
export function defaultInputShape(model: Module): number[] {
  if (model instanceof ZooModel) return [...model.inputShape];
  throw new TypeError(`defaultInputShape: ${model.label} is not a zoo model, so its input shape is unknown; pass options.inputShape`);
}

export async function exportCheckpointToOnnx(
  checkpointDir: string,
  outFile: string,
  options: Partial<ExportOnnxOptions> = {},
): Promise<{ file: string; bytes: number; nodes: number; inputShape: number[] }> {
  const ckpt = await loadCheckpoint(checkpointDir);
  let model: Module;
  try {
    model = createModel(ckpt.model.name, ckpt.model.config);
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    throw new Error(`${join(checkpointDir, CHECKPOINT_CONFIG_FILE)}: field "model" does not describe a zoo model: ${message}`, { cause: err });
  }
  loadModuleArrays(model, ckpt.arrays, join(checkpointDir, CHECKPOINT_WEIGHTS_FILE));
  const inputShape = options.inputShape ? [...options.inputShape] : defaultInputShape(model);
  const proto = exportOnnxModel(model, { ...options, inputShape, modelName: options.modelName ?? ckpt.model.name });
  const bytes = encodeModel(proto);
  await mkdir(dirname(outFile), { recursive: true });
  await writeFileAtomic(outFile, bytes);
  return { file: outFile, bytes: bytes.byteLength, nodes: proto.graph?.node?.length ?? 0, inputShape };
}
