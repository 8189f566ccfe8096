/**
 * The quantized rungs of a ladder, made from one float model: int8 PTQ; int4
 * weights with the first and last layer kept at int8 (the usual guard for
 * the layers that see raw inputs and produce logits: Choi et al. 2018, PACT,
 * sec. 4; Esser et al. 2020, LSQ, sec. 3); and a mixed rung whose bits per
 * layer come from single-layer sensitivity and an exact knapsack under a
 * byte budget, or under an energy budget: the modelled energy per inference
 * on a device (mixed/energy-costs.ts). Sensitivity is the KL divergence of the quantized model's
 * softmax from the float model's on the calibration inputs — measured on
 * training data, so the validation set is never used to choose bits. The
 * 'nested' mode builds one any-precision master (int8 weights whose 4- and
 * 2-bit widths are their most significant bits) and yields one rung per
 * width, each also exported as its own ONNX file; the master itself is
 * saved once, through `saveNestedMaster`.
 */
import { logSoftmax, noGrad, softmax, tidy, zeros, type Tensor } from '../../engine/index.js';
import { summarize, TrainingOnly, type Module, type ModelSummary } from '../../nn/index.js';
import { exportQdqOnnx } from '../integer/export/export-qdq.js';
import { buildNestedModel } from '../integer/nested/build-nested-model.js';
import { quantizeModel } from '../integer/quantize-model.js';
import { macsByPrecision, quantizedSize, quantizedSizeBytes } from '../integer/size-account.js';
import type { QuantizedModel } from '../integer/quantized-model.js';
import type { WeightBits } from '../integer/quantize-options.js';
import { allocateBits, type LayerChoices } from '../mixed/bit-allocation.js';
import { allocateBitsForEnergy, checkEnergyBudget, describeTarget, layerEnergyCosts, type EnergyTarget, type LayerEnergyCosts } from '../mixed/energy-costs.js';
import { measureSensitivity } from '../mixed/sensitivity.js';
import { isWeightedLayer, type CalibrationMethodName } from '../quantize/index.js';
import type { QuantizeMode } from './build-ladder.js';
import type { LadderNestedMaster } from './manifest.js';
import type { RungInput } from './measure-rung.js';

export interface QuantizeRungsOptions {
  base: Module;
  baseId: string;
  /** Prefix of the rung ids ('' for the fp32 model's rungs, 'pruned50-kd-' for a compressed model's). */
  idPrefix: string;
  inputShape: readonly number[];
  calibration: readonly Tensor[];
  modes: readonly QuantizeMode[];
  calibrationMethod: CalibrationMethodName;
  biasCorrection: boolean;
  mixedBudgetBytes?: number;
  /** The mixed rung's budget as modelled energy per inference on a device instead of bytes (not both). */
  mixedEnergyBudget?: MixedEnergyBudget;
  /**
   * How the mixed rung's single-layer sensitivity measures a quantized
   * model's change: 'kl' (default) for classifiers, whose outputs are
   * logits; 'mse' for models whose output is a signal (an autoencoder's
   * reconstruction), where a softmax over it would mean nothing.
   */
  outputDistortion?: OutputDistortion;
  /** Saves a nested master into the ladder and returns its manifest entry; needed by the 'nested' mode. */
  saveNestedMaster?: (id: string, model: QuantizedModel) => LadderNestedMaster;
  log: (message: string) => void;
}

/** A mixed rung's energy budget: joules per inference, modelled on a device's engine at an operating point. */
export interface MixedEnergyBudget {
  budgetJ: number;
  target: EnergyTarget;
}

/** The widths the mixed rung chooses from per layer: the int8 reference and the 4- and 2-bit candidates. */
export const MIXED_WIDTHS = [8, 4, 2] as const;

/**
 * The summary of the model's all-int8 integer build. What the integer path
 * folds and fuses, and every shape, MAC and byte count, follow from the
 * float model's structure, not from the calibration data, so one zero
 * sample builds it: no data is read.
 */
