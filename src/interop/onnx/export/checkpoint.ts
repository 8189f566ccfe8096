/**
 * Checkpoint -> .onnx: rebuild the model the checkpoint describes
 * (`loadModelCheckpoint`, shared with every command that takes one), export,
 * and write the file
 * atomically so a reader never sees half a model.
 */
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { writeFileAtomic } from '../../../io/atomic-write.js';
import { ZooModel, type Module } from '../../../nn/index.js';
import { loadModelCheckpoint } from '../../../train/model-checkpoint.js';
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

/** What was written by {@link writeOnnxFile}. */
export interface OnnxFileReport {
  file: string;
  bytes: number;
  nodes: number;
  initializers: number;
  /** One sample's shape (no batch axis). */
  inputShape: number[];
}

/** Exports `model` and writes the .onnx file atomically (creating its folder). */
export async function writeOnnxFile(model: Module, outFile: string, options: Partial<ExportOnnxOptions> = {}): Promise<OnnxFileReport> {
  const inputShape = options.inputShape ? [...options.inputShape] : defaultInputShape(model);
  const proto = exportOnnxModel(model, { ...options, inputShape });
  const bytes = encodeModel(proto);
  await mkdir(dirname(outFile), { recursive: true });
  await writeFileAtomic(outFile, bytes);
  return { file: outFile, bytes: bytes.byteLength, nodes: proto.graph?.node?.length ?? 0, initializers: proto.graph?.initializer?.length ?? 0, inputShape };
}

export async function exportCheckpointToOnnx(
  checkpointDir: string,
  outFile: string,
  options: Partial<ExportOnnxOptions> = {},
): Promise<OnnxFileReport> {
  const { model, checkpoint } = await loadModelCheckpoint(checkpointDir);
  try {
    return await writeOnnxFile(model, outFile, { ...options, modelName: options.modelName ?? checkpoint.model.name });
  } finally {
    model.dispose();
  }
}
