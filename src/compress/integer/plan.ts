/**
 * The fusion plan: what the integer-only model will be, read off the float
 * model's structure before any numbers are computed. A convolution or
 * linear layer absorbs the BatchNorm and the ReLU/ReLU6 that follow it in a
 * Sequential (BatchNorm folding, Jacob et al. 2018 sec. 3.2; Conv+ReLU
 * fusion, sec. 2.4: the activation becomes the clamp of the requantization),
 * a Residual keeps its main path and shortcut and fuses its activation into
 * the quantized addition, Dropout and Identity vanish (they are identities
 * at inference), pooling, flattening, unflattening and nearest-neighbour
 * upsampling map one to one (the last three only move int8 values, which
 * keep their scale and zero point: decoder-style models run as they are).
 *
 * Every layer the integer path cannot run is collected with its path and
 * type, and all of them are reported in one error before any work starts.
 */
import {
  AvgPool1d,
  AvgPool2d,
  BatchNorm,
  BatchNorm1d,
  BatchNorm2d,
  Conv1d,
  Conv2d,
  Dropout,
  Flatten,
  GlobalAvgPool,
  Identity,
  TrainingOnly,
  Linear,
  MaxPool1d,
  MaxPool2d,
  Module,
  ReLU,
  ReLU6,
  Residual,
  Sequential,
  Unflatten,
  Upsample,
} from '../../nn/index.js';
import type { Pads2d, Pair } from '../../engine/index.js';

/** An activation fused into the requantization clamp. */
export type FusedActivation = 'relu' | 'relu6' | null;

export type WeightedLayer = Conv1d | Conv2d | Linear;

/** A convolution or linear layer with the BatchNorm and activation it absorbs. */
export interface WeightedGroup {
  readonly kind: 'weighted';
  /** Path of the convolution/linear layer; the quantized layer keeps it. */
  readonly path: string;
  readonly layer: WeightedLayer;
  readonly batchNorm: BatchNorm | null;
  readonly activation: FusedActivation;
}

export interface SequenceNode {
  readonly kind: 'sequence';
  readonly path: string;
  /** The children that remain after fusion, under their own names. */
  readonly children: readonly { readonly name: string; readonly node: PlanNode }[];
}

export interface ResidualNode {
  readonly kind: 'residual';
  readonly path: string;
  readonly main: PlanNode;
  /** null: the identity shortcut. */
  readonly shortcut: PlanNode | null;
  readonly activation: FusedActivation;
}

/** Average pooling; `window` null pools each channel's whole map (GlobalAvgPool). */
export interface AvgPoolNode {
  readonly kind: 'avgPool';
  readonly path: string;
  readonly dims: 1 | 2;
  readonly window: PoolWindow | null;
}

export interface MaxPoolNode {
  readonly kind: 'maxPool';
  readonly path: string;
  readonly dims: 1 | 2;
  readonly window: PoolWindow;
}

export interface FlattenNode {
  readonly kind: 'flatten';
  readonly path: string;
  readonly startAxis: number;
}

/** [N, F] -> [N, ...shape] (nn Unflatten): a reshape of the int8 data. */
export interface UnflattenNode {
  readonly kind: 'unflatten';
  readonly path: string;
  readonly shape: readonly number[];
}

/**
 * Nearest-neighbour upsampling (nn Upsample) of [N, C, W] or [N, C, H, W]:
 * every output is a copy of one input, so the int8 values are copied and
 * keep the input's scale and zero point, with no requantization.
 */
export interface UpsampleNode {
  readonly kind: 'upsample';
  readonly path: string;
  readonly scaleFactor: number;
}

/** A pooling window as the 2-D primitives take it (1-D pools run on [N, C, 1, W]). */
export interface PoolWindow {
  readonly kernel: Pair;
  readonly stride: Pair;
  readonly pad: Pads2d;
}

export type PlanNode = WeightedGroup | SequenceNode | ResidualNode | AvgPoolNode | MaxPoolNode | FlattenNode | UnflattenNode | UpsampleNode;

function joinPath(prefix: string, name: string): string {
  return prefix === '' ? name : `${prefix}.${name}`;
}

