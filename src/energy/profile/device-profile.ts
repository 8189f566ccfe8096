/**
 * A device profile: what the energy model knows about one board, as a data
 * file (devices/<id>.json) rather than code, so a user adds a board without
 * touching Edgewatt. Every number in it must name its source: the schema
 * refuses a profile where a coefficient has no entry in `sources` (an
 * unexplained constant in an energy model is a bug, STYLE.md §9).
 *
 * Power follows the CMOS model P = P_static + C_eff·V²·f (Weste & Harris,
 * "CMOS VLSI Design", 4th ed., §5.1): each DVFS operating point gives f and
 * V, the profile gives the static power at the nominal point and the
 * switched capacitance, and the model derives the rest.
 */
import { z } from 'zod';
import { OP_CLASSES_WITH_MACS, PRECISIONS } from './precision.js';

export const DEVICE_FORMAT = 'edgewatt-device';
export const DEVICE_VERSION = 1;

const positive = z.number().positive();
const nonNeg = z.number().nonnegative();
const id = z.string().regex(/^[a-z0-9][a-z0-9._-]*$/, 'lower-case letters, digits, ".", "_" or "-"');

/** Cost per MAC by how it is computed; a class left out falls back to 'conv'. */
const perOpClass = z.object(Object.fromEntries(OP_CLASSES_WITH_MACS.map((c) => [c, positive.optional()])) as Record<(typeof OP_CLASSES_WITH_MACS)[number], z.ZodOptional<typeof positive>>).refine((o) => o.conv !== undefined, 'needs at least the "conv" entry');

const perPrecision = <T extends z.ZodTypeAny>(value: T) =>
  z.record(z.enum(PRECISIONS), value).refine((r) => Object.keys(r).length > 0, 'needs at least one precision');

/**
 * An in-order core running a layer-by-layer interpreter (TFLite Micro,
 * X-CUBE-AI): time is cycles, counted per MAC (by precision and op class),
 * per output element (requantization, bias, store) and per layer (dispatch).
 */
export const cyclesEngineSchema = z.object({
  kind: z.literal('cycles'),
  description: z.string().min(1),
  cyclesPerMac: perPrecision(perOpClass),
  cyclesPerOutput: nonNeg,
  cyclesPerLayer: nonNeg,
  /**
   * Switching activity of this engine relative to the profile's C (the α
   * of α·C·V²·f): a SIMD library toggles more logic per cycle than a plain
   * C loop. Default 1.
   */
  activity: positive.default(1),
});

/**
 * An application processor or GPU: a roofline per layer, max(MACs at the
 * sustained rate, bytes at the memory bandwidth), plus a fixed overhead per
 * layer (kernel launch, scheduling) and per inference (runtime entry).
 */
export const rooflineEngineSchema = z.object({
  kind: z.literal('roofline'),
  description: z.string().min(1),
  /** Sustained MACs per second at the nominal operating point, all `threads` together. */
  macsPerSecond: perPrecision(positive),
  /** Fraction of the sustained rate reached per op class (depthwise is memory-bound); 'conv' = 1 by definition if omitted. */
  opClassEfficiency: z.record(z.enum(OP_CLASSES_WITH_MACS), z.number().positive().max(1)).default({}),
  bytesPerSecond: positive,
  overheadPerLayerS: nonNeg,
  overheadPerInferenceS: nonNeg,
  /** Cores (or GPU) kept busy: scales the dynamic power. */
  threads: z.number().int().positive(),
  /** Switching activity relative to the profile's C, as for cycles engines. Default 1. */
  activity: positive.default(1),
});

export const engineSchema = z.discriminatedUnion('kind', [cyclesEngineSchema, rooflineEngineSchema]);

export const opPointSchema = z.object({
  id,
  frequencyHz: positive,
  voltageV: positive,
});

/**
 * The work of a published model given in aggregate, for models Edgewatt's
 * zoo does not build (ResNet-50, MobileNetV2...): MACs per op class from the
 * model's documentation, with that source.
 */
