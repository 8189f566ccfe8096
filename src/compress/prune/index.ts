/** edgewatt/compress/prune: masks, magnitude and N:M pruning, AGP gradual pruning, structured channel pruning, reports. */
export { applyMasks, keptCount, maskSparsity, type WeightMasks } from './masks.js';
export { maskedOptimizer, MaskedOptimizer, type MaskedOptimizerOptions } from './masked-optimizer.js';
export { isPrunableLayer, prunableWeights, type LayerSelection, type PrunableLayer, type PrunableWeight } from './prunable-layers.js';
export { pruneCount, pruneSmallest } from './smallest-k.js';
export { magnitudeMasks, type MagnitudeOptions, type PruneScope } from './magnitude.js';
export { nmMask, nmMasks, reductionLayout, type NmOptions, type ReductionLayout } from './n-m-sparsity.js';
export { agpSparsity, checkAgpSchedule, isPruningStep, type AgpSchedule } from './agp-schedule.js';
export { gradualPruner, GradualPruner, type GradualPrunerOptions } from './gradual-pruner.js';
export { analyzeChannels, type ChannelGraph, type ChannelGroup, type ChannelGroupMember, type GraphLayer, type LayerRole } from './channel-graph.js';
export { l1Importance, type ChannelImportance } from './channel-importance.js';
export { taylorImportance, type TaylorOptions } from './taylor-importance.js';
export { keepCounts, predictMacs, searchKeepRatio, selectChannels } from './channel-plan.js';
export { pruneChannels, type ChannelGroupReport, type ChannelPruneOptions, type ChannelPruneReport } from './prune-channels.js';
export { comparePruneStats, formatPruneReport, pruneStats, type LayerPruneStats, type ModelPruneStats, type PruneReport, type PruneReportRow } from './prune-report.js';