function describe(path: string, m: Module): string {
  return `${m.typeName} "${path === '' ? '(root)' : path}"`;
}

function activationOf(m: Module | null | undefined): FusedActivation | undefined {
  if (m instanceof ReLU) return 'relu';
  if (m instanceof ReLU6) return 'relu6';
  return undefined;
}

/** Identities at inference: Dropout, Identity, and a TrainingOnly branch (a VAE's log-variance head). */
function isPassThrough(m: Module): boolean {
  return m instanceof Dropout || m instanceof Identity || m instanceof TrainingOnly;
}

function isWeighted(m: Module): m is WeightedLayer {
  return m instanceof Conv1d || m instanceof Conv2d || m instanceof Linear;
}

/** The BatchNorm kinds that normalise a layer's output channels (as hD's foldBatchNorm pairs them). */
function batchNormFits(layer: WeightedLayer, bn: BatchNorm): boolean {
  const channels = layer instanceof Linear ? layer.outFeatures : layer.outChannels;
  const kind = layer instanceof Conv2d ? bn instanceof BatchNorm2d : bn instanceof BatchNorm1d;
  return kind && bn.numFeatures === channels;
}

class Planner {
  readonly problems: string[] = [];

  node(m: Module, path: string): PlanNode | null {
    if (m instanceof Sequential) return this.sequence(m, path);
    if (m instanceof Residual) return this.residual(m, path);
    if (isWeighted(m)) return { kind: 'weighted', path, layer: m, batchNorm: null, activation: null };
    if (isPassThrough(m)) return null;
    const simple = simpleNode(m, path);
    if (simple !== undefined) return simple;
    this.problems.push(unsupported(m, path));
    return null;
  }

  private sequence(seq: Sequential, path: string): SequenceNode {
    const items = seq.namedChildren();
    const children: { name: string; node: PlanNode }[] = [];
    for (let i = 0; i < items.length; i++) {
      const [name, m] = items[i]!;
      const childPath = joinPath(path, name);
      if (!isWeighted(m)) {
        const node = this.node(m, childPath);
        if (node) children.push({ name, node });
        continue;
      }
      // Absorb what follows: [Dropout/Identity]* BatchNorm? [Dropout/Identity]* ReLU|ReLU6?
      let j = skipPassThrough(items, i + 1);
      let batchNorm: BatchNorm | null = null;
      const next = items[j]?.[1];
      if (next instanceof BatchNorm) {
        if (!batchNormFits(m, next)) this.problems.push(`${describe(joinPath(path, items[j]![0]), next)} does not match the output channels of ${describe(childPath, m)}`);
        batchNorm = next;
        j = skipPassThrough(items, j + 1);
      }
      const activation = activationOf(items[j]?.[1]);
      if (activation !== undefined) j++;
      children.push({ name, node: { kind: 'weighted', path: childPath, layer: m, batchNorm, activation: activation ?? null } });
      i = j - 1;
    }
    return { kind: 'sequence', path, children };
  }

  private residual(r: Residual, path: string): ResidualNode | null {
    const main = this.node(r.main, joinPath(path, 'main'));
    const shortcutModule = r.shortcut && !isPassThrough(r.shortcut) ? r.shortcut : null;
    const shortcut = shortcutModule ? this.node(shortcutModule, joinPath(path, 'shortcut')) : null;
    let activation: FusedActivation = null;
    if (r.activation && !isPassThrough(r.activation)) {
      const a = activationOf(r.activation);
      if (a === undefined) this.problems.push(`${unsupported(r.activation, joinPath(path, 'activation'))} (a residual's activation must be ReLU or ReLU6, fused into the quantized addition)`);
      activation = a ?? null;
    }
    if (main === null) {
      this.problems.push(`${describe(path, r)}: its main path computes nothing the integer path can run`);
      return null;
    }
    return { kind: 'residual', path, main, shortcut, activation };
  }
}

function skipPassThrough(items: readonly [string, Module][], from: number): number {
  let j = from;
  while (j < items.length && isPassThrough(items[j]![1])) j++;
  return j;
}

