/**
 * Structured channel (filter) pruning that really removes channels (Li et
 * al. 2017, "Pruning Filters for Efficient ConvNets", ICLR, §3): the channel
 * graph (channel-graph.ts) says which channels go together, an importance
 * criterion (L1 by default, or Taylor) ranks them, a uniform keep ratio
 * (given, or searched for a MACs target) says how many stay, and every
 * affected layer is rebuilt smaller (rebuild-layers.ts) and swapped in with
 * `replaceChild`. Consumers lose the matching input channels, including the
 * S features per channel of a Linear after a Flatten. MACs drop for real.
 *
 * Everything is checked and every replacement built before the first swap,
 * so a failure leaves the model as it was. The replaced layers are disposed:
 * an optimizer made for the old model must be made again.
 *
 * A pruned zoo model keeps its class (a ZooModel, i.e. a Sequential), but its
 * `spec` (name and config) no longer describes its layers, so a checkpoint
 * that rebuilds the model from the spec cannot load it. Save a pruned model
 * as ONNX (`exportOnnx` in interop works on any Module) and load it with the
 * ONNX importer or an inference session.
 */
import type { Shape } from '../../engine/index.js';
import { summarize, type Module } from '../../nn/index.js';
import { axisChannels } from './channel-spaces.js';
import { channelGraphFrom, type ChannelGraph, type GraphLayer } from './channel-graph.js';
import { l1Importance, type ChannelImportance } from './channel-importance.js';
import { keepCounts, keptPositions, planChannels, predictMacs, searchKeepRatio } from './channel-plan.js';
import { checkObject, checkUnitFraction } from './check-options.js';
import { comparePruneStats, pruneStatsFrom, type PruneReport } from './prune-report.js';
import { rebuildLayer } from './rebuild-layers.js';

/** Keep a fraction of each group's channels, or meet a MACs budget. */
export type ChannelPruneOptions =
  | { inputShape: Shape; /** Fraction of channels each group keeps, in (0, 1]. */ keepRatio: number }
  | { inputShape: Shape; /** Largest allowed MACs after pruning as a fraction of before, in (0, 1]. */ targetMacsRatio: number };

export interface ChannelGroupReport {
  channels: number;
  /** Kept channel indices, ascending. */
  kept: number[];
  /** False for channels tied to the model's input or output. */
  prunable: boolean;
  /** Paths of the layers writing these channels. */
  layers: string[];
}

export interface ChannelPruneReport {
  /** The uniform keep ratio applied (given, or found for the MACs target). */
  keepRatio: number;
  macsBefore: number;
  macsAfter: number;
  groups: ChannelGroupReport[];
  /** Paths of the layers rebuilt with fewer channels. */
  replaced: string[];
  /** Per-layer before/after parameters, non-zeros, sparsity and MACs. */
  report: PruneReport;
}

const WHO = 'pruneChannels';

function checkInputShape(v: unknown): number[] {
  if (!Array.isArray(v) || v.length === 0 || !v.every((d) => Number.isInteger(d) && d >= 1)) {
    throw new RangeError(`${WHO}: options.inputShape must be the shape of one sample without the batch axis (positive integers, e.g. [3, 32, 32]), got ${JSON.stringify(v)}`);
  }
  return v as number[];
}

/** Which of keepRatio / targetMacsRatio is given, range-checked. */
function checkAmount(options: ChannelPruneOptions): { keepRatio: number } | { targetMacsRatio: number } {
  const hasRatio = 'keepRatio' in options && options.keepRatio !== undefined;
  const hasTarget = 'targetMacsRatio' in options && options.targetMacsRatio !== undefined;
  if (hasRatio === hasTarget) throw new TypeError(`${WHO}: give exactly one of options.keepRatio and options.targetMacsRatio`);
  if (hasRatio) return { keepRatio: checkUnitFraction(WHO, 'options.keepRatio', options.keepRatio, 'the fraction of channels each group keeps') };
  return { targetMacsRatio: checkUnitFraction(WHO, 'options.targetMacsRatio', (options as { targetMacsRatio: number }).targetMacsRatio, 'MACs after / MACs before') };
}

