/**
 * The model summary: what the energy model needs to know about a network
 * (DESIGN.md, "Model summary (nn → energy)") — per layer, the multiply-
 * accumulates by precision, the bytes of parameters to fetch and the bytes
 * of activations produced, all per single sample.
 *
 * It is measured, not declared: one forward pass on a zero input of batch 1,
 * in eval mode and without autograd, with call hooks on every module
 * recording shapes; each recorded layer's own `cost()` turns shapes into
 * MACs. So the summary follows whatever the model really does (strides,
 * 'same' padding, shortcuts) rather than a separate description of it.
 */
import { DTYPES, formatShape, noGrad, sizeOf, tidy, zeros, type DType, type Shape, type Tensor } from '../engine/index.js';
import type { Module, OpClass } from './module.js';
import { TrainingOnly } from './layers/training-only.js';

export interface LayerSummary {
  /** Dotted path in the model ('' for a root that is itself a layer). */
  name: string;
  type: string;
  /** Per sample: the batch axis is dropped. */
  inputShape: number[];
  outputShape: number[];
  /** Trainable elements owned by this layer. */
  params: number;
  /** Saved, untrained elements (batch-norm running statistics). */
  buffers: number;
  macs: number;
  /** How the MACs are computed (conv, depthwise, dense), which sets their cost on a device. */
  opClass: OpClass;
  /** Non-MAC elementwise operations (see `LayerCost.ops`). */
  ops: number;
  /** Element type the MACs run in: the weights' dtype, else the input's. */
  precision: DType;
  /** Bytes of this layer's parameters and buffers as stored. */
  paramBytes: number;
  /** Bytes of the layer's input for one sample (what it reads). */
  inputBytes: number;
  /** Bytes of the layer's output for one sample (what it writes). */
  activationBytes: number;
}

export interface ModelSummary {
  /** Type of the root module. */
  model: string;
  inputShape: number[];
  outputShape: number[];
  /** Every recorded call in the order the calls started: layers in execution order, a container with work of its own before its children. */
  layers: LayerSummary[];
  /** Unique trainable elements of the whole model. */
  totalParams: number;
  totalBuffers: number;
  /** Bytes of all parameters and buffers, each counted once. */
  totalParamBytes: number;
  totalMacs: number;
  totalOps: number;
  macsByPrecision: Partial<Record<DType, number>>;
  /** Bytes of the model input for one sample. */
  inputBytes: number;
  /** Sum of every layer's output bytes: the activation traffic of one inference. */
  totalActivationBytes: number;
  /**
   * Largest input + output of a single layer: a lower bound on the working
   * memory a layer-by-layer executor needs (it ignores tensors kept alive for
   * shortcuts, which a memory planner would add).
   */
  peakActivationBytes: number;
}

export interface SummarizeOptions {
  /** Element type of the zero input. Default float32. */
  dtype?: DType;
}

function tensorBytes(ts: readonly Tensor[]): number {
  return ts.reduce((n, t) => n + t.size * DTYPES[t.dtype].bytes, 0);
}

function layerRow(m: Module, input: Tensor, output: Tensor): LayerSummary {
  const params = m.ownParameters().map(([, t]) => t);
  const buffers = m.ownBuffers().map(([, t]) => t);
  const inputShape = input.shape.slice(1);
  const outputShape = output.shape.slice(1);
  const cost = m.cost(inputShape, outputShape);
  const weight = m.ownParameters().find(([n]) => n === 'weight')?.[1] ?? params[0];
  return {
    name: m.path,
    type: m.typeName,
    inputShape,
    outputShape,
    params: params.reduce((n, t) => n + t.size, 0),
    buffers: buffers.reduce((n, t) => n + t.size, 0),
    macs: cost.macs,
    opClass: cost.opClass ?? (cost.macs > 0 ? 'conv' : cost.ops > 0 ? 'elementwise' : 'none'),
    ops: cost.ops,
    precision: weight?.dtype ?? input.dtype,
    paramBytes: tensorBytes(params) + tensorBytes(buffers),
    inputBytes: sizeOf(inputShape) * DTYPES[input.dtype].bytes,
    activationBytes: sizeOf(outputShape) * DTYPES[output.dtype].bytes,
  };
}

