/**
 * The shape flow of an integer-model file, checked before any module is
 * built: each layer's weights fit its geometry, each layer takes what the
 * one before it gives (channels, features, a residual's two branches), no
 * window is larger than its padded input, no int8 dot product is longer
 * than the engine sums exactly (MAX_INT8_DOT_LENGTH, quantized-shape-rules.ts),
 * and no activation of one sample exceeds MAX_SAMPLE_ELEMENTS. So a file
 * that loads runs, and a hostile one cannot make the loader allocate
 * without bound: every size here is bounded by the file's own bytes or by
 * this limit. Shapes are per sample (no batch axis), as inputShape.
 */
import { MAX_INT8_DOT_LENGTH } from '../../../engine/index.js';
import { joinPath, type GeometryJson, type ModelJson, type NodeJson, type WindowJson } from './model-file-schema.js';

/**
 * Elements of one sample's activation at any layer: 2^24 (16 Mi; 16 MiB as
 * int8) is some 100× a 224×224×64 feature map, far above anything a
 * microcontroller-class model computes, and small enough that a forged
 * geometry cannot exhaust memory.
 */
export const MAX_SAMPLE_ELEMENTS = 2 ** 24;

type Fail = (field: string, problem: string) => never;

function elements(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

function show(shape: readonly number[]): string {
  return `[${shape.join(', ')}]`;
}

class ShapeChecker {
  constructor(private readonly fail: Fail) {}

  private bounded(shape: number[], field: string): number[] {
    if (elements(shape) > MAX_SAMPLE_ELEMENTS) this.fail(field, `gives ${show(shape)} per sample, more than the ${MAX_SAMPLE_ELEMENTS} elements a model file may ask for`);
    return shape;
  }

  /** Output length of a window of `extent` cells over `size` padded by `before` and `after`. */
  private windowOut(size: number, before: number, after: number, extent: number, stride: number, field: string, axis: string): number {
    const padded = size + before + after;
    if (extent > padded) this.fail(field, `spans ${extent} cells along ${axis}, more than the ${padded} of its padded input`);
    return Math.floor((padded - extent) / stride) + 1;
  }

  /** [C, H, W] of a conv/pool input (1-D layers see [C, 1, W]), checked for the layer's rank. */
  private spatial(x: number[], layerDims: 1 | 2, field: string, what: string): [number, number, number] {
    if (x.length !== layerDims + 1) this.fail(field, `a ${layerDims}-D ${what} takes ${layerDims === 1 ? '[C, W]' : '[C, H, W]'} per sample, the layer before gives ${show(x)}`);
    return layerDims === 1 ? [x[0]!, 1, x[1]!] : [x[0]!, x[1]!, x[2]!];
  }

  private conv(n: Extract<NodeJson, { type: 'conv' }>, x: number[], field: string): number[] {
    const g: GeometryJson = n.geometry;
    const w = n.weights.shape;
    const kernel = g.dims === 1 ? [w[2]] : [w[2], w[3]];
    if (w.length !== g.dims + 2 || (g.dims === 1 ? g.kernel[0] !== 1 || w[2] !== g.kernel[1] : w[2] !== g.kernel[0] || w[3] !== g.kernel[1])) {
      this.fail(`${field}.weights.shape`, `${show(w)} does not fit a ${g.dims}-D kernel of ${g.dims === 1 ? g.kernel[1] : g.kernel.join('×')} (expected [Cout, Cin/groups, ${kernel.map(() => 'k').join(', ')}] with the geometry's kernel)`);
    }
    if (w[1]! * g.groups !== n.inChannels) {
      this.fail(`${field}.inChannels`, `is ${n.inChannels}, but weights ${show(w)} in ${g.groups} group${g.groups === 1 ? '' : 's'} take ${w[1]! * g.groups} input channels`);
    }
    if (w[0]! % g.groups !== 0) this.fail(`${field}.geometry.groups`, `${g.groups} groups do not divide the ${w[0]} output channels of weights ${show(w)}`);
    if (g.dims === 1 && (g.stride[0] !== 1 || g.dilation[0] !== 1 || (g.padding !== 'same' && (g.padding[0] !== 0 || g.padding[2] !== 0)))) {
      this.fail(`${field}.geometry`, 'a 1-D convolution runs on [C, 1, W]: its height stride and dilation must be 1 and its height pads 0');
    }
    this.dotLength(w[1]! * g.kernel[0] * g.kernel[1], field);
    const [c, h, wd] = this.spatial(x, g.dims, field, 'convolution');
    if (c !== n.inChannels) this.fail(`${field}.inChannels`, `is ${n.inChannels} but the layer before gives ${c} channels (${show(x)})`);
    const extent = (k: number, d: number) => (k - 1) * d + 1;
    let ho: number;
    let wo: number;
    if (g.padding === 'same') {
      // TensorFlow's 'same': ceil(size / stride) outputs (conv-geometry.ts, samePadding).
      ho = Math.ceil(h / g.stride[0]);
      wo = Math.ceil(wd / g.stride[1]);
    } else {
      const [top, left, bottom, right] = g.padding;
      ho = this.windowOut(h, top, bottom, extent(g.kernel[0], g.dilation[0]), g.stride[0], `${field}.geometry`, 'the height');
      wo = this.windowOut(wd, left, right, extent(g.kernel[1], g.dilation[1]), g.stride[1], `${field}.geometry`, 'the width');
    }
    return this.bounded(g.dims === 1 ? [w[0]!, wo] : [w[0]!, ho, wo], field);
  }

  private dotLength(k: number, field: string): void {
    if (k > MAX_INT8_DOT_LENGTH) this.fail(field, `sums ${k} int8 products per output, more than the ${MAX_INT8_DOT_LENGTH} whose int32 sum is exact`);
  }

  private pool(dims: 1 | 2, window: WindowJson | null, x: number[], field: string): number[] {
    if (window === null) {
      if (x.length !== 2 && x.length !== 3) this.fail(field, `a global average pool takes [C, W] or [C, H, W] per sample, the layer before gives ${show(x)}`);
      this.dotLength(elements(x.slice(1)), field);
      return [x[0]!];
    }
    const [c, h, w] = this.spatial(x, dims, field, 'pool');
    const [top, left, bottom, right] = window.pad;
    if (dims === 1 && (window.kernel[0] !== 1 || window.stride[0] !== 1 || top !== 0 || bottom !== 0)) this.fail(`${field}.window`, 'a 1-D pool runs on [C, 1, W]: its height kernel and stride must be 1 and its height pads 0');
    // ONNX's pooling rule, which the engine's pools enforce: each pad is smaller than the kernel on its axis.
    if (window.pad.some((p, i) => p >= window.kernel[i % 2]!)) this.fail(`${field}.window.pad`, `[${window.pad.join(', ')}] must be smaller than the kernel [${window.kernel.join(', ')}] on each axis`);
    this.dotLength(window.kernel[0] * window.kernel[1], field);
    const ho = this.windowOut(h, top, bottom, window.kernel[0], window.stride[0], `${field}.window`, 'the height');
    const wo = this.windowOut(w, left, right, window.kernel[1], window.stride[1], `${field}.window`, 'the width');
    return this.bounded(dims === 1 ? [c, wo] : [c, ho, wo], field);
  }

  node(n: NodeJson, x: number[], field: string): number[] {
    switch (n.type) {
      case 'sequential':
        return n.children.reduce((y, child, i) => this.node(child.node, y, `${field}.children.${i}.node`), x);
      case 'conv':
        return this.conv(n, x, field);
      case 'linear': {
        const [out, inFeatures] = n.weights.shape as [number, number];
        if (n.weights.shape.length !== 2) this.fail(`${field}.weights.shape`, `a linear layer's weights are [out, in], got ${show(n.weights.shape)}`);
            if (x.length !== 1 || x[0] !== inFeatures) this.fail(field, `takes [${inFeatures}] per sample (its weights are ${show(n.weights.shape)}), the layer before gives ${show(x)}`);
        this.dotLength(inFeatures, field);
        return [out];
      }
      case 'residual': {
        const main = this.node(n.main, x, `${field}.main`);
        const shortcut = n.shortcut === null ? x : this.node(n.shortcut, x, `${field}.shortcut`);
        if (main.length !== shortcut.length || main.some((d, i) => d !== shortcut[i])) {
          this.fail(field, `its main path gives ${show(main)} but its shortcut gives ${show(shortcut)}; the addition needs one shape`);
        }
        return main;
      }
      case 'avgPool':
        return this.pool(n.dims, n.window, x, field);
      case 'maxPool':
        return this.pool(n.dims, n.window, x, field);
      case 'flatten': {
        // startAxis counts the batch axis (nn Flatten); per sample it is startAxis − 1.
        const at = n.startAxis - 1;
        if (at >= x.length) this.fail(`${field}.startAxis`, `${n.startAxis} needs an input of rank > ${n.startAxis}, the layer before gives ${show([1, ...x])} with the batch`);
        return [...x.slice(0, at), elements(x.slice(at))];
      }
      case 'unflatten': {
        if (x.length !== 1 || x[0] !== elements(n.shape)) this.fail(`${field}.shape`, `${show(n.shape)} holds ${elements(n.shape)} features; an unflatten takes [F] per sample with F their product, the layer before gives ${show(x)}`);
        return [...n.shape];
      }
      case 'upsample': {
        if (x.length !== 2 && x.length !== 3) this.fail(field, `an upsampling takes [C, W] or [C, H, W] per sample, the layer before gives ${show(x)}`);
        return this.bounded([x[0]!, ...x.slice(1).map((d) => d * n.scaleFactor)], field);
      }
      default:
        return n satisfies never;
    }
  }
}

/** One sample's output shape, or a `fail` naming the first field whose shapes do not fit. */
export function checkModelShapes(json: ModelJson, fail: Fail, prefix: string): number[] {
  const checker = new ShapeChecker(fail);
  if (elements(json.inputShape) > MAX_SAMPLE_ELEMENTS) fail(`${prefix}.inputShape`, `${show(json.inputShape)} is more than the ${MAX_SAMPLE_ELEMENTS} elements a model file may ask for`);
  return json.body.reduce((x, child, i) => checker.node(child.node, x, joinPath(prefix, `body.${i}.node`)), [...json.inputShape]);
}