/** Pools and the layers that only move data, or undefined when `m` is none of them. */
function simpleNode(m: Module, path: string): PlanNode | undefined {
  if (m instanceof GlobalAvgPool) return { kind: 'avgPool', path, dims: 2, window: null };
  if (m instanceof AvgPool2d) return { kind: 'avgPool', path, dims: 2, window: window2d(m.kernelSize, m.stride, m.padding) };
  if (m instanceof AvgPool1d) return { kind: 'avgPool', path, dims: 1, window: window1d(m.kernelSize, m.stride, m.padding) };
  if (m instanceof MaxPool2d) return { kind: 'maxPool', path, dims: 2, window: window2d(m.kernelSize, m.stride, m.padding) };
  if (m instanceof MaxPool1d) return { kind: 'maxPool', path, dims: 1, window: window1d(m.kernelSize, m.stride, m.padding) };
  if (m instanceof Flatten) return { kind: 'flatten', path, startAxis: m.startAxis };
  if (m instanceof Unflatten) return { kind: 'unflatten', path, shape: [...m.shape] };
  if (m instanceof Upsample) return { kind: 'upsample', path, scaleFactor: m.scaleFactor };
  return undefined;
}

function window2d(kernel: Pair, stride: Pair, padding: Pair): PoolWindow {
  return { kernel: [kernel[0], kernel[1]], stride: [stride[0], stride[1]], pad: [padding[0], padding[1], padding[0], padding[1]] };
}

function window1d(kernel: number, stride: number, padding: number): PoolWindow {
  return { kernel: [1, kernel], stride: [1, stride], pad: [0, padding, 0, padding] };
}

function unsupported(m: Module, path: string): string {
  const why =
    m instanceof BatchNorm ? 'a BatchNorm is only supported right after a Conv1d/Conv2d/Linear in a Sequential, where it is folded'
    : activationOf(m) !== undefined ? 'ReLU/ReLU6 are only supported right after a Conv1d/Conv2d/Linear (or its BatchNorm) or as a Residual\'s activation, where they are fused'
    : 'the integer path supports Conv1d, Conv2d, Linear, BatchNorm (folded), ReLU/ReLU6 (fused), Residual, Sequential, average/max pooling, GlobalAvgPool, Flatten, Unflatten, Upsample (nearest), Dropout, Identity and TrainingOnly';
  return `${describe(path, m)} is not supported: ${why}`;
}

/**
 * The plan of `model`, or an error listing every unsupported layer by path
 * and type. Average pooling that leaves padded cells out of the divisor
 * (countIncludePad false with padding) is unsupported too: its divisor
 * changes along the border, which a single requantization cannot express.
 */
export function planQuantization(model: Module, who = 'quantizeModel'): PlanNode {
  if (!(model instanceof Module)) throw new TypeError(`${who}: model must be a Module, got ${model === null ? 'null' : typeof model}`);
  const planner = new Planner();
  const root = planner.node(model, '');
  for (const [path, m] of model.namedModules()) {
    if ((m instanceof AvgPool2d || m instanceof AvgPool1d) && !m.countIncludePad && [m.padding].flat().some((p) => p > 0)) {
      planner.problems.push(`${describe(path, m)} is not supported: padding with countIncludePad false changes the divisor at the border; use countIncludePad true or no padding`);
    }
  }
  if (root === null && planner.problems.length === 0) planner.problems.push(`${describe('', model)} computes nothing the integer path can run`);
  if (planner.problems.length > 0) {
    const list = planner.problems;
    throw new RangeError(`${who}(${model.typeName}): ${list.length === 1 ? list[0] : `${list.length} layers cannot be quantized:\n  - ${list.join('\n  - ')}`}`);
  }
  return root!;
}

/** Every weighted group of the plan, in execution order. */
export function weightedGroups(node: PlanNode): WeightedGroup[] {
  switch (node.kind) {
    case 'weighted': return [node];
    case 'sequence': return node.children.flatMap((c) => weightedGroups(c.node));
    case 'residual': return [...weightedGroups(node.main), ...(node.shortcut ? weightedGroups(node.shortcut) : [])];
    case 'avgPool':
    case 'maxPool':
    case 'flatten':
    case 'unflatten':
    case 'upsample':
      return [];
    default:
      return node satisfies never;
  }
}
