/**
 * Turns a fusion plan and its calibration into the integer Module tree.
 * The quantization of each tensor flows with it: a layer's input
 * parameters are its producer's output parameters, so a residual addition
 * knows both branches' scales and a max pool, a reshape or an upsampling
 * passes its input's on.
 * With one calibration the parameters are fixed; with one per bit width
 * (nested model) each layer reads them through the shared PrecisionState.
 */
import { Flatten, Sequential, Unflatten, Upsample, type Module } from '../../nn/index.js';
import type { WidthCalibration } from './calibrate-int8.js';
import { convGeometry } from './conv-geometry.js';
import { INPUT_POINT } from './float-pass.js';
import { DequantizeOutput } from './layers/dequantize-output.js';
import { QAvgPool } from './layers/qavg-pool.js';
import { QConv } from './layers/qconv.js';
import { QLinear } from './layers/qlinear.js';
import { QMaxPool } from './layers/qmax-pool.js';
import { QResidual } from './layers/qresidual.js';
import { addParams } from './layers/quantized-add.js';
import { QuantizeInput } from './layers/quantize-input.js';
import type { PlanNode, WeightedGroup } from './plan.js';
import { fixedParams, PerWidth, type PrecisionState, type Switchable } from './precision-state.js';
import { QuantizedModel, type QuantizedModelInfo } from './quantized-model.js';
import type { QuantizedWeights } from './quantized-weights.js';
import type { ActivationQuant } from './requant-math.js';
import { weightedParams } from './weighted-params.js';

export interface BuildInput {
  readonly plan: PlanNode;
  readonly info: QuantizedModelInfo;
  /** One calibration (plain model, `precision` null), or one per width of `precision`. */
  readonly calibrations: ReadonlyMap<number, WidthCalibration>;
  readonly precision: PrecisionState | null;
  /** The weight storage of each group. */
  weightsOf(group: WeightedGroup): QuantizedWeights;
}

/** An activation's parameters per width: the value flowing along an edge of the graph. */
type Edge = (cal: WidthCalibration) => ActivationQuant;

class ModelBuilder {
  constructor(private readonly b: BuildInput) {}

  /** Parameters made from each calibration, behind the right Switchable. */
  switchable<T>(make: (cal: WidthCalibration) => T): Switchable<T> {
    const { precision, calibrations } = this.b;
    if (precision === null) return fixedParams(make(calibrations.values().next().value!));
    return new PerWidth(precision, new Map(precision.widths.map((w) => [w, make(calibrations.get(w)!)])));
  }

  point(path: string): Edge {
    return (cal) => {
      const q = cal.activations.get(path);
      if (!q) throw new Error(`quantizeModel: no calibrated range for "${path}" (internal: the float pass did not reach it)`);
      return q;
    };
  }

  node(node: PlanNode, input: Edge): { module: Module; output: Edge } {
    switch (node.kind) {
      case 'weighted': return this.weighted(node, input);
      case 'sequence': {
        const seq = new Sequential();
        let edge = input;
        for (const { name, node: child } of node.children) {
          const built = this.node(child, edge);
          seq.append(built.module, name);
          edge = built.output;
        }
        return { module: seq, output: edge };
      }
      case 'residual': {
        const main = this.node(node.main, input);
        const shortcut = node.shortcut ? this.node(node.shortcut, input) : null;
        const out = this.point(node.path);
        const b = shortcut?.output ?? input;
        const params = this.switchable((cal) => addParams(main.output(cal), b(cal), out(cal), node.activation));
        return { module: new QResidual(main.module, shortcut?.module ?? null, params), output: out };
      }
      case 'avgPool': {
        const out = this.point(node.path);
        return { module: new QAvgPool(node.dims, node.window, this.switchable((cal) => ({ input: input(cal), output: out(cal) }))), output: out };
      }
      case 'maxPool': return { module: new QMaxPool(node.dims, node.window), output: input };
      case 'flatten': return { module: new Flatten(node.startAxis), output: input };
      // Movement only: the engine's reshape and expand take int8, and the values keep their parameters.
      case 'unflatten': return { module: new Unflatten(node.shape), output: input };
      case 'upsample': return { module: new Upsample(node.scaleFactor), output: input };
      default: return node satisfies never;
    }
  }

  private weighted(group: WeightedGroup, input: Edge): { module: Module; output: Edge } {
    const out = this.point(group.path);
    const params = this.switchable((cal) => {
      const g = cal.groups.get(group.path)!;
      return weightedParams({ input: input(cal), output: out(cal), weightScale: g.weightScale, bias: g.bias, weights: g.values, activation: group.activation, blocks: g.blocks });
    });
    const weights = this.b.weightsOf(group);
    const layer = group.layer;
    const module = 'kernelSize' in layer ? new QConv(convGeometry(layer), layer.inChannels, weights, params) : new QLinear(weights, params);
    return { module, output: out };
  }
}

export function buildQuantizedModel(b: BuildInput): QuantizedModel {
  const builder = new ModelBuilder(b);
  const input = builder.point(INPUT_POINT);
  const { module, output } = builder.node(b.plan, input);
  const quantizeInput = new QuantizeInput(builder.switchable(input));
  const dequantizeOutput = new DequantizeOutput(builder.switchable(output));
  // A Sequential root keeps its children's names; anything else sits under `model`.
  const body = b.plan.kind === 'sequence' ? (module as Sequential).namedChildren() : [['model', module] as [string, Module]];
  return new QuantizedModel(b.info, quantizeInput, body, dequantizeOutput);
}
