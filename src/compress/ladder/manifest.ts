/**
 * The ladder manifest (DESIGN.md, "Ladder manifest (compress → runtime)"):
 * the variants of one model — fp32, pruned, distilled, int8, mixed, int4,
 * nested any-precision — each with what was *measured* on it (accuracy,
 * bytes, MACs by precision, latency), so the runtime can pick a rung for the
 * energy and workload at hand without re-measuring. Variant weights live in
 * files beside the manifest (ONNX; QDQ for the quantized rungs), named
 * relative to it and pinned by SHA-256. A ladder may also hold nested
 * any-precision masters (`nestedMasters`): one integer-model file each
 * (compress/integer/model-file), whose widths are the 'nested' rungs that
 * name it, so the runtime can serve all those widths from one set of
 * weights (runtime/nested-master.ts).
 *
 * The schema is zod's, so a hand-edited or truncated manifest is refused
 * with the field path of the first problem.
 */
import { z } from 'zod';

export const LADDER_FORMAT = 'edgewatt-ladder';
export const LADDER_VERSION = 1;

const nonNegInt = z.number().int().nonnegative();
const nonNeg = z.number().nonnegative();

/** MACs per inference by the precision they run in ('float32', 'int8', 'int4', 'int2'). */
export const macsByPrecisionSchema = z.record(z.string().regex(/^(float32|int8|int4|int2|int16)$/, 'a precision: float32, int8, int4, int2 or int16'), nonNegInt);

export const latencySchema = z.object({
  /** Median of `runs` timed inferences after warm-up, milliseconds. */
  medianMs: nonNeg,
  p90Ms: nonNeg.optional(),
  runs: z.number().int().positive(),
  batch: z.number().int().positive(),
  /** What ran it: 'onnxruntime-node', 'edgewatt-int8', 'edgewatt'. */
  backend: z.string().min(1),
  /** Where it was measured (CPU model, threads): a latency means nothing without it. */
  machine: z.string().min(1),
});

export const qualitySchema = z.object({
  /** 'top1' for classifiers. */
  metric: z.string().min(1),
  value: z.number(),
  /** Evaluation samples behind the value. */
  samples: nonNegInt,
  dataset: z.string().min(1),
});

/** A file named relative to the manifest's folder, never outside it. */
const ladderFile = z.string().min(1).refine((f) => !f.startsWith('/') && !f.split(/[\\/]/).includes('..'), 'a path inside the ladder folder');
const sha256 = z.string().regex(/^[0-9a-f]{64}$/, '64 lower-case hex digits');
const variantId = z.string().regex(/^[a-z0-9][a-z0-9._-]*$/, 'lower-case letters, digits, ".", "_" or "-"');

export const variantSchema = z.object({
  /** Unique within the ladder: 'fp32', 'int8', 'pruned50-kd', 'mixed-int4'. */
  id: variantId,
  kind: z.enum(['fp32', 'pruned', 'distilled', 'int8', 'mixed', 'int4', 'int2', 'nested']),
  /** The variant it was made from ('fp32' for the first rungs). */
  derivedFrom: z.string().optional(),
  /** Relative to the manifest's folder. */
  file: ladderFile,
  sha256,
  /** Bytes of the stored weights at their storage precision (packed for int4/int2), scales and biases included. */
  weightBytes: nonNegInt,
  /**
   * Bytes of the conv/linear weight tensors alone at their storage precision
   * (no biases, scales or requantization parameters): the figure behind the
   * textbook "int8 is 4× smaller than fp32".
   */
  weightTensorBytes: nonNegInt.optional(),
  /** Bytes of the file on disk (ONNX stores int4/int2 weights unpacked as int8 in QDQ form). */
  fileBytes: nonNegInt,
  params: nonNegInt,
  macs: nonNegInt,
  macsByPrecision: macsByPrecisionSchema,
  /**
   * What the energy model needs beyond MACs by precision (DESIGN.md, "Model
   * summary (nn → energy)"): MACs by op class, output elements and layers
   * of the MAC layers, activation bytes moved and the peak live set, per
   * sample, from the rung's own summary.
   */
  work: z
    .object({
      opClassMacs: z.object({ conv: nonNegInt, depthwise: nonNegInt, dense: nonNegInt }),
      outputs: nonNegInt,
      layers: nonNegInt,
      activationBytes: nonNegInt,
      peakActivationBytes: nonNegInt,
    })
    .optional(),
  /** Weight bits per layer path, for quantized rungs. */
  bitsPerLayer: z.record(z.string(), z.number().int().min(1).max(32)).optional(),
  quality: qualitySchema.nullable(),
  /** One measurement per runtime it was timed on (onnxruntime-node on the ONNX file, Edgewatt's engine on the module); empty if not timed. */
  latency: z.array(latencySchema),
  /** How it was made: the options of each step (prune ratio, distillation T and α, calibration method...). */
  recipe: z.record(z.string(), z.unknown()),
  /** For kind 'nested': the master's bit width this rung runs at. */
  nestedBits: z.number().int().min(1).max(8).optional(),
  /** For kind 'nested': the id of the entry of `nestedMasters` that runs this rung's width in place. */
  nestedMaster: variantId.optional(),
});

