/**
 * The integer-model file's JSON structure and named arrays → a
 * QuantizedModel: the inverse of encode-model.ts. Every layer is rebuilt
 * around the very constants it was saved with (weights as stored,
 * requantization multipliers, shifts and int32 biases per parameter set),
 * so the model computes bit for bit what the saved one computed; a nested
 * model gets one PrecisionState again and `setBits` switches it.
 *
 * The model's calibration record (QuantizedModelInfo.calibrations) is
 * rebuilt from the same numbers: the activation parameters at every
 * quantization point, and per weighted layer its integer weights at that
 * width, weight scales, real bias and block scales.
 *
 * Input is trusted only after checking: every tensor is looked up by name
 * with its dtype and shape, every tensor in the file must be used, and
 * values the kernels constrain (multipliers, shifts) are range-checked, so
 * a bad file is a FileFormatError naming the field, never a kernel error
 * later.
 */
import { MAX_SHIFT, MIN_SHIFT, tensor, type DType, type TypedArray } from '../../../engine/index.js';
import { Flatten, Sequential, Unflatten, Upsample, type Module } from '../../../nn/index.js';
import type { NamedArrays } from '../../../train/safetensors.js';
import { msbSlice } from '../../quantize/msb-slice.js';
import { packedBytes, unpackInt2, unpackInt4 } from '../../quantize/packing.js';
import type { GroupCalibration, WidthCalibration } from '../calibrate-int8.js';
import type { ConvGeometry } from '../conv-geometry.js';
import { INPUT_POINT } from '../float-pass.js';
import { DequantizeOutput } from '../layers/dequantize-output.js';
import { QAvgPool } from '../layers/qavg-pool.js';
import { QConv } from '../layers/qconv.js';
import { QLinear } from '../layers/qlinear.js';
import { QMaxPool } from '../layers/qmax-pool.js';
import { QResidual } from '../layers/qresidual.js';
import type { AddParams } from '../layers/quantized-add.js';
import { QuantizeInput } from '../layers/quantize-input.js';
import { MsbSlicedWeights } from '../nested/msb-sliced-weights.js';
import { fixedParams, PerWidth, PrecisionState, type Switchable } from '../precision-state.js';
import { QuantizedModel } from '../quantized-model.js';
import { Int8Weights, PackedWeights, type QuantizedWeights } from '../quantized-weights.js';
import type { WeightedParams } from '../weighted-params.js';
import { calibrationPath, joinPath, MASTER_BITS, setSuffix, storageBits, tensorName, type ModelJson, type NamedNodeJson, type NodeJson, type WeightedSetJson, type WeightsJson } from './model-file-schema.js';

type Fail = (field: string, problem: string) => never;
type Weighted = Extract<NodeJson, { type: 'conv' | 'linear' }>;

/** Names the QuantizedModel gives its own boundary layers (quantized-model.ts). */
const RESERVED = new Set(['quantizeInput', 'dequantizeOutput']);

class ModelDecoder {
  readonly precision: PrecisionState | null;
  readonly sets: number;
  private readonly used = new Set<string>();
  /** One calibration record per set, filled while the layers are built. */
  readonly calibrations: { activations: Map<string, { scale: number; zeroPoint: number }>; groups: Map<string, GroupCalibration> }[];
  readonly weightBits = new Map<string, number>();
  /** Every module built so far, released if a later check fails. */
  readonly built: Module[] = [];

  constructor(
    private readonly json: ModelJson,
    private readonly tensors: NamedArrays,
    private readonly fail: Fail,
  ) {
    this.precision = json.widths === null ? null : new PrecisionState(json.widths, MASTER_BITS);
    this.sets = json.widths?.length ?? 1;
    this.calibrations = Array.from({ length: this.sets }, () => ({ activations: new Map(), groups: new Map() }));
  }