export function int8IntegerSummary(model: Module, inputShape: readonly number[]): ModelSummary {
  const x = zeros([1, ...inputShape]);
  try {
    const weightBits = Object.fromEntries(weightedLayers(model).map((l) => [l.path, 8])) as Record<string, WeightBits>;
    const q = quantizeModel(model, [x], { inputShape, calibration: 'minmax', biasCorrection: false, weightBits });
    try {
      return summarize(q, inputShape);
    } finally {
      q.dispose();
    }
  } finally {
    x.dispose();
  }
}

/**
 * Each conv/linear layer's modelled energy at each mixed width on the
 * target, from the model's structure alone — so an impossible budget is
 * found before any calibration.
 */
export function mixedEnergyCosts(model: Module, inputShape: readonly number[], target: EnergyTarget): LayerEnergyCosts {
  return layerEnergyCosts(int8IntegerSummary(model, inputShape), { layers: weightedLayers(model), bits: MIXED_WIDTHS, target });
}

/** The nested master's widths: buildNestedModel's default, the int8 master and its 4- and 2-bit slices. */
export const NESTED_LADDER_WIDTHS = [8, 4, 2] as const;

/**
 * Conv/linear layers by path, in execution (registration) order, with their
 * weight counts — those of the inference graph: a TrainingOnly branch (a
 * VAE's log-variance head) is neither quantized nor deployed.
 */
export function weightedLayers(model: Module): { path: string; weights: number }[] {
  const modules = model.namedModules();
  const trainingOnly = modules.filter(([, m]) => m instanceof TrainingOnly).map(([path]) => `${path}.`);
  return modules
    .filter(([path, m]) => isWeightedLayer(m) && !trainingOnly.some((p) => path.startsWith(p)))
    .map(([path, m]) => ({ path, weights: (m as unknown as { weight: Tensor }).weight.size }));
}

export type OutputDistortion = 'kl' | 'mse';

/**
 * Mean distortion per sample over the calibration inputs of the quantized
 * model's outputs from the float model's: KL(p_float ‖ p_quant) of the
 * softmax over logits ('kl'), or the squared error summed over the output
 * ('mse').
 */
function outputDistortion(kind: OutputDistortion, floatOutputs: readonly Tensor[], q: QuantizedModel, inputs: readonly Tensor[]): number {
  let total = 0;
  let n = 0;
  noGrad(() => {
    inputs.forEach((x, i) => {
      total += tidy(() => {
        const lq = q.call(x);
        const lf = floatOutputs[i]!;
        if (kind === 'mse') {
          const d = lf.sub(lq);
          return d.mul(d).sum().item();
        }
        return softmax(lf, 1).mul(logSoftmax(lf, 1).sub(logSoftmax(lq, 1))).sum().item();
      });
      n += x.shape[0]!;
    });
  });
  return total / n;
}

function rungOf(q: QuantizedModel, o: QuantizeRungsOptions, id: string, kind: RungInput['kind'], bits: Record<string, number>, recipe: Record<string, unknown>): RungInput {
  const macs = macsByPrecision(q, o.inputShape);
  return {
    id, kind, derivedFrom: o.baseId, model: q,
    onnx: exportQdqOnnx(q, { inputShape: o.inputShape, batch: 'dynamic' }),
    weightBytes: quantizedSizeBytes(q),
    weightTensorBytes: quantizedSize(q).weightBytes,
    params: weightedLayers(o.base).reduce((s, l) => s + l.weights, 0),
    macs: Object.values(macs).reduce((a, b) => a + b, 0),
    macsByPrecision: macs,
    bitsPerLayer: bits,
    recipe: { calibration: o.calibrationMethod, biasCorrection: o.biasCorrection, weights: 'symmetric per-channel', activations: 'asymmetric per-tensor int8', ...recipe },
  };
}

