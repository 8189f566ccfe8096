/**
 * Named distillation set-ups that the CLI and the benchmark share, so "the
 * HAR recipe" means the same models and hyper-parameters everywhere. A
 * recipe is data (zoo model specs, temperature, α, hints); run-recipe.ts
 * runs one. `selfDistillation` is the same mechanism with a given pair of
 * models: a compressed network learning from its own uncompressed original.
 *
 * T = 4 and α = 0.9 are defaults, not tuned to any test or dataset. They
 * follow Hinton, Vinyals & Dean 2015: sec. 2 uses a raised temperature to
 * soften the targets and reports the best results with "a considerably lower
 * weight" on the hard labels (so α close to 1); sec. 2.1 notes that
 * intermediate temperatures work best when the student is much smaller than
 * the teacher. T = 4 with weights 0.9 / 0.1 is also the KD baseline of the
 * distillation benchmark of Tian, Krishnan & Isola 2020 ("Contrastive
 * Representation Distillation", ICLR).
 */
import type { Module, ZooName } from '../../nn/index.js';
import { cnn1dDefaults, resnet8Defaults } from '../../nn/index.js';
import { distill, type DistillResult } from './distill.js';
import type { DistillOptions, HintSpec } from './distill-options.js';

/** Softmax temperature of every recipe (see the module comment). */
export const RECIPE_TEMPERATURE = 4;
/** Weight of the soft targets in every recipe (see the module comment). */
export const RECIPE_ALPHA = 0.9;
/**
 * Weight of a feature hint next to the soft-target loss: 1, a neutral
 * starting point, not tuned. The hint MSE is taken over batch-normalised,
 * ReLU-ed maps, so it is O(1) like the distillation loss at the start.
 */
export const RECIPE_HINT_WEIGHT = 1;

/** A zoo model by registry name and config, as `createModel(name, config)` takes it. */
export interface ZooModelSpec {
  name: ZooName;
  config: Readonly<Record<string, number>>;
}

export interface DistillRecipe {
  name: string;
  description: string;
  teacher: ZooModelSpec;
  student: ZooModelSpec;
  numClasses: number;
  temperature: number;
  alpha: number;
  hints: readonly HintSpec[];
}

/** What the data decides: window or image size, class count; and the seed of both initialisations. */
export interface HarRecipeData {
  inputChannels?: number;
  inputLength?: number;
  numClasses?: number;
  seed?: number;
}

/** Width of the HAR teacher's first convolution (the second has twice as many): 4× the zoo default of 16 (344,832 MACs per window). */
const HAR_TEACHER_WIDTH = 64;
/** Width of the HAR student: half the zoo default (8,160 MACs per window against 26,304 for width 16). */
const HAR_STUDENT_WIDTH = 8;

/**
 * HAR (STM32 accelerometer windows): a wide 1-D CNN teacher (cnn1d width 64)
 * distilled into a tiny one (cnn1d width 8) by soft targets alone (no hint:
 * the student is shallow and its only intermediate maps are its two blocks).
 */
export function harDistillRecipe(data: HarRecipeData = {}): DistillRecipe {
  const base = {
    inputChannels: data.inputChannels ?? cnn1dDefaults.inputChannels,
    inputLength: data.inputLength ?? cnn1dDefaults.inputLength,
    numClasses: data.numClasses ?? cnn1dDefaults.numClasses,
    seed: data.seed ?? 0,
  };
  return {
    name: 'har-cnn1d',
    description: `cnn1d width ${HAR_TEACHER_WIDTH} -> cnn1d width ${HAR_STUDENT_WIDTH}, logit distillation (T = ${RECIPE_TEMPERATURE}, alpha = ${RECIPE_ALPHA})`,
    teacher: { name: 'cnn1d', config: { ...base, width: HAR_TEACHER_WIDTH } },
    student: { name: 'cnn1d', config: { ...base, width: HAR_STUDENT_WIDTH } },
    numClasses: base.numClasses,
    temperature: RECIPE_TEMPERATURE,
    alpha: RECIPE_ALPHA,
    hints: [],
  };
}

