/** edgewatt/train: optimizers, losses, schedules, metrics, the Trainer, checkpoints. */
export { SGD, sgdUpdate, type SgdOptions, type SgdHyper } from './sgd.js';
export { AdamW, adamwUpdate, type AdamWOptions, type AdamWHyper } from './adamw.js';
export type { Optimizer } from './optimizer.js';
export { crossEntropy, mseLoss, klDivergence, type Labels } from './losses.js';
export * from './schedules.js';
export * from './metrics.js';
export * from './early-stopping.js';
export * from './progress.js';
export * from './checkpoint.js';
export * from './safetensors.js';
export { moduleArrays, loadModuleArrays, type TrainableModel } from './model-arrays.js';
export { Trainer, type Batch, type BatchSource, type TrainerOptions, type EvalResult, type EpochRecord, type TrainHistory } from './trainer.js';
export { assertJsonValue, assertJsonObject, type JsonValue, type JsonObject } from './json-value.js';
export { loadModelCheckpoint, type LoadedModel } from './model-checkpoint.js';
