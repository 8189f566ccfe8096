/**
 * The structure half of an integer-model file (model-file.ts): a JSON
 * description of the QuantizedModel as it runs, validated by zod, and the
 * names of the tensors that carry its arrays.
 *
 * JSON holds what is one number per layer and parameter set — activation
 * scales and zero points, clamps, the residual additions' Q31 multipliers
 * and shifts — and the layer tree with its geometry. Everything of length
 * O(channels) or more is a tensor named `<module path>.<field>`, with the
 * parameter set's suffix as the modules register their buffers
 * (precision-state.ts, variantName): `stem.conv.weight` (the int8 master of
 * a nested model), `stem.conv.bias_w4` (its int32 bias at 4 bits), or
 * `stem.conv.bias` for a plain model's single set. So the weight and bias
 * tensors carry the names the model's state dict gives them.
 *
 * Limits are those of the integer kernels (engine/fixed-point.ts: Q31
 * multipliers in [0, 2^31 − 1], shifts in [MIN_SHIFT, MAX_SHIFT]; int8
 * zero points and clamps), so a file that validates cannot make a kernel
 * throw later.
 */
import { z } from 'zod';
import { MAX_MULTIPLIER, MAX_SHIFT, MIN_SHIFT } from '../../../engine/index.js';
import { variantName } from '../precision-state.js';

export const QUANTIZED_MODEL_FORMAT = 'edgewatt-quantized-model';
export const QUANTIZED_MODEL_VERSION = 1;
/** The bit width of a nested model's master weights: the widths below it are slices of it. */
export const MASTER_BITS = 8;

const posInt = z.number().int().positive();
const nonNegInt = z.number().int().nonnegative();
const int8 = z.number().int().min(-128).max(127);
const q31 = z.number().int().min(0).max(MAX_MULTIPLIER);
const shift = z.number().int().min(MIN_SHIFT).max(MAX_SHIFT);
/** A child's local name: what Module.child accepts (non-empty, no dots, which separate path segments). */
const localName = z.string().regex(/^[^.]+$/, 'a non-empty module name without "."');

export const activationQuantSchema = z
  .object({ scale: z.number().positive().finite(), zeroPoint: int8 })
  .strict();

const pair = z.tuple([posInt, posInt]);
const pads = z.tuple([nonNegInt, nonNegInt, nonNegInt, nonNegInt]);
const activation = z.enum(['relu', 'relu6']).nullable();
const dims = z.union([z.literal(1), z.literal(2)]);

const clampRefine = <T extends { min: number; max: number }>(s: z.ZodType<T>) =>
  s.refine((p) => p.min <= p.max, { message: 'the clamp min must not exceed max', path: ['min'] });

/** How a layer's weights are stored: int8; int4/int2 packed (quantized-weights.ts); or a nested model's int8 master. */
export const weightStorageSchema = z.enum(['int8', 'int4-packed', 'int2-packed', 'msb-sliced']);

export const weightsSchema = z
  .object({
    storage: weightStorageSchema,
    /** The logical shape: [Cout, Cin/groups, k] (1-D conv), [Cout, Cin/groups, kh, kw] (2-D), [out, in] (linear). */
    shape: z.array(posInt).min(2).max(4),
  })
  .strict();

/** One parameter set of a conv/linear layer: the per-layer numbers (per-channel arrays are tensors). */
export const weightedSetSchema = clampRefine(
  z
    .object({
      input: activationQuantSchema,
      output: activationQuantSchema,
      min: int8,
      max: int8,
      /** Blockwise weights (quantize-group-weights.ts): input channels per block, blocks per channel, kernel area; null per channel. */
      blocks: z.object({ size: posInt, count: posInt, kernelArea: posInt }).strict().nullable(),
    })
    .strict(),
);

/** One parameter set of a residual addition: TFLite's int8 Add arguments (quantized-add.ts). */
export const addSetSchema = clampRefine(
  z
    .object({
      a: activationQuantSchema,
      b: activationQuantSchema,
      output: activationQuantSchema,
      multiplierA: q31,
      shiftA: shift,
      multiplierB: q31,
      shiftB: shift,
      multiplierOut: q31,
      shiftOut: shift,
      min: int8,
      max: int8,
    })
    .strict(),
);

export const poolSetSchema = z.object({ input: activationQuantSchema, output: activationQuantSchema }).strict();

export const windowSchema = z.object({ kernel: pair, stride: pair, pad: pads }).strict();

export const geometrySchema = z
  .object({ dims, kernel: pair, stride: pair, dilation: pair, groups: posInt, padding: z.union([pads, z.literal('same')]) })
  .strict();

export type ActivationQuantJson = z.infer<typeof activationQuantSchema>;
export type WeightsJson = z.infer<typeof weightsSchema>;
export type WeightedSetJson = z.infer<typeof weightedSetSchema>;
export type AddSetJson = z.infer<typeof addSetSchema>;
export type PoolSetJson = z.infer<typeof poolSetSchema>;
export type WindowJson = z.infer<typeof windowSchema>;
export type GeometryJson = z.infer<typeof geometrySchema>;

/** `params` of every node holds one set per width of a nested model (in `widths` order), or one for a plain model. */
export type NodeJson =
  | { type: 'sequential'; children: NamedNodeJson[] }
  | { type: 'conv'; weights: WeightsJson; geometry: GeometryJson; inChannels: number; activation: 'relu' | 'relu6' | null; params: WeightedSetJson[] }
  | { type: 'linear'; weights: WeightsJson; activation: 'relu' | 'relu6' | null; params: WeightedSetJson[] }
  | { type: 'residual'; main: NodeJson; shortcut: NodeJson | null; activation: 'relu' | 'relu6' | null; params: AddSetJson[] }
  | { type: 'avgPool'; dims: 1 | 2; window: WindowJson | null; params: PoolSetJson[] }
  | { type: 'maxPool'; dims: 1 | 2; window: WindowJson }
  | { type: 'flatten'; startAxis: number }
  | { type: 'unflatten'; shape: number[] }
  | { type: 'upsample'; scaleFactor: number };