/** The keep ratio: given, or the largest that meets the MACs target (an impossible target is an error). */
function resolveKeepRatio(graph: ChannelGraph, amount: { keepRatio: number } | { targetMacsRatio: number }): number {
  if ('keepRatio' in amount) return amount.keepRatio;
  const target = amount.targetMacsRatio;
  const floor = predictMacs(graph, keepCounts(graph, 0));
  if (floor > target * graph.totalMacs) {
    throw new RangeError(
      `${WHO}: options.targetMacsRatio ${target} asks for at most ${Math.floor(target * graph.totalMacs)} MACs, but keeping one channel per prunable group still needs ${floor} ` +
        `(ratio ${(floor / graph.totalMacs).toFixed(4)} of ${graph.totalMacs}); the input and output channels are never pruned`,
    );
  }
  return searchKeepRatio(graph, target * graph.totalMacs);
}

function checkScores(graph: ChannelGraph, scores: unknown): Float64Array[] {
  if (!Array.isArray(scores) || scores.length !== graph.groups.length) throw new TypeError(`${WHO}: the importance criterion must return one score array per channel group (${graph.groups.length})`);
  graph.groups.forEach((g, i) => {
    const s = scores[i] as ArrayLike<number> | undefined;
    if (!g.prunable) return;
    if (!s || s.length !== g.size) throw new RangeError(`${WHO}: the importance criterion gave ${s?.length ?? 0} scores for channel group ${i}, which has ${g.size} channels`);
    for (let c = 0; c < s.length; c++) if (!Number.isFinite(s[c])) throw new RangeError(`${WHO}: importance of channel ${c} of group ${i} is ${s[c]}; scores must be finite`);
  });
  return scores as Float64Array[];
}

/** Layers whose channels change, each with its replacement. */
function buildReplacements(graph: ChannelGraph, keep: readonly Int32Array[]): [GraphLayer, Module][] {
  const out: [GraphLayer, Module][] = [];
  for (const l of graph.layers) {
    const keepIn = keptPositions(l.input, keep);
    const keepOut = keptPositions(l.output, keep);
    const unchanged = keepIn.length === axisChannels(l.input) * l.input.repeat && keepOut.length === axisChannels(l.output) * l.output.repeat;
    if (unchanged) continue;
    if (!l.parent) throw new Error(`${WHO}: the root layer ${l.module.typeName} would change; its input and output channels are fixed (internal error)`);
    out.push([l, rebuildLayer(l, keepIn, keepOut)]);
  }
  return out;
}

/**
 * Removes the least important channels of `model` in place and returns what
 * changed. `importance` defaults to the filters' L1 norm.
 */
export function pruneChannels(model: Module, options: ChannelPruneOptions, importance: ChannelImportance = l1Importance): ChannelPruneReport {
  checkObject(WHO, 'options', options);
  const inputShape = checkInputShape(options.inputShape);
  const amount = checkAmount(options);
  if (typeof importance !== 'function') throw new TypeError(`${WHO}: importance must be a criterion such as l1Importance or taylorImportance(model, ...)`);
  const summary = summarize(model, inputShape);
  const before = pruneStatsFrom(model, summary);
  const graph = channelGraphFrom(model, summary);
  const keepRatio = resolveKeepRatio(graph, amount);
  const keep = planChannels(graph, keepCounts(graph, keepRatio), checkScores(graph, importance(graph)));
  const replacements = buildReplacements(graph, keep);
  for (const [l, fresh] of replacements) {
    l.parent!.replaceChild(l.name, fresh);
    l.module.dispose();
  }
  const after = pruneStatsFrom(model, summarize(model, inputShape));
  return {
    keepRatio,
    macsBefore: before.macs,
    macsAfter: after.macs,
    groups: graph.groups.map((g, i) => ({ channels: g.size, kept: [...keep[i]!], prunable: g.prunable, layers: g.members.map((m) => m.layer.path) })),
    replaced: replacements.map(([l]) => l.path),
    report: comparePruneStats(before, after),
  };
}
