/** edgewatt/nn: modules, layers, the model summary and the model zoo. */
export { Module, convOpClass, type CallHooks, type LayerCost, type LoadStateDictOptions, type OpClass } from './module.js';
export { DEFAULT_INIT_SEED, defaultRng, fanInUniform, kaimingUniform } from './init.js';
export * from './layers/index.js';
export { summarize, type LayerSummary, type ModelSummary, type SummarizeOptions } from './summary.js';
export { formatBytes, formatSummary } from './format-summary.js';
export * from './zoo/index.js';