export interface TinyImageNetRecipeData {
  /** Side of the square input; Tiny-ImageNet images are 64 px (32 when resized). Default 64. */
  inputSize?: number;
  numClasses?: number;
  seed?: number;
}

/** Tiny-ImageNet: 64×64 images, 200 classes (Le & Yang 2015, "Tiny ImageNet Visual Recognition Challenge"). */
const TINY_IMAGENET_SIZE = 64;
const TINY_IMAGENET_CLASSES = 200;
/** Filters of the teacher's first stack: twice the MLPerf Tiny ResNet-8's 16, the student's. */
const TINY_TEACHER_FILTERS = 32;

/**
 * Tiny-ImageNet: a ResNet-8 twice as wide (numFilters 32) distilled into the
 * MLPerf Tiny ResNet-8 (numFilters 16), with soft targets and one hint at
 * the output of stack 2 (`stack2`, the Residual block after its ReLU: 64
 * teacher and 32 student channels at half the input resolution), the middle
 * of the network as in FitNets (Romero et al. 2015, sec. 2.2).
 */
export function tinyImageNetDistillRecipe(data: TinyImageNetRecipeData = {}): DistillRecipe {
  const base = {
    inputChannels: resnet8Defaults.inputChannels,
    inputSize: data.inputSize ?? TINY_IMAGENET_SIZE,
    numClasses: data.numClasses ?? TINY_IMAGENET_CLASSES,
    seed: data.seed ?? 0,
  };
  return {
    name: 'tiny-imagenet-resnet8',
    description: `resnet8 numFilters ${TINY_TEACHER_FILTERS} -> resnet8 numFilters ${resnet8Defaults.numFilters}, logit distillation (T = ${RECIPE_TEMPERATURE}, alpha = ${RECIPE_ALPHA}) + hint at stack2`,
    teacher: { name: 'resnet8', config: { ...base, numFilters: TINY_TEACHER_FILTERS } },
    student: { name: 'resnet8', config: { ...base, numFilters: resnet8Defaults.numFilters } },
    numClasses: base.numClasses,
    temperature: RECIPE_TEMPERATURE,
    alpha: RECIPE_ALPHA,
    hints: [{ student: 'stack2', teacher: 'stack2', weight: RECIPE_HINT_WEIGHT }],
  };
}

export interface SelfDistillationOptions extends Omit<DistillOptions, 'teacher' | 'student' | 'temperature' | 'alpha'> {
  /** The model before compression (e.g. fp32 before structured pruning): the teacher. A separate copy, not the compressed model itself. */
  original: Module;
  /** The compressed model (pruned, narrowed): the student, trained in place. */
  compressed: Module;
  /** Default RECIPE_TEMPERATURE. */
  temperature?: number;
  /** Default RECIPE_ALPHA. */
  alpha?: number;
}

/**
 * Self-distillation for recovery after compression: the compressed model
 * learns from its own uncompressed original, whose soft targets carry what
 * the pruned weights knew beyond the labels. The mechanism is `distill`'s;
 * hints may name the same path in both models (after channel pruning only
 * the channel counts differ, which the adapters absorb).
 *
 * Structured pruning works in place and keeps the layers it does not touch,
 * so copy the model before pruning it and pass the copy as `original`
 * (for a zoo model: `createModel(m.spec.name, m.spec.config)` then
 * `loadStateDict(m.stateDict())`); `distill` refuses a teacher that shares
 * any tensor with the student.
 */
export function selfDistillation(o: SelfDistillationOptions): Promise<DistillResult> {
  const { original, compressed, temperature, alpha, ...rest } = o;
  return distill({ ...rest, teacher: original, student: compressed, temperature: temperature ?? RECIPE_TEMPERATURE, alpha: alpha ?? RECIPE_ALPHA, label: rest.label ?? 'self-distill' });
}
