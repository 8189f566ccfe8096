/**
 * Quantization-aware training (Jacob et al. 2018, sec. 3): the model trains
 * through fake quantization, so it learns weights that survive rounding.
 * `prepareQat` rewrites a model in place:
 *
 *  - every Conv1d/Conv2d/Linear becomes a FakeQuantizedLayer (weights fake-
 *    quantized per output channel, symmetric, `weightBits`);
 *  - the quantization point of its output is the activation that follows it
 *    in a Sequential (Identity placeholders, e.g. folded batch norms,
 *    skipped), which becomes a FakeQuantizedActivation — ReLU then clips
 *    before quantizing, as the fused integer kernels do; without one, the
 *    layer's own output is fake-quantized. Per tensor, `activationBits`,
 *    range by EMA in training mode, frozen in eval mode.
 *
 * Batch norms must be folded first (foldBatchNorm): the integer model has
 * none, and a batch norm between a layer and its quantization point would
 * train a model that cannot be converted. The model input and the outputs
 * of residual additions are not fake-quantized here; their ranges come from
 * calibration (calibrateActivations).
 *
 * `stripQat` undoes the rewrite and hands back the learned ranges, keyed by
 * the module paths `calibrateActivations` uses, for the converter.
 */
import { Activation, BatchNorm, Identity, Module, Sequential } from '../../nn/index.js';
import type { ClipRange } from './calibration/histogram-density.js';
import { DEFAULT_EMA_DECAY, EmaRange } from './ema-range.js';
import { FakeQuantizedActivation, FakeQuantizedLayer, OutputQuantizer } from './fake-quantized-modules.js';
import { checkBits } from './qparams.js';
import { isWeightedLayer, type WeightedLayer } from './weighted-layer.js';

export interface QatOptions {
  /** Weight bit width (symmetric per channel). Default 8. */
  weightBits?: number;
  /** Activation bit width (asymmetric per tensor, signed). Default 8. */
  activationBits?: number;
  /** EMA decay of the activation ranges. Default 0.99. */
  emaDecay?: number;
  /** Starting ranges by module path (e.g. from calibrateActivations); others start at the first training batch. */
  ranges?: ReadonlyMap<string, ClipRange>;
}

export interface QatLayerInfo {
  /** Path of the Conv/Linear layer. */
  layer: string;
  weightBits: number;
  /** Path of the module whose output is fake-quantized: the following activation, or the layer itself. */
  output: string;
}

export interface QatModel {
  /** The model passed in, rewritten in place. */
  model: Module;
  layers: QatLayerInfo[];
  /** The current learned ranges by output path (absent until observed). */
  activationRanges(): Map<string, ClipRange>;
}

interface Plan {
  parent: Module;
  layerName: string;
  layerPath: string;
  layer: WeightedLayer;
  /** The activation sibling whose output is quantized, if any. */
  activation: { name: string; path: string; module: Activation } | null;
}

function joinPath(prefix: string, name: string): string {
  return prefix === '' ? name : `${prefix}.${name}`;
}

export function prepareQat(model: Module, options: QatOptions = {}): QatModel {
  const weightBits = options.weightBits ?? 8;
  const activationBits = options.activationBits ?? 8;
  const decay = options.emaDecay ?? DEFAULT_EMA_DECAY;
  checkBits(weightBits, 'prepareQat: weightBits');
  checkBits(activationBits, 'prepareQat: activationBits');
  if (!(decay >= 0 && decay < 1)) throw new RangeError(`prepareQat: emaDecay must be in [0, 1), got ${decay}`);
  if (!(model instanceof Module)) throw new TypeError('prepareQat: model must be a Module');
  const plans = planWrapping(model);
  const initial = (path: string): ClipRange | null => options.ranges?.get(path) ?? null;
  const layers = plans.map((p) => {
    const outputPath = p.activation?.path ?? p.layerPath;
    const quantizer = new OutputQuantizer(activationBits, new EmaRange(decay, initial(outputPath)));
    p.parent.replaceChild(p.layerName, new FakeQuantizedLayer(p.layer, weightBits, p.activation ? null : quantizer));
    if (p.activation) p.parent.replaceChild(p.activation.name, new FakeQuantizedActivation(p.activation.module, quantizer));
    return { layer: p.layerPath, weightBits, output: outputPath };
  });
  return { model, layers, activationRanges: () => learnedRanges(model) };
}

/** Finds every layer to wrap, and checks the whole model, before anything changes. */
function planWrapping(model: Module): Plan[] {
  const plans: Plan[] = [];
  const modules = model.namedModules();
  for (const [path, m] of modules) {
    if (m instanceof FakeQuantizedLayer || m instanceof FakeQuantizedActivation) {
      throw new Error(`prepareQat: ${m.label} is already fake-quantized; the model was prepared before`);
    }
    const children = m.namedChildren();
    children.forEach(([name, child], k) => {
      if (!isWeightedLayer(child)) return;
      const layerPath = joinPath(path, name);
      const next = m instanceof Sequential ? children.slice(k + 1).find(([, c]) => !(c instanceof Identity)) : undefined;
      if (next && next[1] instanceof BatchNorm) {
        throw new Error(`prepareQat: ${child.typeName} "${layerPath}" is followed by ${next[1].typeName} "${joinPath(path, next[0])}"; fold batch norms first (foldBatchNorm(model))`);
      }
      const activation = next && next[1] instanceof Activation ? { name: next[0], path: joinPath(path, next[0]), module: next[1] } : null;
      plans.push({ parent: m, layerName: name, layerPath, layer: child, activation });
    });
  }
  // Depth-first order of the layers themselves (a root's own children would otherwise come first).
  const order = new Map(modules.map(([, m], i) => [m, i]));
  return plans.sort((a, b) => order.get(a.layer)! - order.get(b.layer)!);
}

function learnedRanges(model: Module): Map<string, ClipRange> {
  const out = new Map<string, ClipRange>();
  for (const [path, m] of model.namedModules()) {
    const q = m instanceof FakeQuantizedLayer || m instanceof FakeQuantizedActivation ? m.output : null;
    const r = q?.range;
    if (r) out.set(path, r);
  }
  return out;
}

/**
 * Puts the float layers and activations back (with the trained weights)
 * and returns the learned ranges by output path.
 */
export function stripQat(model: Module): Map<string, ClipRange> {
  const ranges = learnedRanges(model);
  const swaps: [Module, string, Module][] = [];
  for (const [, m] of model.namedModules()) {
    for (const [name, child] of m.namedChildren()) {
      if (child instanceof FakeQuantizedLayer) swaps.push([m, name, child.layer]);
      else if (child instanceof FakeQuantizedActivation) swaps.push([m, name, child.activation]);
    }
  }
  for (const [parent, name, original] of swaps) {
    original.train(parent.training);
    parent.replaceChild(name, original);
  }
  return ranges;
}