  /** The data of tensor `name`, which must exist with `dtype` and `shape`. */
  take(name: string, dtype: DType, shape: readonly number[]): TypedArray {
    const t = this.tensors.get(name);
    const field = `tensor "${name}"`;
    if (t === undefined) return this.fail(field, `is missing; expected ${dtype} [${shape.join(', ')}]`);
    if (t.dtype !== dtype) this.fail(`${field}.dtype`, `is ${t.dtype}, expected ${dtype}`);
    if (t.shape.length !== shape.length || t.shape.some((d, i) => d !== shape[i])) this.fail(`${field}.shape`, `is [${t.shape.join(', ')}], expected [${shape.join(', ')}]`);
    this.used.add(name);
    return t.data;
  }

  /** Every tensor of the file was read: an extra one means the file and its structure disagree. */
  checkAllUsed(): void {
    for (const name of this.tensors.keys()) {
      if (!this.used.has(name)) this.fail(`tensor "${name}"`, 'belongs to no layer of the model structure (a mismatched or edited file?)');
    }
  }

  /** Per-set parameters behind the right Switchable. */
  switchable<T>(values: readonly T[]): Switchable<T> {
    if (this.precision === null) return fixedParams(values[0]!);
    return new PerWidth(this.precision, new Map(this.precision.widths.map((w, i) => [w, values[i]!])));
  }

  checkSets(params: readonly unknown[], field: string): void {
    if (params.length !== this.sets) {
      this.fail(`${field}.params`, `holds ${params.length} parameter sets, the model has ${this.sets} (${this.json.widths === null ? 'a plain model: one' : `one per width ${this.json.widths.join(', ')}`})`);
    }
  }

  calibrationPath(path: string): string {
    return calibrationPath(this.json.floatRoot, path);
  }

  point(path: string, sets: readonly { scale: number; zeroPoint: number }[]): void {
    sets.forEach((q, i) => this.calibrations[i]!.activations.set(path, { scale: q.scale, zeroPoint: q.zeroPoint }));
  }

  children(list: readonly NamedNodeJson[], path: string, field: string, reserved: ReadonlySet<string>): [string, Module][] {
    const seen = new Set<string>();
    return list.map(({ name, node }, i) => {
      const at = `${field}.${i}`;
      if (seen.has(name) || reserved.has(name)) this.fail(`${at}.name`, `"${name}" ${seen.has(name) ? 'names two children' : 'is reserved for the model boundary'}`);
      seen.add(name);
      return [name, this.node(node, joinPath(path, name), `${at}.node`)];
    });
  }

  node(n: NodeJson, path: string, field: string): Module {
    const m = this.build(n, path, field);
    this.built.push(m);
    return m;
  }

  private build(n: NodeJson, path: string, field: string): Module {
    switch (n.type) {
      case 'sequential': {
        const seq = new Sequential();
        for (const [name, m] of this.children(n.children, path, `${field}.children`, new Set())) seq.append(m, name);
        return seq;
      }
      case 'conv': {
        const g = n.geometry;
        const geometry: ConvGeometry = { dims: g.dims, kernel: g.kernel, stride: g.stride, dilation: g.dilation, groups: g.groups, padding: g.padding };
        const { weights, params } = this.weighted(n, path, field, g.groups);
        return new QConv(geometry, n.inChannels, weights, params);
      }
      case 'linear': {
        const { weights, params } = this.weighted(n, path, field, 1);
        return new QLinear(weights, params);
      }
      case 'residual': {
        this.checkSets(n.params, field);
        const main = this.node(n.main, joinPath(path, 'main'), `${field}.main`);
        const shortcut = n.shortcut === null ? null : this.node(n.shortcut, joinPath(path, 'shortcut'), `${field}.shortcut`);
        this.point(this.calibrationPath(path), n.params.map((p) => p.output));
        const params: AddParams[] = n.params.map((p) => ({ ...p, activation: n.activation }));
        return new QResidual(main, shortcut, this.switchable(params));
      }
      case 'avgPool': {
        this.checkSets(n.params, field);
        this.point(this.calibrationPath(path), n.params.map((p) => p.output));
        return new QAvgPool(n.dims, n.window, this.switchable(n.params));
      }
      case 'maxPool':
        return new QMaxPool(n.dims, n.window);
      case 'flatten':
        return new Flatten(n.startAxis);
      case 'unflatten':
        return new Unflatten(n.shape);
      case 'upsample':
        return new Upsample(n.scaleFactor);
      default:
        return n satisfies never;
    }
  }