export async function* quantizedRungs(o: QuantizeRungsOptions): AsyncGenerator<RungInput> {
  const layers = weightedLayers(o.base);
  const quantize = (bits: Record<string, WeightBits>) =>
    quantizeModel(o.base, o.calibration, { inputShape: o.inputShape, calibration: o.calibrationMethod, biasCorrection: o.biasCorrection, weightBits: bits });
  const uniform = (b: WeightBits) => Object.fromEntries(layers.map((l) => [l.path, b])) as Record<string, WeightBits>;
  const guarded4 = Object.fromEntries(layers.map((l, i) => [l.path, i === 0 || i === layers.length - 1 ? 8 : 4])) as Record<string, WeightBits>;
  if (o.mixedBudgetBytes !== undefined && o.mixedEnergyBudget !== undefined) throw new RangeError('quantizedRungs: give the mixed rung one budget, mixedBudgetBytes or mixedEnergyBudget, not both');
  // Priced and checked before any quantization, so an impossible energy budget costs no calibration.
  const energy = o.modes.includes('mixed') && o.mixedEnergyBudget !== undefined
    ? { budgetJ: o.mixedEnergyBudget.budgetJ, costs: mixedEnergyCosts(o.base, o.inputShape, o.mixedEnergyBudget.target) }
    : undefined;
  if (energy) checkEnergyBudget(energy.costs, energy.budgetJ);

  if (o.modes.includes('int8')) {
    o.log(`quantizing ${o.baseId} to int8`);
    yield rungOf(quantize(uniform(8)), o, `${o.idPrefix}int8`, 'int8', uniform(8), {});
  }
  const wantInt4 = o.modes.includes('int4') || o.modes.includes('mixed');
  let int4Bytes: number | undefined;
  if (wantInt4) {
    o.log(`quantizing ${o.baseId} to int4 (first and last layer int8)`);
    const q4 = quantize(guarded4);
    int4Bytes = quantizedSizeBytes(q4);
    yield rungOf(q4, o, `${o.idPrefix}int4`, 'int4', guarded4, { firstLastInt8: true });
  }
  if (o.modes.includes('mixed')) {
    // tidy keeps the returned logits and frees every intermediate of the float passes.
    const floatLogits = noGrad(() => tidy(() => o.calibration.map((x) => o.base.call(x))));
    const distortion = o.outputDistortion ?? 'kl';
    try {
      o.log(`measuring single-layer sensitivity of ${layers.length} layers at 4 and 2 bits`);
      const report = await measureSensitivity({
        layers: layers.map((l) => l.path),
        bits: [4, 2],
        evaluate: (bits) => {
          const q = quantize(bits as Record<string, WeightBits>);
          try {
            return outputDistortion(distortion, floatLogits, q, o.calibration);
          } finally {
            q.dispose();
          }
        },
      });
      const sensitivityByLayer = Object.fromEntries(report.layers.map((s) => [s.layer, s.byBits]));
      const chosen = energy
        ? energyBits(energy.costs, sensitivityByLayer, energy.budgetJ, o.log)
        : byteBits(layers, report.layers, guarded4, int4Bytes!, o.mixedBudgetBytes, o.log);
      yield rungOf(quantize(chosen.bits), o, `${o.idPrefix}mixed`, 'mixed', chosen.bits, {
        ...chosen.budget, sensitivity: `${distortion === 'kl' ? 'KL(float ‖ quantized)' : 'squared error of the output'} on calibration inputs, one layer at a time`,
        sensitivityByLayer,
      });
    } finally {
      for (const t of floatLogits) t.dispose();
    }
  }
  if (o.modes.includes('nested')) yield* nestedRungs(o);
}

interface MixedChoice {
  bits: Record<string, WeightBits>;
  /** The budget as the recipe records it. */
  budget: Record<string, unknown>;
}