export const aggregateWorkSchema = z.object({
  macs: z.object({ conv: nonNeg, depthwise: nonNeg, dense: nonNeg }),
  /** Output elements of the MAC layers. */
  outputs: nonNeg,
  layers: z.number().int().positive(),
  weightBytes: nonNeg,
  /** Activation bytes read and written over the inference. */
  activationBytes: nonNeg,
  peakActivationBytes: nonNeg,
  source: z.string().min(1),
});

/**
 * The supply the board was measured on, so that an estimate can be asked
 * for another supply voltage: the V_DD of the published measurements the
 * power coefficients were fitted on, the V_DD range the datasheet allows,
 * and how V_DD reaches the core. A linear regulator ('ldo') passes the
 * core's current through, so the current drawn does not depend on V_DD and
 * power is proportional to it. A switching regulator ('smps') converts
 * power, not current, with an efficiency that varies with V_DD and load: it
 * is priced from the datasheet's run-mode supply current at several V_DD
 * for an operating point (`smpsRunCurrentA`, keyed by operating-point id),
 * and refused at any other voltage where the profile cites none.
 */
export const supplySchema = z.object({
  measuredAtV: positive,
  minV: positive,
  maxV: positive,
  regulator: z.enum(['ldo', 'smps']),
  smpsRunCurrentA: z.record(id, z.array(z.object({ voltageV: positive, currentA: positive })).min(2)).optional(),
});

export const publishedResultSchema = z.object({
  id,
  /** A zoo model name (resnet8, dscnn, fcAutoencoder...), or a name for `work`. */
  model: z.string().min(1),
  /** One sample without the batch axis (zoo models). */
  inputShape: z.array(z.number().int().positive()).min(1).optional(),
  /** For a model outside the zoo: its work in aggregate. */
  work: aggregateWorkSchema.optional(),
  precision: z.enum(PRECISIONS),
  engine: id,
  opPoint: id.optional(),
  latencyMs: positive.nullable(),
  energyUj: positive.nullable(),
  /** Supply voltage of the measurement, V, when it is not the profile's `supply.measuredAtV`. */
  supplyV: positive.optional(),
  /** Where the numbers were published (result file path in the submission repository). */
  source: z.string().min(1),
});

/**
 * A published result of one of this profile's engines on ANOTHER board,
 * kept only to give that engine its per-op-class structure (the relative
 * cost per MAC of conv, depthwise and dense layers is a property of the
 * kernel library): never predicted, never fitted to this board.
 */
export const structureResultSchema = z.object({
  id,
  /** The other board, as its submission names it. */
  board: z.string().min(1),
  /** A zoo model name, as in `published`. */
  model: z.string().min(1),
  inputShape: z.array(z.number().int().positive()).min(1),
  precision: z.enum(PRECISIONS),
  engine: id,
  latencyMs: positive,
  /** That board's clock during the run, Hz: latency × frequency gives its cycles. */
  frequencyHz: positive,
  source: z.string().min(1),
});

type ProfileShape = {
  supply?: z.infer<typeof supplySchema> | undefined;
  published: z.infer<typeof publishedResultSchema>[];
  calibration: { fittedOn: string[] };
};

