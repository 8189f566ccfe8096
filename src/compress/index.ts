/**
 * edgewatt/compress: tiers 1 and 2 of the paper — pruning, knowledge
 * distillation, quantization (float-side maths and the integer-only model),
 * mixed precision, and the precision ladder they produce.
 */
export * from './prune/index.js';
export * from './quantize/index.js';
export * from './integer/index.js';
export { distill, checkDistillSetup, type DistillResult } from './distill/distill.js';
export { DEFAULT_DISTILL_LR, type DistillOptions, type DistillTrainerOptions, type HintSpec } from './distill/distill-options.js';
export { distillationLoss, checkDistillationLossOptions, type DistillationLossOptions } from './distill/distillation-loss.js';
export { FeatureCapture, modulesAt } from './distill/feature-capture.js';
export { createHintAdapter, checkHintShapes, hintLoss, type HintPaths } from './distill/hint-adapter.js';
export { DistillationTarget } from './distill/distillation-target.js';
export {
  harDistillRecipe, tinyImageNetDistillRecipe, selfDistillation, RECIPE_TEMPERATURE, RECIPE_ALPHA, RECIPE_HINT_WEIGHT,
  type DistillRecipe, type ZooModelSpec, type HarRecipeData, type TinyImageNetRecipeData, type SelfDistillationOptions,
} from './distill/recipes.js';
export { runDistillRecipe, type RunDistillRecipeOptions, type DistillRecipeResult, type DistillRecipeMetrics } from './distill/run-recipe.js';
export { measureTeacherAgreement, type TeacherAgreement } from './distill/teacher-agreement.js';
export { allocateBits, costRange, type AllocateOptions, type BitAllocation, type BitChoice, type LayerChoices } from './mixed/bit-allocation.js';
export { measureSensitivity, type LayerSensitivity, type SensitivityOptions, type SensitivityReport } from './mixed/sensitivity.js';
export * from './ladder/manifest.js';
export { LADDER_MANIFEST_FILE, parseLadderManifest, readLadder, sha256Hex, writeLadderManifest, type ReadLadderOptions } from './ladder/manifest-file.js';
export { formatLadderTable } from './ladder/format-ladder.js';
export { machineLabel, measureModuleLatency, measureOnnxLatency, type LatencyOptions } from './ladder/measure-latency.js';
export { evaluateAccuracy, measureRung, saveNestedMaster, topOneQuality, type QualityProbe, type RungContext, type RungInput } from './ladder/measure-rung.js';
export { buildLadder, type BuildLadderOptions, type LadderResult, type QuantizeMode } from './ladder/build-ladder.js';