  /** The stored weights and the integer values in use at each set's width. */
  private weights(w: WeightsJson, path: string, field: string): { stored: QuantizedWeights; valuesBySet: Int8Array[] } {
    const count = w.shape.reduce((a, b) => a * b, 1);
    const name = tensorName(path, 'weight');
    switch (w.storage) {
      case 'int8': {
        const v = this.take(name, 'int8', w.shape) as Int8Array;
        return { stored: new Int8Weights(v, w.shape), valuesBySet: [v] };
      }
      case 'int4-packed':
      case 'int2-packed': {
        const bits = w.storage === 'int4-packed' ? 4 : 2;
        const packed = this.take(name, 'int8', [packedBytes(count, bits)]) as Int8Array;
        const bytes = new Uint8Array(packed.buffer, packed.byteOffset, packed.length);
        const v = bits === 4 ? unpackInt4(bytes, count) : unpackInt2(bytes, count);
        return { stored: new PackedWeights(v, w.shape, bits), valuesBySet: [v] };
      }
      case 'msb-sliced': {
        if (this.precision === null) return this.fail(`${field}.weights.storage`, 'is "msb-sliced", which only a nested model (widths not null) has');
        const master = this.take(name, 'int8', w.shape) as Int8Array;
        const precision = this.precision;
        return { stored: new MsbSlicedWeights(master, w.shape, precision), valuesBySet: precision.widths.map((b) => (b === MASTER_BITS ? master : msbSlice(master, b))) };
      }
      default:
        return w.storage satisfies never;
    }
  }

  private weighted(n: Weighted, path: string, field: string, convGroups: number): { weights: QuantizedWeights; params: Switchable<WeightedParams> } {
    this.checkSets(n.params, field);
    const { stored, valuesBySet } = this.weights(n.weights, path, field);
    const point = this.calibrationPath(path);
    this.weightBits.set(point, storageBits(n.weights.storage));
    this.point(point, n.params.map((p) => p.output));
    const params = n.params.map((p, i) => {
      const set = this.weightedSet(n, p, path, `${field}.params.${i}`, setSuffix(this.json.widths, i), convGroups);
      this.calibrations[i]!.groups.set(point, {
        values: valuesBySet[i] ?? valuesBySet[0]!,
        weightScale: set.params.weightScale,
        bias: set.realBias,
        blocks: set.params.blockRescale?.blocks ?? null,
      });
      return set.params;
    });
    return { weights: stored, params: this.switchable(params) };
  }

