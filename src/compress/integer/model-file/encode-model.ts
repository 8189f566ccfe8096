/**
 * QuantizedModel → the integer-model file's JSON structure and named
 * arrays (model-file-schema.ts): a walk over the module tree that copies
 * out exactly what each layer reads at run time — the stored weights as
 * they are held (int8, packed int4/int2, or a nested model's int8 master)
 * and every parameter set's requantization constants — so a model rebuilt
 * from them computes the same integers, with nothing recomputed.
 */
import type { DType, TypedArray } from '../../../engine/index.js';
import { Flatten, Sequential, Unflatten, Upsample, type Module } from '../../../nn/index.js';
import type { NamedArrays } from '../../../train/safetensors.js';
import { DequantizeOutput } from '../layers/dequantize-output.js';
import { QAvgPool } from '../layers/qavg-pool.js';
import { QConv } from '../layers/qconv.js';
import { QLinear } from '../layers/qlinear.js';
import { QMaxPool } from '../layers/qmax-pool.js';
import { QResidual } from '../layers/qresidual.js';
import { QuantizeInput } from '../layers/quantize-input.js';
import type { QuantizedWeightedLayer } from '../layers/quantized-weighted-layer.js';
import { MsbSlicedWeights } from '../nested/msb-sliced-weights.js';
import type { Switchable } from '../precision-state.js';
import { QuantizedModel } from '../quantized-model.js';
import { Int8Weights, PackedWeights, type QuantizedWeights } from '../quantized-weights.js';
import type { WeightedParams } from '../weighted-params.js';
import { calibrationPath, joinPath, setSuffix, tensorName, type ModelJson, type NamedNodeJson, type NodeJson, type WeightsJson, type WeightedSetJson } from './model-file-schema.js';

const WHO = 'saveQuantizedModel';

function quant(q: { scale: number; zeroPoint: number }): { scale: number; zeroPoint: number } {
  return { scale: q.scale, zeroPoint: q.zeroPoint };
}

class ModelEncoder {
  readonly tensors: NamedArrays = new Map();

  constructor(
    private readonly model: QuantizedModel,
    private readonly widths: readonly number[] | null,
  ) {}

  private put(name: string, dtype: DType, shape: readonly number[], data: TypedArray): void {
    this.tensors.set(name, { dtype, shape: [...shape], data });
  }

  /** The variants of a Switchable in the file's set order, checked against the model's widths. */
  sets<T>(m: Module, s: Switchable<T>): T[] {
    const n = this.widths?.length ?? 1;
    if (s.variants.length !== n || s.variants.some(([suffix], i) => suffix !== setSuffix(this.widths, i))) {
      throw new TypeError(`${WHO}: ${m.label} holds parameter sets ${s.variants.map(([x]) => JSON.stringify(x)).join(', ')}, the model's widths need ${n}`);
    }
    return s.variants.map(([, p]) => p);
  }

  node(m: Module, path: string, floatRoot: ModelJson['floatRoot']): NodeJson {
    if (m instanceof QConv) {
      const g = m.geometry;
      const geometry = { dims: g.dims, kernel: [...g.kernel] as [number, number], stride: [...g.stride] as [number, number], dilation: [...g.dilation] as [number, number], groups: g.groups, padding: g.padding === 'same' ? 'same' as const : [...g.padding] as [number, number, number, number] };
      return { type: 'conv', weights: this.weights(m, path), geometry, inChannels: m.inChannels, ...this.weighted(m, path, floatRoot) };
    }
    if (m instanceof QLinear) return { type: 'linear', weights: this.weights(m, path), ...this.weighted(m, path, floatRoot) };
    if (m instanceof QResidual) {
      const params = this.sets(m, m.params);
      const shortcut = m.shortcut;
      return {
        type: 'residual',
        main: this.node(m.main, joinPath(path, 'main'), floatRoot),
        shortcut: shortcut === null ? null : this.node(shortcut, joinPath(path, 'shortcut'), floatRoot),
        activation: params[0]!.activation,
        params: params.map((p) => ({
          a: quant(p.a), b: quant(p.b), output: quant(p.output),
          multiplierA: p.multiplierA, shiftA: p.shiftA, multiplierB: p.multiplierB, shiftB: p.shiftB, multiplierOut: p.multiplierOut, shiftOut: p.shiftOut,
          min: p.min, max: p.max,
        })),
      };
    }
    if (m instanceof QAvgPool) {
      return { type: 'avgPool', dims: m.dims, window: m.window && windowJson(m.window), params: this.sets(m, m.params).map((p) => ({ input: quant(p.input), output: quant(p.output) })) };
    }
    if (m instanceof QMaxPool) return { type: 'maxPool', dims: m.dims, window: windowJson(m.window) };
    if (m instanceof Flatten) return { type: 'flatten', startAxis: m.startAxis };
    if (m instanceof Unflatten) return { type: 'unflatten', shape: [...m.shape] };
    if (m instanceof Upsample) return { type: 'upsample', scaleFactor: m.scaleFactor };
    // Exactly a Sequential: a subclass may compute something else.
    if (m.constructor === Sequential) return { type: 'sequential', children: this.children(m, path, floatRoot) };
    throw new TypeError(`${WHO}: ${m.label} is not a layer of the integer path (QConv, QLinear, QResidual, QAvgPool, QMaxPool, Flatten, Unflatten, Upsample, Sequential); only models from quantizeModel or buildNestedModel can be saved`);
  }