/** The supply block is consistent, and the results priced at another supply are never fitted on. */
function checkSupply(p: ProfileShape, opIds: ReadonlySet<string>, ctx: z.RefinementCtx): void {
  const issue = (path: (string | number)[], message: string) => ctx.addIssue({ code: z.ZodIssueCode.custom, path, message });
  const s = p.supply;
  if (s) {
    if (!(s.minV < s.maxV)) issue(['supply', 'maxV'], `must be above supply.minV (${s.minV} V)`);
    if (s.measuredAtV < s.minV || s.measuredAtV > s.maxV) issue(['supply', 'measuredAtV'], `${s.measuredAtV} V is outside the supply range ${s.minV}–${s.maxV} V`);
    if (s.smpsRunCurrentA !== undefined && s.regulator !== 'smps') issue(['supply', 'smpsRunCurrentA'], `only an 'smps' regulator is priced from run currents (this one is '${s.regulator}')`);
    for (const [op, points] of Object.entries(s.smpsRunCurrentA ?? {})) {
      if (!opIds.has(op)) issue(['supply', 'smpsRunCurrentA', op], `names no operating point (have ${[...opIds].join(', ')})`);
      points.forEach((q, i) => {
        if (i > 0 && !(q.voltageV > points[i - 1]!.voltageV)) issue(['supply', 'smpsRunCurrentA', op, i, 'voltageV'], 'voltages must rise strictly');
        if (q.voltageV < s.minV || q.voltageV > s.maxV) issue(['supply', 'smpsRunCurrentA', op, i, 'voltageV'], `${q.voltageV} V is outside the supply range ${s.minV}–${s.maxV} V`);
      });
      if (!(points[0]!.voltageV <= s.measuredAtV && s.measuredAtV <= points[points.length - 1]!.voltageV)) issue(['supply', 'smpsRunCurrentA', op], `must cover the measured supply ${s.measuredAtV} V`);
    }
  }
  p.published.forEach((r, i) => {
    if (r.supplyV === undefined) return;
    if (!s) return issue(['published', i, 'supplyV'], 'needs the profile\'s "supply" description (the voltage the power was fitted at)');
    if (r.supplyV < s.minV || r.supplyV > s.maxV) issue(['published', i, 'supplyV'], `${r.supplyV} V is outside the supply range ${s.minV}–${s.maxV} V`);
    if (r.supplyV !== s.measuredAtV && p.calibration.fittedOn.includes(r.id)) issue(['published', i, 'supplyV'], `result ${r.id} is fitted on but was measured at ${r.supplyV} V, not the profile's ${s.measuredAtV} V`);
  });
}