/** A row is kept for layers, and for containers that own weights or do work of their own (a residual addition). */
function isRecorded(m: Module, row: LayerSummary): boolean {
  return m.isLeaf || row.params > 0 || row.buffers > 0 || row.macs > 0 || row.ops > 0;
}

/**
 * Summarises `model` for one sample of shape `inputShape` (no batch axis,
 * e.g. [3, 32, 32]). The model's training flags are restored afterwards.
 * Layers must be reached through `call` (as every container here does) to be seen.
 */
export function summarize(model: Module, inputShape: Shape, options: SummarizeOptions = {}): ModelSummary {
  if (!inputShape.every((d) => Number.isInteger(d) && d >= 1)) {
    throw new RangeError(`summarize(${model.typeName}): inputShape must hold positive integers without the batch axis, got ${formatShape(inputShape)}`);
  }
  const dtype = options.dtype ?? 'float32';
  const modules = model.namedModules().map(([, m]) => m);
  const wasTraining = modules.map((m) => m.training);
  // A slot per call, taken when the call starts: layers appear in execution
  // order and a container with work of its own (a residual addition) heads its children.
  const slots: (LayerSummary | null)[] = [];
  const open: number[] = [];
  let outputShape: number[] = [];
  const removers = modules.map((m) =>
    m.addHooks({
      pre: () => {
        open.push(slots.length);
        slots.push(null);
      },
      post: (mod, input, output) => {
        const row = layerRow(mod, input, output);
        const slot = open.pop()!;
        if (isRecorded(mod, row)) slots[slot] = row;
      },
    }),
  );
  try {
    model.eval();
    tidy(() => {
      const y = noGrad(() => model.call(zeros([1, ...inputShape], dtype)));
      outputShape = y.shape.slice(1);
    });
  } catch (e) {
    throw new Error(`summarize(${model.typeName}): the forward pass on an input of shape ${formatShape([1, ...inputShape])} failed: ${(e as Error).message}`, { cause: e });
  } finally {
    for (const remove of removers) remove();
    modules.forEach((m, i) => (m.training = wasTraining[i]!));
  }

  const layers = slots.filter((r): r is LayerSummary => r !== null);
  // A TrainingOnly branch (a VAE's log-variance head) never runs at inference: its weights are not the deployed model's.
  const trainingOnly = new Set<Tensor>();
  for (const [, m] of model.namedModules()) if (m instanceof TrainingOnly) for (const t of [...m.parameters(), ...m.namedBuffers().map(([, b]) => b)]) trainingOnly.add(t);
  const params = model.parameters().filter((t) => !trainingOnly.has(t));
  const buffers = model.namedBuffers().map(([, t]) => t).filter((t) => !trainingOnly.has(t));
  const macsByPrecision: Partial<Record<DType, number>> = {};
  for (const l of layers) if (l.macs > 0) macsByPrecision[l.precision] = (macsByPrecision[l.precision] ?? 0) + l.macs;
  const inputBytes = sizeOf(inputShape) * DTYPES[dtype].bytes;
  return {
    model: model.typeName,
    inputShape: [...inputShape],
    outputShape,
    layers,
    totalParams: params.reduce((n, t) => n + t.size, 0),
    totalBuffers: buffers.reduce((n, t) => n + t.size, 0),
    totalParamBytes: tensorBytes(params) + tensorBytes(buffers),
    totalMacs: layers.reduce((n, l) => n + l.macs, 0),
    totalOps: layers.reduce((n, l) => n + l.ops, 0),
    macsByPrecision,
    inputBytes,
    totalActivationBytes: layers.reduce((n, l) => n + l.activationBytes, 0),
    peakActivationBytes: layers.reduce((n, l) => Math.max(n, l.inputBytes + l.activationBytes), 0),
  };
}
