/**
 * The float pass: the fusion plan run in float32 over all calibration
 * batches, one plan node at a time (every batch goes through a node before
 * the next node starts). Each weighted group runs with the float weights a
 * hook chooses after seeing the group's inputs — the folded float weights
 * for calibrating the int8 model, or dequantized low-bit weights whose
 * per-channel statistics the hook corrects first (nested/) — and every
 * quantization point's values go to an observer hook.
 *
 * Quantization points: the model input (INPUT_POINT), the output of each
 * weighted group (its path), of each residual addition (the residual's
 * path) and of each average pool (its path). Max pooling, flattening,
 * unflattening and upsampling keep their input's quantization.
 */
import {
  add,
  avgPool2d,
  conv2d,
  formatShape,
  globalAvgPool,
  matmul,
  maxPool2d,
  noGrad,
  relu,
  relu6,
  tidy,
  type Tensor,
} from '../../engine/index.js';
import { Upsample } from '../../nn/index.js';
import { conv2dOptions, convGeometry } from './conv-geometry.js';
import type { FusedActivation, PlanNode, PoolWindow, UnflattenNode, UpsampleNode, WeightedGroup } from './plan.js';

/** The point of the model input; module paths never contain '<'. */
export const INPUT_POINT = '<input>';

export interface GroupWeights {
  /** float32, the layer's weight shape. */
  readonly weight: Tensor;
  /** float32 [C]. */
  readonly bias: Tensor;
}

export interface FloatPassHooks {
  /** The float weight and bias `group` runs with; called once, with every batch's input to the group. */
  groupWeights(group: WeightedGroup, inputs: readonly Tensor[]): GroupWeights;
  /** Every batch's values at a quantization point. */
  observe(point: string, values: readonly Tensor[]): void;
}

/** Runs the pass; every tensor it makes is released when it returns. */
export function runFloatPass(plan: PlanNode, batches: readonly Tensor[], hooks: FloatPassHooks): void {
  noGrad(() =>
    tidy(() => {
      hooks.observe(INPUT_POINT, batches);
      runNode(plan, batches, hooks);
    }),
  );
}

function perBatch(xs: readonly Tensor[], f: (x: Tensor) => Tensor): Tensor[] {
  return xs.map((x) => tidy(() => f(x)));
}

function release(ts: readonly Tensor[], keep: readonly Tensor[]): void {
  for (const t of ts) if (!keep.includes(t)) t.dispose();
}

function runNode(node: PlanNode, xs: readonly Tensor[], hooks: FloatPassHooks): Tensor[] {
  switch (node.kind) {
    case 'weighted': {
      checkGroupInput(node, xs[0]!);
      const w = hooks.groupWeights(node, xs);
      const ys = perBatch(xs, (x) => applyActivation(groupPreActivation(node, x, w), node.activation));
      hooks.observe(node.path, ys);
      return ys;
    }
    case 'sequence': {
      let cur: readonly Tensor[] = xs;
      for (const { node: child } of node.children) {
        const next = runNode(child, cur, hooks);
        if (cur !== xs) release(cur, [...next, ...xs]);
        cur = next;
      }
      return [...cur];
    }
    case 'residual': {
      const main = runNode(node.main, xs, hooks);
      const short = node.shortcut ? runNode(node.shortcut, xs, hooks) : xs;
      const ys = main.map((m, i) => tidy(() => applyActivation(add(m, short[i]!), node.activation)));
      release(main, xs);
      if (short !== xs) release(short, xs);
      hooks.observe(node.path, ys);
      return ys;
    }
    case 'avgPool': {
      const ys = perBatch(xs, (x) => (node.window === null ? globalAvgPool(x) : pool2d(x, node.dims, node.window, 'avg')));
      hooks.observe(node.path, ys);
      return ys;
    }
    case 'maxPool':
      return perBatch(xs, (x) => pool2d(x, node.dims, node.window, 'max'));
    case 'flatten':
      return perBatch(xs, (x) => x.flatten(node.startAxis));
    case 'unflatten':
      checkUnflattenInput(node, xs[0]!);
      return perBatch(xs, (x) => x.reshape([x.shape[0]!, ...node.shape]));
    case 'upsample': {
      checkUpsampleInput(node, xs[0]!);
      const layer = new Upsample(node.scaleFactor);
      return perBatch(xs, (x) => layer.forward(x));
    }
    default:
      return node satisfies never;
  }
}

function pool2d(x: Tensor, dims: 1 | 2, window: PoolWindow, kind: 'avg' | 'max'): Tensor {
  const x4 = dims === 1 ? x.reshape([x.shape[0]!, x.shape[1]!, 1, x.shape[2]!]) : x;
  const y = kind === 'max' ? maxPool2d(x4, window) : avgPool2d(x4, { ...window, countIncludePad: true });
  return dims === 1 ? y.reshape([y.shape[0]!, y.shape[1]!, y.shape[3]!]) : y;
}

/** The float model would fail here too; say so in its terms (path, expected layout) before any hook runs. */
function checkGroupInput(group: WeightedGroup, x: Tensor): void {
  const layer = group.layer;
  const where = `${layer.typeName} "${group.path}"`;
  if (!('kernelSize' in layer)) {
    if (x.rank !== 2 || x.shape[1] !== layer.inFeatures) throw new RangeError(`${where}: input has shape ${formatShape(x.shape)}; the integer path needs [N, ${layer.inFeatures}] (add a Flatten before it)`);
    return;
  }
  const rank = convGeometry(layer).dims + 2;
  if (x.rank !== rank || x.shape[1] !== layer.inChannels) throw new RangeError(`${where}: input has shape ${formatShape(x.shape)}, expected rank ${rank} with ${layer.inChannels} channels`);
}

function checkUnflattenInput(node: UnflattenNode, x: Tensor): void {
  const features = node.shape.reduce((a, b) => a * b, 1);
  if (x.rank !== 2 || x.shape[1] !== features) {
    throw new RangeError(`Unflatten "${node.path}": input has shape ${formatShape(x.shape)}, expected [N, ${features}] to unflatten to [N, ${node.shape.join(', ')}]`);
  }
}

function checkUpsampleInput(node: UpsampleNode, x: Tensor): void {
  if (x.rank !== 3 && x.rank !== 4) throw new RangeError(`Upsample "${node.path}": input has shape ${formatShape(x.shape)}, expected [N, C, W] or [N, C, H, W]`);
}

export function applyActivation(y: Tensor, activation: FusedActivation): Tensor {
  switch (activation) {
    case null: return y;
    case 'relu': return relu(y);
    case 'relu6': return relu6(y);
    default: return activation satisfies never;
  }
}

/** The group's output before its activation: conv or x·Wᵀ, plus the bias. */
export function groupPreActivation(group: WeightedGroup, x: Tensor, w: GroupWeights): Tensor {
  const layer = group.layer;
  const channels = layer.weight.shape[0]!;
  if (!('kernelSize' in layer)) {
    return add(matmul(x, w.weight, { transB: true }), w.bias);
  }
  const g = convGeometry(layer);
  const x4 = g.dims === 1 ? x.reshape([x.shape[0]!, x.shape[1]!, 1, x.shape[2]!]) : x;
  const w4 = g.dims === 1 ? w.weight.reshape([channels, w.weight.shape[1]!, 1, w.weight.shape[2]!]) : w.weight;
  const y = add(conv2d(x4, w4, conv2dOptions(g, x4.shape[2]!, x4.shape[3]!)), w.bias.reshape([1, channels, 1, 1]));
  return g.dims === 1 ? y.reshape([y.shape[0]!, channels, y.shape[3]!]) : y;
}