  children(m: Module, path: string, floatRoot: ModelJson['floatRoot']): NamedNodeJson[] {
    return m.namedChildren().map(([name, child]) => ({ name, node: this.node(child, joinPath(path, name), floatRoot) }));
  }

  private weights(m: QuantizedWeightedLayer, path: string): WeightsJson {
    const w: QuantizedWeights = m.weights;
    const name = tensorName(path, 'weight');
    if (w instanceof MsbSlicedWeights || w instanceof Int8Weights) {
      const [, t] = w.buffers[0]!;
      this.put(name, 'int8', w.shape, t.toArray() as Int8Array);
      return { storage: w instanceof MsbSlicedWeights ? 'msb-sliced' : 'int8', shape: [...w.shape] };
    }
    if (w instanceof PackedWeights) {
      this.put(name, 'int8', w.packed.shape, w.packed.toArray() as Int8Array);
      return { storage: w.bits === 4 ? 'int4-packed' : 'int2-packed', shape: [...w.shape] };
    }
    throw new TypeError(`${WHO}: ${m.label} stores its weights as ${(w as object).constructor.name}, which the file format does not know`);
  }

  private weighted(m: QuantizedWeightedLayer, path: string, floatRoot: ModelJson['floatRoot']): { activation: WeightedParams['activation']; params: WeightedSetJson[] } {
    const sets = this.sets(m, m.params);
    const point = calibrationPath(floatRoot, path);
    const params = sets.map((p, i) => {
      const suffix = setSuffix(this.widths, i);
      const c = p.weightScale.length;
      const realBias = this.model.info.calibrations[i]?.groups.get(point)?.bias;
      if (realBias === undefined) throw new TypeError(`${WHO}: ${m.label} has no calibration record for set ${i} (info.calibrations[${i}].groups has no "${point}")`);
      this.put(tensorName(path, 'bias', suffix), 'int32', [c], p.bias.toArray() as Int32Array);
      this.put(tensorName(path, 'bias_q', suffix), 'int32', [c], Int32Array.from(p.biasQ));
      this.put(tensorName(path, 'bias_float', suffix), 'float32', [c], Float32Array.from(realBias));
      this.put(tensorName(path, 'weight_scale', suffix), 'float32', [c], Float32Array.from(p.weightScale));
      this.put(tensorName(path, 'multiplier', suffix), 'int32', [c], Int32Array.from(p.multiplier));
      this.put(tensorName(path, 'shift', suffix), 'int32', [c], Int32Array.from(p.shift));
      const r = p.blockRescale;
      if (r !== null) {
        const k = r.blocks.count;
        this.put(tensorName(path, 'block_scales', suffix), 'float32', [c, k], Float32Array.from(r.blocks.scales));
        this.put(tensorName(path, 'block_multiplier', suffix), 'int32', [k, c], Int32Array.from(r.perBlock.flatMap((b) => b.multiplier)));
        this.put(tensorName(path, 'block_shift', suffix), 'int32', [k, c], Int32Array.from(r.perBlock.flatMap((b) => b.shift)));
      }
      return {
        input: quant(p.input), output: quant(p.output), min: p.min, max: p.max,
        blocks: r === null ? null : { size: r.blocks.size, count: r.blocks.count, kernelArea: r.blocks.kernelArea },
      };
    });
    return { activation: sets[0]!.activation, params };
  }
}

function windowJson(w: { kernel: readonly number[]; stride: readonly number[]; pad: readonly number[] }) {
  return { kernel: [w.kernel[0]!, w.kernel[1]!] as [number, number], stride: [w.stride[0]!, w.stride[1]!] as [number, number], pad: [w.pad[0]!, w.pad[1]!, w.pad[2]!, w.pad[3]!] as [number, number, number, number] };
}

/**
 * Whether the float model's root was a single layer or block (held as the
 * child `model`) rather than a Sequential: the calibration record then knows
 * the root's points by paths relative to it. A Sequential root's only child
 * may also be called `model`; its calibration paths then start with it.
 */
function floatRootOf(model: QuantizedModel, body: readonly [string, Module][]): ModelJson['floatRoot'] {
  if (body.length !== 1 || body[0]![0] !== 'model' || body[0]![1].constructor === Sequential) return 'sequential';
  const c = model.info.calibrations[0];
  return c !== undefined && (c.activations.has('model') || c.groups.has('model')) ? 'sequential' : 'module';
}

/** The file's structure and arrays for `model`; throws TypeError for a model the format cannot hold. */
export function encodeModel(model: QuantizedModel): { json: ModelJson; tensors: NamedArrays } {
  if (!(model instanceof QuantizedModel)) throw new TypeError(`${WHO}: model must be a QuantizedModel (from quantizeModel or buildNestedModel), got ${(model as object)?.constructor?.name ?? String(model)}`);
  const widths = model.info.precision === null ? null : [...model.info.precision.widths];
  const encoder = new ModelEncoder(model, widths);
  const body = model.namedChildren().filter(([, m]) => !(m instanceof QuantizeInput) && !(m instanceof DequantizeOutput));
  const floatRoot = floatRootOf(model, body);
  const json: ModelJson = {
    source: model.info.source,
    inputShape: [...model.info.inputShape],
    widths,
    floatRoot,
    input: encoder.sets(model.quantizeInput, model.quantizeInput.params).map(quant),
    output: encoder.sets(model.dequantizeOutput, model.dequantizeOutput.params).map(quant),
    body: body.map(([name, m]) => ({ name, node: encoder.node(m, name, floatRoot) })),
  };
  return { json, tensors: encoder.tensors };
}
