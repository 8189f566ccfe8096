/**
 * Importance of channels, per channel group: a criterion gets the channel
 * graph and returns one score per channel of every group (higher = more
 * important; the pruner keeps the highest). Scores of groups that cannot be
 * pruned are ignored.
 *
 * L1 criterion (Li et al. 2017, "Pruning Filters for Efficient ConvNets",
 * ICLR, §3.1): the sum of absolute kernel weights of the filter producing the
 * channel. When several layers write a group's channels (the convolutions
 * tied by a residual addition, a depthwise convolution following its
 * producer) their filter norms are added, the group-level sum used by Fang et
 * al. 2023 ("DepGraph", CVPR, §3.3). Batch-norm parameters are not filters
 * and do not count here.
 */
import type { ChannelGraph, ChannelGroupMember } from './channel-graph.js';

/** Scores per channel, one array per group of `graph.groups` (same order and sizes). */
export type ChannelImportance = (graph: ChannelGraph) => Float64Array[];

/** Elements of one output channel's filter in `member`'s weight (weight rows are output channels). */
export function filterLength(member: ChannelGroupMember): number {
  const w = member.layer.module.weight;
  return w ? w.size / w.shape[0]! : 0;
}

/** The L1 norm of each channel's producing filters, summed over the group's conv, linear and depthwise members. */
export const l1Importance: ChannelImportance = (graph) =>
  graph.groups.map((g) => {
    const scores = new Float64Array(g.size);
    for (const member of g.members) {
      if (member.layer.role === 'batchnorm') continue;
      const w = member.layer.module.weight!.view();
      const len = filterLength(member);
      for (let c = 0; c < g.size; c++) {
        const start = (member.offset + c) * len;
        let s = 0;
        for (let i = start; i < start + len; i++) s += Math.abs(w[i]!);
        scores[c] += s;
      }
    }
    return scores;
  });
