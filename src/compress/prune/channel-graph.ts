/**
 * Dependency analysis for channel pruning: which channels of which layers
 * must go together. The module tree is walked in forward order with the
 * channel axis of the flowing tensor (channel-spaces.ts):
 *
 *   Conv1d/Conv2d (groups 1), Linear   read the axis, open a space for their outputs
 *   depthwise conv (groups = in = out) reads and writes the same channels
 *   BatchNorm1d/2d                      per channel: keeps the axis
 *   activations, Dropout, Identity, pooling (incl. GlobalAvgPool), Upsample: keep the axis
 *   Flatten (from axis 1)               each channel becomes S consecutive features (S = map cells; 1 after a global pool)
 *   Sequential                          in order
 *   Residual                            ties the main path's output to the shortcut's (or to its input for an identity shortcut)
 *   Concat on channels                  joins the branches' segments
 *
 * Tied spaces form the channel groups (as the dependency graphs of Fang et
 * al. 2023, "DepGraph: Towards Any Structural Pruning", CVPR); in ResNet-8 the
 * stem and stack 1 are one group. The channels of the model's input and
 * output are never pruned. A module the walk does not know, a grouped
 * convolution or a module used twice is an error naming it, raised before
 * anything is changed. Spatial sizes (for Flatten) and MACs come from one
 * measured forward pass (nn's `summarize`).
 */
import { formatShape, type Shape } from '../../engine/index.js';
import {
  Activation, AvgPool1d, AvgPool2d, BatchNorm1d, BatchNorm2d, Concat, Conv1d, Conv2d, Dropout, Flatten, GlobalAvgPool,
  Identity, Linear, MaxPool1d, MaxPool2d, Residual, Sequential, summarize, Upsample, type LayerSummary, type Module, type ModelSummary,
} from '../../nn/index.js';
import { ChannelSpaces, type ChannelAxis } from './channel-spaces.js';

/** How a layer relates to channels: 'conv'/'linear' map input channels to a new space; 'depthwise'/'batchnorm' act per channel. */
export type LayerRole = 'conv' | 'linear' | 'depthwise' | 'batchnorm';

/** A layer the pruner may rebuild, and where it hangs in the tree. */
export interface GraphLayer {
  path: string;
  module: Conv1d | Conv2d | Linear | BatchNorm1d | BatchNorm2d;
  /** The container holding it (null for a root layer) and its name there. */
  parent: Module | null;
  name: string;
  role: LayerRole;
  /** Channels (features) read and written, as segments of channel groups once resolved. */
  input: ChannelAxis;
  output: ChannelAxis;
  /** MACs per sample at the analysed input shape. */
  macs: number;
}

export interface ChannelGroupMember {
  layer: GraphLayer;
  /** Channel c of the group is channel offset + c of the layer's output. */
  offset: number;
}

export interface ChannelGroup {
  id: number;
  /** Channels in the group. */
  size: number;
  /** False when the channels reach the model's input or output. */
  prunable: boolean;
  /** Layers writing these channels: producers (conv, linear) and per-channel layers (depthwise, batch norm). */
  members: ChannelGroupMember[];
}

export interface ChannelGraph {
  groups: ChannelGroup[];
  /** Conv, linear, depthwise and batch-norm layers in forward order. */
  layers: GraphLayer[];
  /** MACs per sample of the whole model at the analysed input shape. */
  totalMacs: number;
  inputShape: number[];
}

/** Containers and pass-through layers whose forward the walk knows (a subclass must not override forward). */
const PASS_THROUGH = [Identity, Dropout, MaxPool1d, MaxPool2d, AvgPool1d, AvgPool2d, GlobalAvgPool, Upsample] as const;

function usesForwardOf(m: Module, cls: abstract new (...args: never[]) => Module): boolean {
  return m instanceof cls && m.forward === cls.prototype.forward;
}

class GraphWalk {
  readonly spaces = new ChannelSpaces();
  readonly layers: GraphLayer[] = [];
  private readonly seen = new Set<Module>();
  private readonly rows = new Map<string, LayerSummary>();

  constructor(summary: ModelSummary) {
    for (const r of summary.layers) {
      if (this.rows.has(r.name)) throw new RangeError(`analyzeChannels: ${r.type} "${r.name}" runs more than once per forward pass; channel pruning needs each layer used once`);
      this.rows.set(r.name, r);
    }
  }

  private fail(m: Module, why: string): never {
    throw new RangeError(`analyzeChannels: ${m.typeName} "${m.path}" ${why}; nothing was changed`);
  }

  private row(m: Module): LayerSummary {
    const r = this.rows.get(m.path);
    if (!r) this.fail(m, 'is not reached through call() in the forward pass');
    return r;
  }

  private add(m: GraphLayer['module'], parent: Module | null, name: string, role: LayerRole, input: ChannelAxis, output: ChannelAxis): ChannelAxis {
    this.layers.push({ path: m.path, module: m, parent, name, role, input, output, macs: this.row(m).macs });
    return output;
  }

  private expectChannelAxis(m: Module, x: ChannelAxis): void {
    if (x.repeat !== 1) this.fail(m, 'follows a Flatten over a spatial map; only Linear layers and elementwise layers may come after it');
  }

