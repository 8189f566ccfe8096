/**
 * Builds a precision ladder: the thin policy over the compression maths.
 * From one trained fp32 model and its data it makes, measures and saves:
 *
 *   fp32                 the model as trained
 *   pruned | distilled   channels pruned to a MACs target and/or fine-tuned
 *                        with knowledge distillation (teacher given, or the
 *                        fp32 model itself when pruning), on a cosine rate
 *   int8                 PTQ of the float model above (per-channel weights,
 *                        calibrated activations, BN folded, ReLU fused, bias
 *                        corrected), run by the integer-only engine path
 *   int4                 int4 weights, first and last layer int8
 *   mixed                bits per layer from single-layer sensitivity under
 *                        a byte budget (default: the int4 rung's bytes)
 *                        or a modelled energy budget on a device
 *   nested-int8/4/2      the widths of one nested any-precision master,
 *                        saved once as `nested.safetensors` (the manifest's
 *                        nestedMasters) beside each width's ONNX file
 *
 * Every figure in the manifest is measured on the variant itself: top-1 on
 * the validation batches (or the task's quality probe), weight bytes as stored, MACs by precision, and
 * latency on onnxruntime-node (the exported file) and on Edgewatt's engine.
 * Argument problems are raised before any training or calibration starts.
 */
import { mkdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { tensor, type Tensor } from '../../engine/index.js';
import { exportOnnx } from '../../interop/onnx/export/index.js';
import { summarize, type Module } from '../../nn/index.js';
import { AdamW, Trainer, cosineLr, loadCheckpoint, loadModuleArrays, type Batch, type BatchSource, type EpochRecord, type LrSchedule } from '../../train/index.js';
import { distill } from '../distill/distill.js';
import { l1Importance, pruneChannels, taylorImportance, type ChannelPruneReport } from '../prune/index.js';
import type { CalibrationMethodName } from '../quantize/index.js';
import type { LadderManifest, LadderNestedMaster, LadderVariant, SensorInput } from './manifest.js';
import { LADDER_FORMAT, LADDER_VERSION } from './manifest.js';
import { writeLadderManifest } from './manifest-file.js';
import { measureRung, saveNestedMaster, topOneQuality, type QualityProbe, type RungContext } from './measure-rung.js';
import type { LatencyOptions } from './measure-latency.js';
import { quantizedRungs, weightedLayers, type MixedEnergyBudget, type OutputDistortion, type QuantizeRungsOptions } from './quantized-rungs.js';

export type QuantizeMode = 'int8' | 'int4' | 'mixed' | 'nested';

export interface BuildLadderOptions {
  /** Model name for the manifest (`cnn1d`, `resnet8`). */
  name: string;
  task: string;
  /** One sample's shape, no batch axis. */
  inputShape: readonly number[];
  /** Classes of a classifier; absent for a model that is not one (an autoencoder), which then needs `quality`. */
  numClasses?: number;
  /** Class names in output order, recorded in the manifest. */
  classes?: readonly string[];
  /** For sensor-window models: how a raw stream becomes an input (recorded in the manifest for `edgewatt run --stream`). */
  sensorInput?: SensorInput;
  /** A fresh copy of the trained fp32 model on each call (pruning rebuilds layers in place). */
  loadModel: () => Module | Promise<Module>;
  /** Labelled training batches; needed only to fine-tune (prune or distil). */
  train?: BatchSource;
  /** Representative inputs from the training split. */
  calibration: readonly Batch[];
  /** Labelled held-out batches: top-1 of every rung, and checkpoint selection when fine-tuning. */
  val?: BatchSource;
  datasetLabel: string;
  /**
   * Each rung's quality from the task's own measure (an anomaly detector's
   * ROC-AUC on held-out windows) instead of top-1 on `val`.
   */
  quality?: QualityProbe;
  /** The mixed rung's sensitivity measure; 'mse' for models whose output is a signal (default 'kl', for logits). */
  outputDistortion?: OutputDistortion;
  outDir: string;
  prune?: {
    /** MACs after pruning as a fraction of before, in (0, 1). */
    targetMacsRatio: number;
    importance?: 'l1' | 'taylor';
  };
  /** Knowledge distillation during fine-tuning; `teacher: 'self'` is the fp32 model. */
  distill?: { teacher: Module | 'self'; temperature?: number; alpha?: number };
  /** Fine-tuning after pruning or for distillation; `lr` is the peak of the cosine schedule both paths follow. */
  fineTune?: { epochs: number; lr: number };
  /** Called after each fine-tuning epoch (pruned or distilled) with the Trainer's record: its learning rate, losses, validation. */
  onFineTuneEpoch?: (record: EpochRecord) => void;
  /** Which quantized rungs to make (default ['int8']); 'mixed' implies the int4 rung it is compared with. */
  quantize?: readonly QuantizeMode[];
  calibrationMethod?: CalibrationMethodName;
  biasCorrection?: boolean;
  /** Byte budget of the mixed rung's weights (default: the int4 rung's). */
  mixedBudgetBytes?: number;
  /** The mixed rung's budget as modelled energy per inference on a device instead of bytes (not both). */
  mixedEnergyBudget?: MixedEnergyBudget;
  latency?: LatencyOptions;
  /** Default true; tests turn it off (latency is then listed as not measured). */
  timeLatency?: boolean;
  progress?: boolean;
  log?: (message: string) => void;
  /** ISO date for the manifest; default now. */
  createdAt?: string;
}

const WHO = 'buildLadder';

function checkOptions(o: BuildLadderOptions): void {
  if (!o.inputShape.every((d) => Number.isInteger(d) && d >= 1)) throw new RangeError(`${WHO}: inputShape must be positive integers without the batch axis, got [${o.inputShape.join(', ')}]`);
  if (o.numClasses !== undefined && (!Number.isInteger(o.numClasses) || o.numClasses < 2)) throw new RangeError(`${WHO}: numClasses must be an integer >= 2, got ${o.numClasses}`);
  if (o.quality === undefined && (o.val === undefined || o.numClasses === undefined)) throw new RangeError(`${WHO}: give val and numClasses (top-1 of every rung) or a quality probe for a model that is not a classifier`);
  if (o.calibration.length === 0) throw new RangeError(`${WHO}: calibration is empty; give batches of representative training inputs`);
  for (const [i, b] of o.calibration.entries()) {
    const shape = b.shape.slice(1);
    if (shape.length !== o.inputShape.length || shape.some((d, k) => d !== o.inputShape[k])) {
      throw new RangeError(`${WHO}: calibration batch ${i} has samples of shape [${shape.join(', ')}], the model takes [${o.inputShape.join(', ')}]`);
    }
  }
  if (o.prune) {
    const r = o.prune.targetMacsRatio;
    if (!(r > 0 && r < 1)) throw new RangeError(`${WHO}: prune.targetMacsRatio must be in (0, 1) — the fraction of MACs kept — got ${r}`);
  }
  if ((o.prune || o.distill) && !o.fineTune) throw new RangeError(`${WHO}: pruning and distillation fine-tune the model: give fineTune { epochs, lr }`);
  if ((o.prune || o.distill) && (o.train === undefined || o.val === undefined || o.numClasses === undefined)) throw new RangeError(`${WHO}: pruning and distillation fine-tune a classifier: give train, val and numClasses`);
  if (o.fineTune && (!Number.isInteger(o.fineTune.epochs) || o.fineTune.epochs < 1 || !(o.fineTune.lr > 0))) {
    throw new RangeError(`${WHO}: fineTune needs integer epochs >= 1 and lr > 0, got ${JSON.stringify(o.fineTune)}`);
  }
  if (o.distill?.teacher === 'self' && !o.prune) throw new RangeError(`${WHO}: distill.teacher 'self' (the fp32 model) only makes sense with pruning; name a teacher model to distil the unpruned model`);
  const modes = o.quantize ?? ['int8'];
  for (const m of modes) if (!['int8', 'int4', 'mixed', 'nested'].includes(m)) throw new RangeError(`${WHO}: quantize modes are int8, int4, mixed and nested, got "${m}"`);
  if (o.mixedBudgetBytes !== undefined && !(o.mixedBudgetBytes > 0)) throw new RangeError(`${WHO}: mixedBudgetBytes must be > 0, got ${o.mixedBudgetBytes}`);
  if (o.mixedEnergyBudget !== undefined && o.mixedBudgetBytes !== undefined) throw new RangeError(`${WHO}: give the mixed rung one budget, mixedBudgetBytes or mixedEnergyBudget, not both`);
  if (o.mixedEnergyBudget !== undefined && !(o.mixedEnergyBudget.budgetJ > 0 && Number.isFinite(o.mixedEnergyBudget.budgetJ))) throw new RangeError(`${WHO}: mixedEnergyBudget.budgetJ must be a finite number of joules > 0, got ${o.mixedEnergyBudget.budgetJ}`);
}

function floatFigures(model: Module, inputShape: readonly number[]) {
  const s = summarize(model, inputShape);
  const weightTensorBytes = weightedLayers(model).reduce((n, l) => n + l.weights * 4, 0);
  return { params: s.totalParams, macs: s.totalMacs, weightBytes: s.totalParamBytes, weightTensorBytes, macsByPrecision: { float32: s.totalMacs } };
}

/** Optimizer steps in one epoch: the source's length, or one pass counting its batches when it declares none. */
function batchesPerEpoch(train: BatchSource): number {
  if (train.length !== undefined) return train.length;
  let n = 0;
  for (const _ of train) n++;
  return n;
}

/**
 * The fine-tuning rate, for both paths: cosine annealing from `lr` to 0 over
 * every step of the run (Loshchilov & Hutter, SGDR, ICLR 2017, one cycle).
 * Distillation used to run at a constant rate; on the Tiny-ImageNet ResNet-8
 * pruned to 50% of MACs, 10 epochs measured -1.40 pt of fp32 at a constant
 * rate and -1.25 pt on this schedule, one run each (docs/BENCHMARKS.md,
 * "Compression (issue 4)"); the target is 1.5 pt.
 */
function fineTuneSchedule(ft: { epochs: number; lr: number }, train: BatchSource): LrSchedule {
  return cosineLr({ base: ft.lr, totalSteps: Math.max(1, ft.epochs * batchesPerEpoch(train)) });
}

/** Prune (optional) then fine-tune with or without distillation: the compressed float rung. */
async function compressFloat(o: BuildLadderOptions, fp32: Module, log: (m: string) => void): Promise<{ model: Module; kind: LadderVariant['kind']; id: string; recipe: Record<string, unknown> }> {
  const student = await o.loadModel();
  const recipe: Record<string, unknown> = {};
  let pruneReport: ChannelPruneReport | undefined;
  if (o.prune) {
    const importance = o.prune.importance === 'taylor'
      ? taylorImportance(student, { batches: o.calibration })
      : l1Importance;
    pruneReport = pruneChannels(student, { inputShape: o.inputShape, targetMacsRatio: o.prune.targetMacsRatio }, importance);
    log(`pruned to ${((pruneReport.macsAfter / pruneReport.macsBefore) * 100).toFixed(1)}% of MACs (keep ratio ${pruneReport.keepRatio.toFixed(3)}, ${pruneReport.replaced.length} layers rebuilt)`);
    recipe['prune'] = { targetMacsRatio: o.prune.targetMacsRatio, importance: o.prune.importance ?? 'l1', keepRatio: pruneReport.keepRatio, macsBefore: pruneReport.macsBefore, macsAfter: pruneReport.macsAfter };
  }
  const ft = o.fineTune!;
  const [train, val, numClasses] = [o.train!, o.val!, o.numClasses!];
  // Keep the epoch with the best validation accuracy, the protocol the fp32 checkpoint was selected by
  // (`edgewatt train` saves its best epoch), so the rungs are compared on equal terms.
  const best = { dir: join(resolve(o.outDir), '.fine-tune'), model: { name: `${o.name}-compressed`, config: {} } };
  const schedule = fineTuneSchedule(ft, train);
  if (o.distill) {
    const teacher = o.distill.teacher === 'self' ? fp32 : o.distill.teacher;
    const temperature = o.distill.temperature ?? 4;
    const alpha = o.distill.alpha ?? 0.9;
    log(`fine-tuning ${ft.epochs} epochs with distillation from ${o.distill.teacher === 'self' ? 'the fp32 model' : teacher.typeName} (T = ${temperature}, α = ${alpha})`);
    await distill({ teacher, student, train, val, epochs: ft.epochs, numClasses, temperature, alpha, lr: ft.lr, schedule, progress: o.progress ?? false, label: 'distill', checkpoint: best, onEpoch: o.onFineTuneEpoch });
    recipe['distill'] = { teacher: o.distill.teacher === 'self' ? 'fp32 (self)' : teacher.typeName, temperature, alpha, epochs: ft.epochs, lr: ft.lr, schedule: 'cosine' };
  } else {
    log(`fine-tuning ${ft.epochs} epochs (cross-entropy)`);
    const optimizer = new AdamW(student.parameters(), { lr: ft.lr, weightDecay: 1e-4 });
    await new Trainer({ model: student, optimizer, epochs: ft.epochs, numClasses, schedule, progress: o.progress ?? false, label: 'fine-tune', checkpoint: best, onEpoch: o.onFineTuneEpoch }).fit(train, val);
    recipe['fineTune'] = { epochs: ft.epochs, lr: ft.lr, schedule: 'cosine' };
  }
  const saved = await loadCheckpoint(best.dir);
  loadModuleArrays(student, saved.arrays, best.dir);
  recipe['selectedEpoch'] = saved.training?.['epoch'] ?? null;
  rmSync(best.dir, { recursive: true, force: true });
  const pct = o.prune ? Math.round(o.prune.targetMacsRatio * 100) : 0;
  const id = o.prune ? `pruned${pct}${o.distill ? '-kd' : ''}` : 'distilled';
  return { model: student, kind: o.prune ? 'pruned' : 'distilled', id, recipe };
}

export interface LadderResult {
  dir: string;
  manifest: LadderManifest;
  manifestPath: string;
}

export async function buildLadder(o: BuildLadderOptions): Promise<LadderResult> {
  checkOptions(o);
  const log = o.log ?? (() => {});
  const dir = resolve(o.outDir);
  mkdirSync(dir, { recursive: true });
  const ctx: RungContext = {
    outDir: dir, inputShape: o.inputShape, quality: o.quality ?? topOneQuality(o.val!, o.numClasses!, o.datasetLabel),
    latency: o.latency ?? {}, timeLatency: o.timeLatency ?? true,
  };
  const variants: LadderVariant[] = [];
  const fp32 = await o.loadModel();
  fp32.eval();
  log('measuring fp32');
  variants.push(await measureRung({ id: 'fp32', kind: 'fp32', model: fp32, onnx: exportOnnx(fp32, { inputShape: o.inputShape, batch: 'dynamic' }), ...floatFigures(fp32, o.inputShape), recipe: {} }, ctx));

  // Quantized rungs of the fp32 model first (the PTQ targets compare with fp32), then of the compressed float model.
  const bases: { model: Module; id: string; prefix: string }[] = [{ model: fp32, id: 'fp32', prefix: '' }];
  if (o.prune || o.distill) {
    const c = await compressFloat(o, fp32, log);
    c.model.eval();
    log(`measuring ${c.id}`);
    variants.push(await measureRung({ id: c.id, kind: c.kind, derivedFrom: 'fp32', model: c.model, onnx: exportOnnx(c.model, { inputShape: o.inputShape, batch: 'dynamic' }), ...floatFigures(c.model, o.inputShape), recipe: c.recipe }, ctx));
    bases.push({ model: c.model, id: c.id, prefix: `${c.id}-` });
  }

  const nestedMasters: LadderNestedMaster[] = [];
  const calibration: Tensor[] = o.calibration.map((b) => tensor(b.x.subarray(0, b.size * b.x.length / b.shape[0]!), [b.size, ...o.inputShape]));
  try {
    for (const b of bases) {
      const q: QuantizeRungsOptions = {
        base: b.model, baseId: b.id, idPrefix: b.prefix, inputShape: o.inputShape, calibration, modes: o.quantize ?? ['int8'],
        calibrationMethod: o.calibrationMethod ?? 'minmax', biasCorrection: o.biasCorrection ?? true,
        ...(o.mixedBudgetBytes !== undefined ? { mixedBudgetBytes: o.mixedBudgetBytes } : {}),
        ...(o.mixedEnergyBudget !== undefined ? { mixedEnergyBudget: o.mixedEnergyBudget } : {}),
        ...(o.outputDistortion !== undefined ? { outputDistortion: o.outputDistortion } : {}),
        saveNestedMaster: (id, model) => {
          log(`saving nested master ${id}`);
          const entry = saveNestedMaster(dir, id, b.id, model);
          nestedMasters.push(entry);
          return entry;
        },
        log,
      };
      for await (const rung of quantizedRungs(q)) {
        log(`measuring ${rung.id}`);
        variants.push(await measureRung(rung, ctx));
      }
    }
  } finally {
    for (const c of calibration) c.dispose();
  }

  const manifest: LadderManifest = {
    format: LADDER_FORMAT, version: LADDER_VERSION,
    model: {
      name: o.name, inputShape: [...o.inputShape], inputName: 'input', outputName: 'output',
      ...(o.numClasses !== undefined ? { numClasses: o.numClasses } : {}),
      ...(o.classes !== undefined ? { classes: [...o.classes] } : {}),
      task: o.task,
      ...(o.sensorInput !== undefined ? { sensorInput: o.sensorInput } : {}),
    },
    createdAt: o.createdAt ?? new Date().toISOString(),
    variants,
    ...(nestedMasters.length > 0 ? { nestedMasters } : {}),
  };
  const manifestPath = writeLadderManifest(dir, manifest);
  return { dir, manifest, manifestPath };
}