/**
 * One nested any-precision master: an integer-model file
 * (compress/integer/model-file, format "edgewatt-quantized-model") holding
 * the int8 master weights and every width's O(channels) parameters. Its
 * rungs are the 'nested' variants whose `nestedMaster` is its id; each of
 * them also has its own ONNX file (the model at that width) for runtimes
 * that switch files.
 */
export const nestedMasterSchema = z.object({
  /** Unique among the ladder's masters: 'nested', 'pruned50-kd-nested'. */
  id: variantId,
  /** The variant it was made from ('fp32', or the compressed float rung). */
  derivedFrom: z.string().optional(),
  file: ladderFile,
  sha256,
  /** Bytes of the file, checked before it is hashed or read. */
  fileBytes: nonNegInt,
  /** Its bit widths in the file's order (8, the master, among them); openNestedMaster checks them against the file. */
  widths: z.array(z.number().int().min(2).max(8)).min(1).refine((w) => new Set(w).size === w.length, 'distinct bit widths'),
});

/**
 * How a raw sensor stream becomes one input sample of the model, as the
 * model was trained: windows of `inputShape[1]` consecutive readings laid
 * out channels-first ([channels, window]), each channel mapped
 * x = (raw × scale − mean) / std with the training split's statistics. A
 * device (or `edgewatt run --stream`) must apply exactly this, or the model
 * sees inputs it never saw in training.
 */
export const sensorInputSchema = z.object({
  layout: z.literal('channels-first'),
  /** Readings per second of the stream the model was trained on. */
  sampleRateHz: z.number().positive(),
  /** Readings between window starts in training: the default hop of a served stream. */
  strideSamples: z.number().int().positive(),
  /** One per input channel, in the model's channel order. */
  channels: z
    .array(
      z.object({
        /** The stream column it is read from ('x', 'MLII'); streams without column names are matched by position. */
        name: z.string().min(1),
        /** Unit of the raw readings ('mg', 'mV'). */
        unit: z.string().min(1),
        scale: z.number().refine((x) => x !== 0 && Number.isFinite(x), 'a finite, non-zero factor'),
        mean: z.number(),
        std: z.number().positive(),
      }),
    )
    .min(1),
});