/** Under a weight-byte budget (default: the int4 rung's bytes). */
function byteBits(
  layers: readonly { path: string; weights: number }[], sensitivity: readonly { layer: string; byBits: Record<number, number> }[],
  guarded4: Readonly<Record<string, WeightBits>>, int4Bytes: number, budgetBytes: number | undefined, log: (m: string) => void,
): MixedChoice {
  // Whole-byte weight storage per layer; scales, biases and requantization parameters do not depend on the bits.
  const choices: LayerChoices[] = sensitivity.map((s, i) => ({
    name: s.layer,
    choices: MIXED_WIDTHS.map((b) => ({ bits: b, cost: Math.ceil((layers[i]!.weights * b) / 8), sensitivity: s.byBits[b]! })),
  }));
  const fixedBytes = int4Bytes - layers.reduce((sum, l) => sum + Math.ceil((l.weights * guarded4[l.path]!) / 8), 0);
  const budget = (budgetBytes ?? int4Bytes) - fixedBytes;
  const alloc = allocateBits(choices, { budget, unit: 'weight bytes' });
  log(`mixed: ${Object.values(alloc.bits).join('/')} bits, ${alloc.cost} weight bytes of ${budget}`);
  return { bits: alloc.bits as Record<string, WeightBits>, budget: { budgetBytes: budgetBytes ?? int4Bytes } };
}

/** µJ for the recipe and the log (SI joules in code), to 12 significant digits so 7.2e-6 J reads 7.2, not 7.199999999999999. */
const toUj = (j: number) => Number((j * 1e6).toPrecision(12));

/** Under a modelled energy budget per inference on a device (mixed/energy-costs.ts). */
function energyBits(costs: LayerEnergyCosts, sensitivityByLayer: Record<string, Record<number, number>>, budgetJ: number, log: (m: string) => void): MixedChoice {
  const alloc = allocateBitsForEnergy(costs, sensitivityByLayer, budgetJ);
  const uj = (j: number) => `${(j * 1e6).toPrecision(6)} µJ`;
  log(`mixed: ${Object.values(alloc.bits).join('/')} bits, modelled ${uj(alloc.energyJ)} of budget ${uj(budgetJ)} per inference on ${describeTarget(costs)} (every assignment costs ${uj(costs.minJ)} to ${uj(costs.maxJ)})`);
  return {
    bits: alloc.bits as Record<string, WeightBits>,
    budget: {
      energyBudget: {
        budgetUj: toUj(budgetJ), modelledUj: toUj(alloc.energyJ), cheapestUj: toUj(costs.minJ), dearestUj: toUj(costs.maxJ),
        device: costs.device, engine: costs.engine, opPoint: costs.opPoint,
        model: 'estimateInference (docs/energy-model.md) on the float model\'s summary at int8 activations and the chosen weight bits',
      },
    },
  };
}

/**
 * One rung per width of a nested master of the base model. The rungs share
 * one model: each is yielded at its width and measured (buildLadder awaits
 * measureRung) before the generator resumes and switches to the next.
 * weightBytes is the master's: the int8 weights once plus every width's
 * parameters, what a device holds to run any of them.
 */
async function* nestedRungs(o: QuantizeRungsOptions): AsyncGenerator<RungInput> {
  if (o.saveNestedMaster === undefined) throw new TypeError(`quantizedRungs: the 'nested' mode needs options.saveNestedMaster to write the master into the ladder`);
  o.log(`building the nested ${NESTED_LADDER_WIDTHS.join('/')}-bit master of ${o.baseId}`);
  const nested = buildNestedModel(o.base, o.calibration, { inputShape: o.inputShape, calibration: o.calibrationMethod, biasCorrection: o.biasCorrection, bits: NESTED_LADDER_WIDTHS });
  const master = o.saveNestedMaster(`${o.idPrefix}nested`, nested);
  const layers = weightedLayers(o.base);
  for (const b of master.widths) {
    nested.setBits(b);
    const bits = Object.fromEntries(layers.map((l) => [l.path, b]));
    const recipe = { nested: { master: master.id, widths: master.widths, batchNormReestimation: true }, weights: `${b}-bit MSB slice of the int8 master` };
    yield { ...rungOf(nested, o, `${o.idPrefix}nested-int${b}`, 'nested', bits, recipe), nestedBits: b, nestedMaster: master.id };
  }
  nested.setBits(master.widths[0]!);
}
