/**
 * What an integer model costs to hold and to run, counted as a
 * microcontroller runtime stores it (CMSIS-NN's argument structures,
 * Include/arm_nn_types.h, are the reference for the int32 fields):
 *
 * - weights at their storage precision (int8, or int4/int2 packed; a
 *   nested model's int8 master once, whatever its number of widths);
 * - per parameter set (one, or one per width of a nested model):
 *   conv/linear: per output channel the int32 bias, the Q31 multiplier and
 *   the shift (cmsis_nn_per_channel_quant_params holds int32 arrays of
 *   both) and the float32 weight scale (the quantization parameter TFLite
 *   files and QDQ exports carry); per layer the input and output offsets and
 *   the activation clamp (int32 each in cmsis_nn_conv_params /
 *   cmsis_nn_activation); blockwise weights add per channel and block a
 *   float32 scale and an int32 multiplier and shift;
 *   residual addition: the twelve int32 arguments of CMSIS-NN's
 *   arm_elementwise_add_s8 (two offsets, multipliers and shifts of the
 *   inputs, the left shift, the output offset, multiplier and shift, the
 *   clamp);
 *   average pool: multiplier, shift, input and output offsets (int32, the
 *   parameters of TFLite's integer mean);
 *   model input/output: a float32 scale and an int32 zero point each.
 *
 * `macsByPrecision` reports each conv/linear layer's MACs under its weight
 * width — 'int4'/'int2' for low-bit layers, which the model summary (by
 * element type) can only call int8.
 */
import type { Shape } from '../../engine/index.js';
import { summarize, type Module } from '../../nn/index.js';
import { DequantizeOutput } from './layers/dequantize-output.js';
import { QAvgPool } from './layers/qavg-pool.js';
import { QResidual } from './layers/qresidual.js';
import { QuantizeInput } from './layers/quantize-input.js';
import { QuantizedWeightedLayer } from './layers/quantized-weighted-layer.js';
import { QuantizedModel } from './quantized-model.js';

const INT32_BYTES = 4;
const FLOAT32_BYTES = 4;

/** Per output channel and parameter set: bias, multiplier, shift (int32) and weight scale (float32). */
export const CHANNEL_PARAM_BYTES = 3 * INT32_BYTES + FLOAT32_BYTES;
/**
 * Per output channel and block of blockwise weights, and parameter set: the
 * block's float32 scale and the Q31 multiplier and shift (int32) that rescale
 * its sum.
 */
export const BLOCK_PARAM_BYTES = FLOAT32_BYTES + 2 * INT32_BYTES;
/** Per conv/linear layer and parameter set: input offset, output offset, clamp min and max (int32). */
export const LAYER_PARAM_BYTES = 4 * INT32_BYTES;
/** Per residual addition and parameter set: arm_elementwise_add_s8's twelve int32 arguments. */
export const ADD_PARAM_BYTES = 12 * INT32_BYTES;
/** Per average pool and parameter set: multiplier, shift, input and output offsets (int32). */
export const POOL_PARAM_BYTES = 4 * INT32_BYTES;
/** Model input or output and parameter set: scale (float32) and zero point (int32). */
export const BOUNDARY_PARAM_BYTES = FLOAT32_BYTES + INT32_BYTES;

export interface LayerSize {
  readonly path: string;
  readonly type: string;
  /** Weight bit width in use (conv/linear), else null. */
  readonly weightBits: number | null;
  readonly weightBytes: number;
  /** Requantization parameters of every parameter set. */
  readonly parameterBytes: number;
}

export interface QuantizedSize {
  readonly weightBytes: number;
  readonly parameterBytes: number;
  readonly totalBytes: number;
  /** Parameter sets held: 1, or the number of widths of a nested model. */
  readonly parameterSets: number;
  readonly layers: readonly LayerSize[];
}

function parameterBytesPerSet(m: Module): number {
  if (m instanceof QuantizedWeightedLayer) {
    const blocks = m.params.current.blockRescale?.blocks.count ?? 0;
    return m.outChannels * (CHANNEL_PARAM_BYTES + blocks * BLOCK_PARAM_BYTES) + LAYER_PARAM_BYTES;
  }
  if (m instanceof QResidual) return ADD_PARAM_BYTES;
  if (m instanceof QAvgPool) return POOL_PARAM_BYTES;
  if (m instanceof QuantizeInput || m instanceof DequantizeOutput) return BOUNDARY_PARAM_BYTES;
  return 0;
}

function parameterSets(m: Module): number {
  const p = (m as { params?: { variants?: readonly unknown[] } }).params;
  return p?.variants?.length ?? 0;
}

export function quantizedSize(model: QuantizedModel): QuantizedSize {
  if (!(model instanceof QuantizedModel)) throw new TypeError('quantizedSize: model must be a QuantizedModel');
  const layers: LayerSize[] = [];
  for (const [path, m] of model.namedModules()) {
    const parameterBytes = parameterBytesPerSet(m) * parameterSets(m);
    const weighted = m instanceof QuantizedWeightedLayer;
    if (parameterBytes === 0 && !weighted) continue;
    layers.push({
      path,
      type: m.typeName,
      weightBits: weighted ? m.weightBits : null,
      weightBytes: weighted ? m.weights.storedBytes : 0,
      parameterBytes,
    });
  }
  const weightBytes = layers.reduce((n, l) => n + l.weightBytes, 0);
  const parameterBytes = layers.reduce((n, l) => n + l.parameterBytes, 0);
  return { weightBytes, parameterBytes, totalBytes: weightBytes + parameterBytes, parameterSets: model.info.precision?.widths.length ?? 1, layers };
}

/** Total bytes: weights at their storage precision plus every parameter set. */
export function quantizedSizeBytes(model: QuantizedModel): number {
  return quantizedSize(model).totalBytes;
}

/**
 * MACs per sample by precision: conv/linear layers under `int${weightBits}`
 * (the active width of a nested model), anything else with MACs under its
 * summary precision. `inputShape` defaults to the calibrated one.
 */
export function macsByPrecision(model: QuantizedModel, inputShape: Shape = model.info.inputShape): Record<string, number> {
  const byPath = new Map(model.namedModules());
  const out: Record<string, number> = {};
  for (const row of summarize(model, inputShape).layers) {
    if (row.macs === 0) continue;
    const m = byPath.get(row.name);
    const key = m instanceof QuantizedWeightedLayer ? `int${m.weightBits}` : row.precision;
    out[key] = (out[key] ?? 0) + row.macs;
  }
  return out;
}