export const ladderManifestSchema = z
  .object({
    format: z.literal(LADDER_FORMAT),
    version: z.literal(LADDER_VERSION),
    model: z.object({
      name: z.string().min(1),
      /** One sample, no batch axis. */
      inputShape: z.array(z.number().int().positive()).min(1),
      inputName: z.string().min(1),
      outputName: z.string().min(1),
      numClasses: z.number().int().positive().optional(),
      /** Class names in output order, when the task has them. */
      classes: z.array(z.string().min(1)).optional(),
      task: z.string().min(1),
      /** For models of sensor windows: how a raw stream is windowed and scaled into inputs. */
      sensorInput: sensorInputSchema.optional(),
    }),
    createdAt: z.string().datetime(),
    variants: z.array(variantSchema).min(1),
    /** Nested any-precision masters; absent in ladders without nested rungs (and in those written before masters were saved). */
    nestedMasters: z.array(nestedMasterSchema).min(1).optional(),
  })
  .superRefine((m, ctx) => {
    const ids = new Set<string>();
    m.variants.forEach((v, i) => {
      if (ids.has(v.id)) ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['variants', i, 'id'], message: `duplicate variant id "${v.id}"` });
      ids.add(v.id);
    });
    m.variants.forEach((v, i) => {
      if (v.derivedFrom !== undefined && !ids.has(v.derivedFrom)) {
        ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['variants', i, 'derivedFrom'], message: `names no variant of this ladder ("${v.derivedFrom}")` });
      }
      if (v.kind === 'nested' && v.nestedBits === undefined) {
        ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['variants', i, 'nestedBits'], message: 'a nested variant needs nestedBits' });
      }
    });
    checkNestedMasters(m.variants, m.nestedMasters ?? [], ids, ctx);
    const { classes, numClasses, sensorInput, inputShape } = m.model;
    if (classes !== undefined && numClasses !== undefined && classes.length !== numClasses) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['model', 'classes'], message: `lists ${classes.length} classes but numClasses is ${numClasses}` });
    }
    if (sensorInput !== undefined && (inputShape.length !== 2 || inputShape[0] !== sensorInput.channels.length)) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ['model', 'sensorInput', 'channels'],
        message: `${sensorInput.channels.length} channels, but a channels-first window needs inputShape [channels, window]; inputShape is [${inputShape.join(', ')}]`,
      });
    }
  });

/** Master ids are unique and derive from a rung; every rung naming a master is one of its widths, each width at most once. */
function checkNestedMasters(
  variants: readonly z.infer<typeof variantSchema>[],
  masters: readonly z.infer<typeof nestedMasterSchema>[],
  variantIds: ReadonlySet<string>,
  ctx: z.RefinementCtx,
): void {
  const byId = new Map<string, z.infer<typeof nestedMasterSchema>>();
  masters.forEach((n, i) => {
    if (byId.has(n.id)) ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['nestedMasters', i, 'id'], message: `duplicate nested master id "${n.id}"` });
    byId.set(n.id, n);
    if (n.derivedFrom !== undefined && !variantIds.has(n.derivedFrom)) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['nestedMasters', i, 'derivedFrom'], message: `names no variant of this ladder ("${n.derivedFrom}")` });
    }
  });
  const seen = new Set<string>();
  variants.forEach((v, i) => {
    if (v.nestedMaster === undefined) return;
    const n = byId.get(v.nestedMaster);
    const at = ['variants', i, 'nestedMaster'];
    if (v.kind !== 'nested') ctx.addIssue({ code: z.ZodIssueCode.custom, path: at, message: `only a 'nested' variant runs on a nested master; this one is '${v.kind}'` });
    else if (n === undefined) ctx.addIssue({ code: z.ZodIssueCode.custom, path: at, message: `names no entry of nestedMasters ("${v.nestedMaster}")` });
    else if (v.nestedBits !== undefined && !n.widths.includes(v.nestedBits)) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['variants', i, 'nestedBits'], message: `${v.nestedBits} is not a width of nested master "${n.id}" (${n.widths.join(', ')})` });
    } else if (seen.has(`${n.id}@${v.nestedBits}`)) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['variants', i, 'nestedBits'], message: `nested master "${n.id}" already has a rung at ${v.nestedBits} bits` });
    }
    seen.add(`${v.nestedMaster}@${v.nestedBits}`);
  });
}

export type LadderManifest = z.infer<typeof ladderManifestSchema>;
export type LadderVariant = z.infer<typeof variantSchema>;
export type VariantLatency = z.infer<typeof latencySchema>;
export type VariantQuality = z.infer<typeof qualitySchema>;
export type VariantWork = NonNullable<LadderVariant['work']>;
export type LadderNestedMaster = z.infer<typeof nestedMasterSchema>;
export type SensorInput = z.infer<typeof sensorInputSchema>;
