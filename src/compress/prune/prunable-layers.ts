/**
 * Which weights pruning may touch: the weight tensors of Conv1d, Conv2d and
 * Linear layers. Biases and batch-norm parameters are left dense, as in Han
 * et al. 2015 ("Learning both Weights and Connections for Efficient Neural
 * Networks", NeurIPS, §3), where they are a small share of the parameters and
 * the savings come from the weight matrices.
 */
import type { Tensor } from '../../engine/index.js';
import { Conv1d, Conv2d, Linear, type Module } from '../../nn/index.js';

/** A layer whose weight may be pruned. */
export type PrunableLayer = Conv1d | Conv2d | Linear;

/** Which prunable layers to prune: their paths ('stack1.main.conv1'), or a predicate. Default: all. */
export type LayerSelection = readonly string[] | ((path: string, layer: PrunableLayer) => boolean);

export interface PrunableWeight {
  /** Path of the layer in the model ('stack1.main.conv1'). */
  layerPath: string;
  /** Dotted name of the weight parameter ('stack1.main.conv1.weight'); masks are keyed by it. */
  name: string;
  layer: PrunableLayer;
  weight: Tensor;
}

export function isPrunableLayer(m: Module): m is PrunableLayer {
  return m instanceof Conv1d || m instanceof Conv2d || m instanceof Linear;
}

function weightName(layerPath: string): string {
  return layerPath === '' ? 'weight' : `${layerPath}.weight`;
}

/**
 * The prunable weights of `model` in module order, narrowed by `include`.
 * Throws, naming it, for a listed path that is not a layer of the model or
 * not a Conv1d/Conv2d/Linear; and when the selection is empty.
 */
export function prunableWeights(model: Module, include: LayerSelection | undefined, who: string): PrunableWeight[] {
  const modules = model.namedModules();
  if (Array.isArray(include)) {
    const byPath = new Map(modules);
    for (const p of include as readonly string[]) {
      const m = byPath.get(p);
      if (!m) throw new RangeError(`${who}: include names "${p}", which is not a module of ${model.typeName}`);
      if (!isPrunableLayer(m)) throw new TypeError(`${who}: include names ${m.typeName} "${p}"; only Conv1d, Conv2d and Linear weights can be pruned`);
    }
  } else if (include !== undefined && typeof include !== 'function') {
    throw new TypeError(`${who}: include must be an array of layer paths or a function (path, layer) => boolean`);
  }
  const picked = modules.filter(([path, m]) => {
    if (!isPrunableLayer(m)) return false;
    if (include === undefined) return true;
    return Array.isArray(include) ? (include as readonly string[]).includes(path) : (include as (p: string, l: PrunableLayer) => boolean)(path, m);
  });
  if (picked.length === 0) throw new RangeError(`${who}: no Conv1d, Conv2d or Linear layer of ${model.typeName} is selected for pruning`);
  return picked.map(([path, m]) => {
    const layer = m as PrunableLayer;
    return { layerPath: path, name: weightName(path), layer, weight: layer.weight };
  });
}