  private weightedSet(n: Weighted, p: WeightedSetJson, path: string, field: string, suffix: string, convGroups: number): { params: WeightedParams; realBias: Float32Array } {
    const shape = n.weights.shape;
    const c = shape[0]!;
    const int32 = (f: string, s: readonly number[] = [c]) => this.take(tensorName(path, f, suffix), 'int32', s) as Int32Array;
    const float32 = (f: string, s: readonly number[] = [c]) => this.finite(this.take(tensorName(path, f, suffix), 'float32', s) as Float32Array, tensorName(path, f, suffix));
    const bias = int32('bias');
    const multiplier = this.multipliers(int32('multiplier'), tensorName(path, 'multiplier', suffix));
    const shift = this.shifts(int32('shift'), tensorName(path, 'shift', suffix));
    let blockRescale: WeightedParams['blockRescale'] = null;
    if (p.blocks !== null) {
      const { size, count, kernelArea } = p.blocks;
      const inChannels = shape[1]!;
      if (convGroups !== 1 || count !== Math.ceil(inChannels / size) || count < 2 || kernelArea !== shape.slice(2).reduce((a, b) => a * b, 1)) {
        this.fail(`${field}.blocks`, `{ size ${size}, count ${count}, kernelArea ${kernelArea} } does not fit an ungrouped layer with weights [${shape.join(', ')}] (blocks of input channels: count = ceil(${inChannels} / size) > 1, kernelArea = the kernel's cells)`);
      }
      const scales = float32('block_scales', [c, count]);
      const mult = this.multipliers(int32('block_multiplier', [count, c]), tensorName(path, 'block_multiplier', suffix));
      const shifts = this.shifts(int32('block_shift', [count, c]), tensorName(path, 'block_shift', suffix));
      blockRescale = {
        blocks: { size, count, kernelArea, scales },
        perBlock: Array.from({ length: count }, (_, k) => ({ multiplier: Array.from(mult.subarray(k * c, (k + 1) * c)), shift: Array.from(shifts.subarray(k * c, (k + 1) * c)) })),
      };
    }
    const params: WeightedParams = {
      input: p.input,
      output: p.output,
      weightScale: float32('weight_scale'),
      bias: tensor(bias, [c], 'int32'),
      biasQ: int32('bias_q'),
      blockRescale,
      multiplier: Array.from(multiplier),
      shift: Array.from(shift),
      activation: n.activation,
      min: p.min,
      max: p.max,
    };
    return { params, realBias: float32('bias_float') };
  }

  private finite(v: Float32Array, name: string): Float32Array {
    const i = v.findIndex((x) => !Number.isFinite(x));
    if (i >= 0) this.fail(`tensor "${name}"`, `element ${i} is ${v[i]}; scales and biases must be finite`);
    return v;
  }

  /** Q31 multipliers are in [0, 2^31 − 1] (engine/fixed-point.ts); int32 already caps the top. */
  private multipliers(v: Int32Array, name: string): Int32Array {
    const i = v.findIndex((x) => x < 0);
    if (i >= 0) this.fail(`tensor "${name}"`, `element ${i} is ${v[i]}; a Q31 multiplier is in [0, 2^31 − 1]`);
    return v;
  }

  private shifts(v: Int32Array, name: string): Int32Array {
    const i = v.findIndex((x) => x < MIN_SHIFT || x > MAX_SHIFT);
    if (i >= 0) this.fail(`tensor "${name}"`, `element ${i} is ${v[i]}; a requantize shift is in [${MIN_SHIFT}, ${MAX_SHIFT}]`);
    return v;
  }
}

/**
 * The QuantizedModel described by `json` (already schema-checked, and
 * shape-checked by checkModelShapes) with the arrays of `tensors`. `fail`
 * throws the caller's FileFormatError; fields of the JSON start with `prefix`.
 */
export function decodeModel(json: ModelJson, tensors: NamedArrays, fail: Fail, prefix: string): QuantizedModel {
  const d = new ModelDecoder(json, tensors, fail);
  for (const [field, sets] of [['input', json.input], ['output', json.output]] as const) {
    if (sets.length !== d.sets) fail(`${prefix}.${field}`, `holds ${sets.length} parameter sets, the model has ${d.sets}`);
  }
  if (json.floatRoot === 'module' && (json.body.length !== 1 || json.body[0]!.name !== 'model')) {
    fail(`${prefix}.floatRoot`, `is "module", which holds the float root as the one child "model"; the body has ${json.body.map((c) => `"${c.name}"`).join(', ') || 'no children'}`);
  }
  d.point(INPUT_POINT, json.input);
  let body: [string, Module][];
  try {
    body = d.children(json.body, '', `${prefix}.body`, RESERVED);
    d.checkAllUsed();
  } catch (err) {
    for (const m of d.built) m.dispose();
    throw err;
  }
  const calibrations: WidthCalibration[] = d.calibrations;
  const info = { source: json.source, inputShape: [...json.inputShape], weightBits: d.weightBits, precision: d.precision, calibrations };
  return new QuantizedModel(info, new QuantizeInput(d.switchable(json.input)), body, new DequantizeOutput(d.switchable(json.output)));
}
