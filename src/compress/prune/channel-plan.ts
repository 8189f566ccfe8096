/**
 * How many channels each group keeps and which: a uniform keep ratio over
 * the prunable groups (at least one channel each, so no layer is emptied),
 * found by bisection when a MACs target is given, and the highest-scoring
 * channels by an importance criterion. Pure functions of the channel graph.
 *
 * MACs after pruning are predicted exactly without rebuilding anything: a
 * convolution or linear layer's MACs are proportional to its input channels
 * times its output channels (Cout·Ho·Wo·Cin·kh·kw; in·out), a depthwise
 * convolution's to its channels, and no other known layer has MACs.
 */
import type { ChannelAxis } from './channel-spaces.js';
import type { ChannelGraph } from './channel-graph.js';
import { ascendingOrder } from './smallest-k.js';

/** Channels each group keeps at a uniform keep ratio: round(ratio·size), at least 1; unprunable groups keep all. */
export function keepCounts(graph: ChannelGraph, keepRatio: number): number[] {
  return graph.groups.map((g) => (g.prunable ? Math.min(g.size, Math.max(1, Math.round(keepRatio * g.size))) : g.size));
}

function channelsOf(axis: ChannelAxis, counts: readonly number[] | null): number {
  return axis.segments.reduce((n, s) => n + (counts ? counts[s.id]! : s.size), 0);
}

/** MACs per sample of the model after keeping `counts[g]` channels of each group. */
export function predictMacs(graph: ChannelGraph, counts: readonly number[]): number {
  let total = graph.totalMacs;
  for (const l of graph.layers) {
    if (l.macs === 0) continue;
    const outScale = channelsOf(l.output, counts) / channelsOf(l.output, null);
    const inScale = l.role === 'depthwise' ? 1 : channelsOf(l.input, counts) / channelsOf(l.input, null);
    total += l.macs * inScale * outScale - l.macs;
  }
  return Math.round(total);
}

/** Bisection steps: the keep ratio is then resolved to 2⁻⁵² of [0, 1], beyond any group's rounding step. */
const BISECTION_STEPS = 52;

/**
 * The largest uniform keep ratio whose pruned model has at most `targetMacs`
 * MACs. The caller checks that keeping one channel per group meets the target.
 */
export function searchKeepRatio(graph: ChannelGraph, targetMacs: number): number {
  const fits = (r: number) => predictMacs(graph, keepCounts(graph, r)) <= targetMacs;
  if (fits(1)) return 1;
  let lo = 0;
  let hi = 1;
  for (let i = 0; i < BISECTION_STEPS; i++) {
    const mid = (lo + hi) / 2;
    if (fits(mid)) lo = mid;
    else hi = mid;
  }
  return lo;
}

/** Indices of the `count` highest scores, ascending; a tie keeps the lower index. */
export function selectChannels(scores: ArrayLike<number>, count: number): Int32Array {
  const negated = Float64Array.from(scores, (s) => -s);
  return ascendingOrder(negated).slice(0, count).sort();
}

/** Kept channels per group (ascending), from importance scores and keep counts. */
export function planChannels(graph: ChannelGraph, counts: readonly number[], scores: readonly Float64Array[]): Int32Array[] {
  return graph.groups.map((g, i) => {
    if (!g.prunable || counts[i] === g.size) return Int32Array.from({ length: g.size }, (_, c) => c);
    return selectChannels(scores[i]!, counts[i]!);
  });
}

/**
 * Kept positions along an axis: for each segment in order, the kept channels
 * of its group shifted by the segment's offset; with a repeat S (after a
 * Flatten), channel c stands for features c·S .. c·S + S − 1.
 */
export function keptPositions(axis: ChannelAxis, keep: readonly Int32Array[]): Int32Array {
  const channels: number[] = [];
  let offset = 0;
  for (const s of axis.segments) {
    for (const c of keep[s.id]!) channels.push(offset + c);
    offset += s.size;
  }
  const S = axis.repeat;
  const out = new Int32Array(channels.length * S);
  channels.forEach((c, k) => {
    for (let j = 0; j < S; j++) out[k * S + j] = c * S + j;
  });
  return out;
}
