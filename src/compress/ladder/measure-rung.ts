/**
 * One rung of the ladder, measured: its file written (atomically) into the
 * ladder folder and pinned by SHA-256, its quality on held-out data (top-1
 * on the validation batches, or the task's QualityProbe) through the very
 * module that will be deployed (the integer path for quantized rungs), and its latency on onnxruntime-node (the file) and on
 * Edgewatt's engine (the module). A nested master's file is written and
 * pinned here the same way (saveNestedMaster).
 */
import { join } from 'node:path';
import { activeBackend, noGrad, tensor, tidy } from '../../engine/index.js';
import { writeFileAtomicSync } from '../../io/atomic-write.js';
import { summarize, type Module } from '../../nn/index.js';
import { encodeQuantizedModel } from '../integer/model-file/model-file.js';
import type { QuantizedModel } from '../integer/quantized-model.js';
import { MetricAccumulator, type BatchSource } from '../../train/index.js';
import type { LadderNestedMaster, LadderVariant, VariantQuality, VariantWork } from './manifest.js';
import { sha256Hex } from './manifest-file.js';
import { measureModuleLatency, measureOnnxLatency, type LatencyOptions } from './measure-latency.js';

/** Top-1 accuracy of `model` (eval mode, no autograd) over every batch of `data`. */
export function evaluateAccuracy(model: Module, data: BatchSource, numClasses: number): { accuracy: number; samples: number } {
  const acc = new MetricAccumulator(numClasses);
  let samples = 0;
  const wasTraining = model.training;
  model.eval();
  try {
    for (const b of data) {
      noGrad(() => tidy(() => {
        const out = model.call(tensor(b.x, b.shape));
        acc.add(out.toArray() as Float32Array, b.y.subarray(0, b.size));
      }));
      samples += b.size;
    }
  } finally {
    model.train(wasTraining);
  }
  return { accuracy: acc.accuracy(), samples };
}

export interface RungInput {
  id: string;
  kind: LadderVariant['kind'];
  derivedFrom?: string;
  /** The module whose accuracy and engine latency are measured. */
  model: Module;
  onnx: Uint8Array;
  weightBytes: number;
  weightTensorBytes: number;
  params: number;
  macs: number;
  macsByPrecision: Record<string, number>;
  bitsPerLayer?: Record<string, number>;
  nestedBits?: number;
  /** For a nested rung: the id of the master it is a width of (saveNestedMaster). */
  nestedMaster?: string;
  recipe: Record<string, unknown>;
}

/**
 * Measures a rung's quality on held-out data: top-1 for classifiers
 * (topOneQuality), or a task's own figure (an anomaly detector's ROC-AUC)
 * — computed on the rung's module, the model that is deployed.
 */
export type QualityProbe = (model: Module) => VariantQuality;

/** Top-1 accuracy on `val` as a ladder quality. */
export function topOneQuality(val: BatchSource, numClasses: number, datasetLabel: string): QualityProbe {
  return (model) => {
    const { accuracy, samples } = evaluateAccuracy(model, val, numClasses);
    return { metric: 'top1', value: accuracy, samples, dataset: datasetLabel };
  };
}

export interface RungContext {
  outDir: string;
  inputShape: readonly number[];
  quality: QualityProbe;
  latency: LatencyOptions;
  /** Skip timing (tests); latency is then an empty list, never a guess. */
  timeLatency: boolean;
}

/** The rung's work for the energy model, from its own summary (quantized layers report int8 activations). */
export function variantWork(model: Module, inputShape: readonly number[]): VariantWork {
  const s = summarize(model, inputShape);
  const opClassMacs = { conv: 0, depthwise: 0, dense: 0 };
  let outputs = 0;
  let layers = 0;
  for (const l of s.layers) {
    if (l.macs === 0) continue;
    opClassMacs[l.opClass === 'depthwise' || l.opClass === 'dense' ? l.opClass : 'conv'] += l.macs;
    outputs += l.outputShape.reduce((a, b) => a * b, 1);
    layers++;
  }
  const activationBytes = s.layers.reduce((n, l) => n + l.inputBytes + l.activationBytes, 0);
  return { opClassMacs, outputs, layers, activationBytes, peakActivationBytes: s.peakActivationBytes };
}

export async function measureRung(r: RungInput, ctx: RungContext): Promise<LadderVariant> {
  const file = `${r.id}.onnx`;
  writeFileAtomicSync(join(ctx.outDir, file), r.onnx);
  const quality = ctx.quality(r.model);
  const latency = ctx.timeLatency
    ? [await measureOnnxLatency(r.onnx, ctx.inputShape, ctx.latency), await measureModuleLatency(r.model, ctx.inputShape, `edgewatt-${activeBackend().name}`, ctx.latency)]
    : [];
  return {
    id: r.id,
    kind: r.kind,
    ...(r.derivedFrom !== undefined ? { derivedFrom: r.derivedFrom } : {}),
    file,
    sha256: sha256Hex(r.onnx),
    weightBytes: r.weightBytes,
    weightTensorBytes: r.weightTensorBytes,
    fileBytes: r.onnx.length,
    params: r.params,
    macs: r.macs,
    macsByPrecision: r.macsByPrecision,
    work: variantWork(r.model, ctx.inputShape),
    ...(r.bitsPerLayer ? { bitsPerLayer: r.bitsPerLayer } : {}),
    quality,
    latency,
    recipe: r.recipe,
    ...(r.nestedBits !== undefined ? { nestedBits: r.nestedBits } : {}),
    ...(r.nestedMaster !== undefined ? { nestedMaster: r.nestedMaster } : {}),
  };
}

/**
 * Writes a nested master as `<id>.safetensors` (the integer-model file,
 * atomically) into the ladder folder and returns its manifest entry,
 * pinned by size and SHA-256.
 */
export function saveNestedMaster(outDir: string, id: string, derivedFrom: string, model: QuantizedModel): LadderNestedMaster {
  const widths = model.info.precision?.widths;
  if (widths === undefined) throw new TypeError(`saveNestedMaster: "${id}" is not a nested model (info.precision is null)`);
  const bytes = encodeQuantizedModel(model);
  const file = `${id}.safetensors`;
  writeFileAtomicSync(join(outDir, file), bytes);
  return { id, derivedFrom, file, sha256: sha256Hex(bytes), fileBytes: bytes.length, widths: [...widths] };
}