  flow(m: Module, x: ChannelAxis, parent: Module | null, name: string): ChannelAxis {
    if (this.seen.has(m)) this.fail(m, 'appears twice in the model (a shared module)');
    this.seen.add(m);
    if (usesForwardOf(m, Sequential)) return m.namedChildren().reduce((a, [n, c]) => this.flow(c, a, m, n), x);
    if (usesForwardOf(m, Residual)) return this.residual(m as Residual, x);
    if (usesForwardOf(m, Concat)) return this.concat(m as Concat, x);
    if (m.constructor === Conv1d || m.constructor === Conv2d) return this.conv(m as Conv1d | Conv2d, x, parent, name);
    if (m.constructor === Linear) return this.linear(m as Linear, x, parent, name);
    if (m.constructor === BatchNorm1d || m.constructor === BatchNorm2d) {
      this.expectChannelAxis(m, x);
      return this.add(m as BatchNorm1d | BatchNorm2d, parent, name, 'batchnorm', x, x);
    }
    if (m.constructor === Flatten) return this.flatten(m as Flatten, x);
    if (m instanceof Activation || PASS_THROUGH.some((cls) => usesForwardOf(m, cls))) return x;
    return this.fail(m, 'is a module channel pruning does not know (known: Sequential, Residual, Concat, Conv1d, Conv2d, Linear, BatchNorm1d/2d, activations, pooling, Flatten, Dropout, Identity, Upsample)');
  }

  private residual(r: Residual, x: ChannelAxis): ChannelAxis {
    const main = this.flow(r.main, x, r, 'main');
    const short = r.shortcut ? this.flow(r.shortcut, x, r, 'shortcut') : x;
    const why = this.spaces.uniteAxes(main, short);
    if (why) this.fail(r, `adds its main path to its ${r.shortcut ? 'shortcut' : 'input'} but ${why}`);
    return r.activation ? this.flow(r.activation, main, r, 'activation') : main;
  }

  private concat(c: Concat, x: ChannelAxis): ChannelAxis {
    const outs = c.namedChildren().map(([n, b]) => this.flow(b, x, c, n));
    if (c.axis !== 1) {
      // Joined along a spatial axis: every branch shares the channel axis.
      for (const o of outs.slice(1)) {
        const why = this.spaces.uniteAxes(outs[0]!, o);
        if (why) this.fail(c, `joins branches along axis ${c.axis} but ${why}`);
      }
      return outs[0]!;
    }
    outs.forEach((o) => this.expectChannelAxis(c, o));
    return { segments: outs.flatMap((o) => o.segments), repeat: 1 };
  }

  private conv(m: Conv1d | Conv2d, x: ChannelAxis, parent: Module | null, name: string): ChannelAxis {
    this.expectChannelAxis(m, x);
    if (m.groups === 1) return this.add(m, parent, name, 'conv', x, this.spaces.open(m.outChannels));
    if (m.groups === m.inChannels && m.inChannels === m.outChannels) return this.add(m, parent, name, 'depthwise', x, x);
    return this.fail(m, `is a grouped convolution (groups = ${m.groups}, ${m.inChannels} in, ${m.outChannels} out); channel pruning handles groups = 1 and depthwise (groups = in = out) only`);
  }

  private linear(m: Linear, x: ChannelAxis, parent: Module | null, name: string): ChannelAxis {
    const shape = this.row(m).inputShape;
    if (shape.length !== 1) this.fail(m, `reads a per-sample input of shape ${formatShape(shape)}; a Linear acts on the last axis, so channel pruning needs it after a Flatten or a global pool`);
    return this.add(m, parent, name, 'linear', x, this.spaces.open(m.outFeatures));
  }

  private flatten(m: Flatten, x: ChannelAxis): ChannelAxis {
    // Flatten from axis 2 on merges spatial axes only; the channel axis is untouched.
    if (m.startAxis >= 2) return x;
    const cells = this.row(m).inputShape.slice(1).reduce((a, b) => a * b, 1);
    return { segments: x.segments, repeat: x.repeat * cells };
  }
}

/** Resolves segment ids from spaces to groups, and collects each group's members. */
function resolveGroups(walk: GraphWalk): ChannelGroup[] {
  const groupOf = new Map<number, number>();
  const groups: ChannelGroup[] = [];
  const idOf = (space: number): number => {
    const root = walk.spaces.find(space);
    let g = groupOf.get(root);
    if (g === undefined) {
      g = groups.length;
      groupOf.set(root, g);
      groups.push({ id: g, size: walk.spaces.sizeOf(root), prunable: !walk.spaces.isFixed(root), members: [] });
    }
    return g;
  };
  const resolve = (a: ChannelAxis): ChannelAxis => {
    const leaves = walk.spaces.leafAxis(a);
    return { segments: leaves.segments.map((s) => ({ id: idOf(s.id), size: s.size })), repeat: a.repeat };
  };
  for (const l of walk.layers) {
    l.input = resolve(l.input);
    l.output = resolve(l.output);
    let offset = 0;
    for (const s of l.output.segments) {
      groups[s.id]!.members.push({ layer: l, offset });
      offset += s.size;
    }
  }
  return groups;
}

/** The channel graph of `model` from a summary already measured at `summary.inputShape`. */
export function channelGraphFrom(model: Module, summary: ModelSummary): ChannelGraph {
  const walk = new GraphWalk(summary);
  const input = walk.spaces.open(summary.inputShape[0]!);
  walk.spaces.fix(input);
  const output = walk.flow(model, input, null, '');
  walk.spaces.fix(output);
  return { groups: resolveGroups(walk), layers: walk.layers, totalMacs: summary.totalMacs, inputShape: [...summary.inputShape] };
}

/** Analyses which channels of `model` can be pruned together, for one sample of `inputShape` (no batch axis). Changes nothing. */
export function analyzeChannels(model: Module, inputShape: Shape): ChannelGraph {
  return channelGraphFrom(model, summarize(model, inputShape));
}
