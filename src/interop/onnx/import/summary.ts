/**
 * The model summary of an imported graph (DESIGN.md, "Model summary"): per
 * node its output shapes, the initializer elements it is the first to read,
 * its multiply-accumulates and the bytes it writes; totals with MACs by
 * precision and a peak-activation estimate. Measured like nn/summary.ts: one
 * run on zeros of the given shape with a per-node observer, so shapes are
 * what the graph really produces. Figures cover the whole input (batch
 * included), not one sample.
 *
 * MACs: Conv and QLinearConv = output elements · Cin/group · kernel volume;
 * ConvTranspose = input elements · Cout/group · kernel volume (each input
 * element scatters into that many outputs); Gemm, MatMul, QLinearMatMul =
 * M·N·K (output elements · K). QLinear* count as int8, the rest as float32.
 */
import { noGrad, sizeOf, tidy, zeros, type Tensor } from '../../../engine/index.js';
import { DataType, type DataTypeCode } from '../proto.js';
import type { CompiledNode } from './graph.js';
import type { OnnxGraphModule } from './graph-module.js';

export interface OnnxNodeSummary {
  readonly name: string;
  readonly opType: string;
  readonly outputShapes: readonly (readonly number[])[];
  /** Initializer elements this node is the first to read. */
  readonly params: number;
  /** Bytes of those initializer elements in their stored element types. */
  readonly paramBytes: number;
  readonly macs: number;
  /** Precision the MACs run in; null for nodes without MACs. */
  readonly precision: 'float32' | 'int8' | null;
  /** Bytes of the node's outputs in their ONNX element types. */
  readonly outputBytes: number;
}

export interface OnnxSummary {
  /** Shape of each graph input used for the measuring run. */
  readonly inputShapes: readonly (readonly number[])[];
  readonly nodes: readonly OnnxNodeSummary[];
  readonly totalParams: number;
  readonly totalMacs: number;
  readonly macsByPrecision: { readonly float32: number; readonly int8: number };
  /** Bytes of every initializer in its stored element type. */
  readonly parameterBytes: number;
  /** Largest sum of live activations (graph inputs and node outputs) over the topological order. */
  readonly peakActivationBytes: number;
}

const BYTES: { readonly [K in DataTypeCode]: number } = { 1: 4, 2: 1, 3: 1, 6: 4, 7: 8, 9: 1, 11: 8 };

function bytesOf(type: DataTypeCode | undefined, shape: readonly number[]): number {
  return sizeOf(shape) * BYTES[type ?? DataType.FLOAT];
}

function macsOf(node: CompiledNode, ins: readonly (Tensor | undefined)[], outs: readonly Tensor[]): { macs: number; precision: 'float32' | 'int8' | null } {
  const out = outs[0] ? outs[0].size : 0;
  const kernelWork = (w: Tensor | undefined) => (w ? sizeOf(w.shape.slice(1)) : 0);
  const inner = (a: Tensor | undefined, trans: boolean) => (a && a.rank > 0 ? a.shape[trans ? 0 : a.rank - 1]! : 0);
  switch (node.ctx.opType) {
    case 'Conv': return { macs: out * kernelWork(ins[1]), precision: 'float32' };
    case 'ConvTranspose': return { macs: (ins[0]?.size ?? 0) * kernelWork(ins[1]), precision: 'float32' };
    case 'QLinearConv': return { macs: out * kernelWork(ins[3]), precision: 'int8' };
    case 'Gemm': return { macs: out * inner(ins[0], node.ctx.int('transA', 0) !== 0), precision: 'float32' };
    case 'MatMul': return { macs: out * inner(ins[0], false), precision: 'float32' };
    case 'QLinearMatMul': return { macs: out * inner(ins[0], false), precision: 'int8' };
    default: return { macs: 0, precision: null };
  }
}

export function summarizeOnnx(model: OnnxGraphModule, inputShape?: readonly number[]): OnnxSummary {
  const graph = model.graph;
  const inputShapes = graph.inputs.map((inp, i) => (i === 0 && inputShape ? [...inputShape] : inp.dims.map((d) => d ?? 1)));
  const firstReader = new Map<string, number>();
  graph.nodes.forEach((n, i) => { for (const v of n.ctx.inputs) if (graph.initializers.has(v) && !firstReader.has(v)) firstReader.set(v, i); });
  const nodes: OnnxNodeSummary[] = [];
  noGrad(() => tidy(() => {
    const feeds = Object.fromEntries(graph.inputs.map((inp, i) => [inp.name, zeros(inputShapes[i]!)]));
    const outs = model.execute(feeds, (node, ins, outputs) => {
      const index = nodes.length;
      const owned = [...firstReader].filter(([, i]) => i === index).map(([v]) => graph.initializers.get(v)!);
      const params = owned.reduce((s, t) => s + sizeOf(t.dims), 0);
      const paramBytes = owned.reduce((s, t) => s + bytesOf(t.dataType, t.dims), 0);
      const outputBytes = outputs.reduce((s, t, k) => s + bytesOf(graph.elemTypes.get(node.ctx.outputs[k] ?? ''), t.shape), 0);
      nodes.push({ name: node.ctx.name, opType: node.ctx.opType, outputShapes: outputs.map((t) => [...t.shape]), params, paramBytes, ...macsOf(node, ins, outputs), outputBytes });
    });
    for (const t of Object.values(outs)) t.dispose();
  }));
  const macsByPrecision = { float32: 0, int8: 0 };
  for (const n of nodes) if (n.precision) macsByPrecision[n.precision] += n.macs;
  let parameterBytes = 0;
  for (const d of graph.initializers.values()) parameterBytes += bytesOf(d.dataType, d.dims);
  return {
    inputShapes, nodes,
    totalParams: nodes.reduce((s, n) => s + n.params, 0),
    totalMacs: macsByPrecision.float32 + macsByPrecision.int8,
    macsByPrecision, parameterBytes,
    peakActivationBytes: peakLiveBytes(model, inputShapes, nodes),
  };
}

/** Simple liveness: a value is live from its producer until its last reader (graph outputs until the end). */
function peakLiveBytes(model: OnnxGraphModule, inputShapes: readonly (readonly number[])[], nodes: readonly OnnxNodeSummary[]): number {
  const graph = model.graph;
  const last = new Map<string, number>();
  graph.nodes.forEach((n, i) => { for (const v of n.ctx.inputs) last.set(v, i); });
  for (const o of graph.outputs) last.set(o, Infinity);
  const live = new Map<string, number>();
  graph.inputs.forEach((inp, i) => live.set(inp.name, bytesOf(inp.elemType, inputShapes[i]!)));
  let sum = [...live.values()].reduce((a, b) => a + b, 0);
  let peak = sum;
  graph.nodes.forEach((n, i) => {
    n.ctx.outputs.forEach((o, k) => {
      const shape = nodes[i]?.outputShapes[k];
      if (o === '' || !shape) return;
      const b = bytesOf(graph.elemTypes.get(o), shape);
      live.set(o, b);
      sum += b;
    });
    peak = Math.max(peak, sum);
    for (const [v, b] of live) {
      if ((last.get(v) ?? -1) <= i) { sum -= b; live.delete(v); }
    }
  });
  return peak;
}