export const deviceProfileSchema = z
  .object({
    format: z.literal(DEVICE_FORMAT),
    version: z.literal(DEVICE_VERSION),
    id,
    name: z.string().min(1),
    class: z.enum(['mcu', 'sbc', 'gpu', 'host']),
    processor: z.string().min(1),
    memory: z.object({
      /** On-chip SRAM an MCU interpreter can use for activations; null for SBCs. */
      sramBytes: positive.nullable(),
      /** Flash for weights and code on an MCU; null for SBCs. */
      flashBytes: positive.nullable(),
      /** DRAM; null for MCUs. */
      ramBytes: positive.nullable(),
      /** Energy per byte moved, J, per level present. */
      energyPerByteJ: z.object({ sram: nonNeg.optional(), flash: nonNeg.optional(), dram: nonNeg.optional() }),
      /** Where weights are read from, and where activations live, at inference. */
      weightsIn: z.enum(['flash', 'sram', 'dram']),
      activationsIn: z.enum(['sram', 'dram']),
    }),
    power: z.object({
      /** Deepest retention sleep (RAM kept, wake on RTC), W. */
      sleepW: nonNeg,
      /**
       * What the device draws between inferences with the model kept
       * resident, W: an SBC's or Jetson's board idle; an MCU's retention
       * sleep (it sleeps between windows and wakes on the next one, paying
       * wakeUpS/wakeUpJ).
       */
      idleW: nonNeg,
      /** Static (leakage + always-on) power while computing at the nominal point, W. */
      staticW: nonNeg,
      /** Switched capacitance: dynamic power = C·V²·f at an operating point, F. */
      switchedCapacitanceF: positive,
      /** From the idle state back to computing, s (0 where the device does not sleep between inferences). */
      wakeUpS: nonNeg,
      /** Energy of one such wake-up, J. */
      wakeUpJ: nonNeg,
      /**
       * Time an operating-point change takes, during which the device does
       * no useful work, s (Linux cpufreq's cpuinfo_transition_latency, or
       * an MCU's voltage-range and PLL-lock times). Absent where no source
       * gives one: 0, a free switch — an understatement, not a measurement.
       */
      dvfsTransitionS: nonNeg.default(0),
      opPoints: z.array(opPointSchema).min(1),
      nominalOpPoint: id,
    }),
    /** How the published measurements were supplied (MCUs); absent where no source describes it. */
    supply: supplySchema.optional(),
    engines: z.record(id, engineSchema).refine((e) => Object.keys(e).length > 0, 'needs at least one engine'),
    defaultEngine: id,
    /**
     * Which published results the free coefficients were fitted on — at most
     * one per engine, so every other result of the board is a prediction —
     * and which those coefficients are (JSON paths).
     */
    calibration: z.object({
      fittedOn: z.array(id),
      freeCoefficients: z.array(z.string().min(1)),
      note: z.string().min(1),
      /** Other boards' results that give an engine its per-class structure (see structureResultSchema). */
      structureResults: z.array(structureResultSchema).default([]),
    }),
    published: z.array(publishedResultSchema),
    /** JSON path (dotted, e.g. "power.staticW", "engines.tflm.cyclesPerMac") → citation; a path covers everything below it. */
    sources: z.record(z.string().min(1), z.string().min(1)),
  })
  .superRefine((p, ctx) => {
    const opIds = new Set(p.power.opPoints.map((o) => o.id));
    if (!opIds.has(p.power.nominalOpPoint)) ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['power', 'nominalOpPoint'], message: `names no operating point (have ${[...opIds].join(', ')})` });
    if (!(p.defaultEngine in p.engines)) ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['defaultEngine'], message: `names no engine (have ${Object.keys(p.engines).join(', ')})` });
    p.published.forEach((r, i) => {
      if ((r.work === undefined) === (r.inputShape === undefined)) ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['published', i], message: 'give either inputShape (a zoo model) or work (an aggregate), not both or neither' });
      if (!(r.engine in p.engines)) ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['published', i, 'engine'], message: `names no engine of this profile (have ${Object.keys(p.engines).join(', ')})` });
      if (r.opPoint !== undefined && !opIds.has(r.opPoint)) ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['published', i, 'opPoint'], message: `names no operating point (have ${[...opIds].join(', ')})` });
    });
    const published = new Set(p.published.map((r) => r.id));
    const fittedEngines = new Map<string, string>();
    p.calibration.fittedOn.forEach((f, i) => {
      const r = p.published.find((x) => x.id === f);
      if (!r) return ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['calibration', 'fittedOn', i], message: `names no published result (have ${[...published].join(', ')})` });
      const prior = fittedEngines.get(r.engine);
      if (prior !== undefined) ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['calibration', 'fittedOn', i], message: `engine ${r.engine} is already fitted on ${prior}: at most one result per engine, the rest must stay out of sample` });
      fittedEngines.set(r.engine, f);
    });
    p.calibration.structureResults.forEach((r, i) => {
      if (!(r.engine in p.engines)) ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['calibration', 'structureResults', i, 'engine'], message: `names no engine of this profile (have ${Object.keys(p.engines).join(', ')})` });
      if (published.has(r.id)) ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['calibration', 'structureResults', i, 'id'], message: `"${r.id}" is also a published result of this board; a structure result comes from another board` });
    });
    checkSupply(p, opIds, ctx);
    if (p.power.idleW < p.power.sleepW) ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['power', 'idleW'], message: `idle (${p.power.idleW} W) below sleep (${p.power.sleepW} W)` });
  });

export type DeviceProfile = z.infer<typeof deviceProfileSchema>;
export type DeviceEngine = z.infer<typeof engineSchema>;
export type CyclesEngine = z.infer<typeof cyclesEngineSchema>;
export type RooflineEngine = z.infer<typeof rooflineEngineSchema>;
export type OpPoint = z.infer<typeof opPointSchema>;
export type PublishedResult = z.infer<typeof publishedResultSchema>;
export type StructureResult = z.infer<typeof structureResultSchema>;
export type AggregateWork = z.infer<typeof aggregateWorkSchema>;
export type Supply = z.infer<typeof supplySchema>;