export interface NamedNodeJson {
  name: string;
  node: NodeJson;
}

const setList = <T>(s: z.ZodType<T>) => z.array(s).min(1);

export const nodeSchema: z.ZodType<NodeJson> = z.lazy(() =>
  z.discriminatedUnion('type', [
    z.object({ type: z.literal('sequential'), children: z.array(namedNodeSchema) }).strict(),
    z.object({ type: z.literal('conv'), weights: weightsSchema, geometry: geometrySchema, inChannels: posInt, activation, params: setList(weightedSetSchema) }).strict(),
    z.object({ type: z.literal('linear'), weights: weightsSchema, activation, params: setList(weightedSetSchema) }).strict(),
    z.object({ type: z.literal('residual'), main: nodeSchema, shortcut: nodeSchema.nullable(), activation, params: setList(addSetSchema) }).strict(),
    z.object({ type: z.literal('avgPool'), dims, window: windowSchema.nullable(), params: setList(poolSetSchema) }).strict(),
    z.object({ type: z.literal('maxPool'), dims, window: windowSchema }).strict(),
    z.object({ type: z.literal('flatten'), startAxis: posInt }).strict(),
    z.object({ type: z.literal('unflatten'), shape: z.array(posInt).min(1) }).strict(),
    z.object({ type: z.literal('upsample'), scaleFactor: posInt }).strict(),
  ]),
);

const namedNodeSchema: z.ZodType<NamedNodeJson> = z.lazy(() => z.object({ name: localName, node: nodeSchema }).strict());

export const modelJsonSchema = z
  .object({
    /** Type of the float model it was made from (QuantizedModelInfo.source). */
    source: z.string().min(1),
    /** One sample's shape, no batch axis. */
    inputShape: z.array(posInt).min(1),
    /** The bit widths of a nested model (the master's 8 among them), or null for a plain model (one parameter set). */
    widths: z
      .array(z.number().int().min(2).max(MASTER_BITS))
      .min(1)
      .refine((w) => new Set(w).size === w.length, 'distinct bit widths')
      .refine((w) => w.includes(MASTER_BITS), `must include ${MASTER_BITS}, the master the other widths are sliced from`)
      .nullable(),
    /**
     * 'sequential': the float model's root was a Sequential and `body` is its
     * children; 'module': it was a single layer or block, held as the one
     * child `model` (quantized-model.ts), whose calibration paths are
     * relative to the root.
     */
    floatRoot: z.enum(['sequential', 'module']),
    /** QuantizeInput's parameters, one per set. */
    input: setList(activationQuantSchema),
    /** DequantizeOutput's parameters, one per set. */
    output: setList(activationQuantSchema),
    body: z.array(namedNodeSchema),
  })
  .strict();

export type ModelJson = z.infer<typeof modelJsonSchema>;

/** Per output channel of a conv/linear layer and parameter set: [field, dtype]. */
export const CHANNEL_TENSORS = [
  /** int32: round(b / (s_x·s_w)) − z_x·Σ q_w, what the requantize step adds (requant-math.ts). */
  ['bias', 'int32'],
  /** int32: round(b / (s_x·s_w)), the bias QDQ files carry. */
  ['bias_q', 'int32'],
  /** float32: the real bias (BatchNorm folded, corrected), kept so the model's calibration record is whole. */
  ['bias_float', 'float32'],
  /** float32: real weight = weight_scale[c] · q. */
  ['weight_scale', 'float32'],
  /** int32 Q31 multiplier and shift of s_x·s_w,c / s_y. */
  ['multiplier', 'int32'],
  ['shift', 'int32'],
] as const;

/** Per output channel and block of blockwise weights: scales [C, blocks] and the rescale multipliers/shifts [blocks, C]. */
export const BLOCK_TENSORS = [
  ['block_scales', 'float32'],
  ['block_multiplier', 'int32'],
  ['block_shift', 'int32'],
] as const;

/** The tensor of `field` of the module at `path` in the parameter set with `suffix` ('' or `w${bits}`). */
export function tensorName(path: string, field: string, suffix = ''): string {
  return `${path}.${variantName(field, suffix)}`;
}

/** The suffix of parameter set `i`: '' for a plain model, `w${bits}` for a nested one (precision-state.ts). */
export function setSuffix(widths: readonly number[] | null, i: number): string {
  return widths === null ? '' : `w${widths[i]}`;
}

/** The weight bits of a storage kind (a nested master's: 8). */
export function storageBits(storage: WeightsJson['storage']): number {
  switch (storage) {
    case 'int8':
    case 'msb-sliced':
      return 8;
    case 'int4-packed':
      return 4;
    case 'int2-packed':
      return 2;
    default:
      return storage satisfies never;
  }
}

/**
 * The calibration path (quantization point, weightBits key) of the module at
 * `path`: the same, or for a float root held as the child `model` (see
 * modelJsonSchema.floatRoot) the path relative to it.
 */
export function calibrationPath(floatRoot: ModelJson['floatRoot'], path: string): string {
  return floatRoot === 'sequential' ? path : path === 'model' ? '' : path.slice('model.'.length);
}

export function joinPath(prefix: string, name: string): string {
  return prefix === '' ? name : `${prefix}.${name}`;
}
