/**
 * An imported ONNX graph as an Edgewatt Module. Float32 initializers the
 * graph reads at run time become trainable parameters; integer, quantized
 * and double ones become buffers (an int8 weight grid is not something a
 * float gradient step should move); initializers read only at import
 * (Reshape shapes, Slice bounds, Resize scales) stay constants of the graph.
 * Module names cannot hold '.', so each tensor gets a sanitized unique name
 * while export keeps the original ONNX names.
 *
 * Execution follows the file's topological order; each intermediate is
 * disposed after its last consumer when autograd is off (with autograd on,
 * the tape needs them, so the caller's tidy() owns them).
 */
import { isGradEnabled, reshape, tidy, type Tensor } from '../../../engine/index.js';
import { FileFormatError } from '../../../io/file-format-error.js';
import { Module } from '../../../nn/module.js';
import type { OnnxExportable } from '../exportable.js';
import type { DataTypeCode, IModelProto } from '../proto.js';
import { UnsupportedFeature, UnsupportedOnnxError } from './errors.js';
import type { CompiledNode, ImportedGraph } from './graph.js';
import { exportGraph } from './export-graph.js';
import { createInitializerTensors, type InitializerTensors } from './initializers.js';

/** Sees each node after it ran (the summary's hook). */
export type NodeObserver = (node: CompiledNode, inputs: readonly (Tensor | undefined)[], outputs: readonly Tensor[]) => void;

export class OnnxGraphModule extends Module implements OnnxExportable {
  readonly inputNames: readonly string[];
  readonly outputNames: readonly string[];
  readonly inputShapes: readonly (readonly (number | null)[])[];
  private readonly inits: InitializerTensors;
  /** Index of the last node reading each value; graph outputs never expire. */
  private readonly lastUse = new Map<string, number>();

  constructor(readonly graph: ImportedGraph) {
    super();
    this.inputNames = graph.inputs.map((i) => i.name);
    this.outputNames = [...graph.outputs];
    this.inputShapes = graph.inputs.map((i) => [...i.dims]);
    this.inits = createInitializerTensors(graph, (name, t, trainable) => (trainable ? this.param(name, t) : this.buffer(name, t)));
    graph.nodes.forEach((n, i) => { for (const v of n.ctx.inputs) if (v !== '') this.lastUse.set(v, i); });
    for (const o of graph.outputs) this.lastUse.set(o, Infinity);
    this.eval();
  }

  /** The ONNX file name used in messages. */
  get file(): string {
    return this.graph.file;
  }

  /** The default-domain opset of the imported model. */
  get opset(): number {
    return this.graph.opset;
  }

  /** ONNX element type of a value (graph input, output or intermediate): quantized outputs hold integers in float32. */
  elementType(name: string): DataTypeCode | undefined {
    return this.graph.elemTypes.get(name);
  }

  /** The first input to the first output. */
  forward(x: Tensor): Tensor {
    const first = this.inputNames[0];
    if (first === undefined) throw new RangeError(`${this.file}: the graph has no inputs; use run({})`);
    const out = this.run({ [first]: x });
    for (const [k, t] of Object.entries(out)) if (k !== this.outputNames[0]) t.dispose();
    return out[this.outputNames[0]!]!;
  }

  run(inputs: Record<string, Tensor>): Record<string, Tensor> {
    return this.execute(inputs);
  }

  /** `run` with a per-node observer. */
  execute(inputs: Record<string, Tensor>, observer?: NodeObserver): Record<string, Tensor> {
    this.checkInputs(inputs);
    const env = new Map<string, Tensor>();
    const borrowed = new Set<Tensor>();
    for (const n of this.inputNames) { env.set(n, inputs[n]!); borrowed.add(inputs[n]!); }
    for (const [n, t] of this.inits.byOnnxName) { env.set(n, t); borrowed.add(t); }
    const free = !isGradEnabled();
    this.graph.nodes.forEach((node, i) => {
      const ins = node.ctx.inputs.map((n) => (n === '' ? undefined : env.get(n)));
      let outs = this.runNode(node, ins, free);
      // A node passing an input through (Identity) gets a view, so freeing one name never frees the other;
      // a same-shape reshape is that view, and keeps the gradient path and tracers' view of it.
      outs = outs.map((t) => (ins.includes(t) || borrowed.has(t) ? reshape(t, t.shape) : t));
      node.ctx.outputs.forEach((o, k) => { if (o !== '' && outs[k]) env.set(o, outs[k]); });
      observer?.(node, ins, outs);
      if (!free) return;
      for (const n of [...node.ctx.inputs, ...node.ctx.outputs]) {
        const t = env.get(n);
        if (n === '' || !t || borrowed.has(t) || (this.lastUse.get(n) ?? -1) > i) continue;
        t.dispose();
        env.delete(n);
      }
    });
    const result: Record<string, Tensor> = {};
    for (const o of this.outputNames) {
      const t = env.get(o)!;
      result[o] = borrowed.has(t) ? reshape(t, t.shape) : t;
    }
    return result;
  }

  private runNode(node: CompiledNode, ins: readonly (Tensor | undefined)[], scoped: boolean): Tensor[] {
    try {
      return scoped ? tidy(() => node.prepared.run(ins)) : node.prepared.run(ins);
    } catch (err) {
      if (err instanceof FileFormatError || err instanceof UnsupportedOnnxError) throw err;
      if (err instanceof UnsupportedFeature) throw new UnsupportedOnnxError(this.file, [{ opType: node.ctx.opType, nodes: [node.ctx.name], reason: err.reason }]);
      // The inputs matched the declared shapes (checkInputs), so a node that cannot run is the file's inconsistency.
      const shapes = ins.map((t) => (t ? `[${t.shape.join(', ')}]` : '-')).join(', ');
      const message = err instanceof Error ? err.message : String(err);
      throw new FileFormatError(this.file, node.ctx.where, `cannot run on inputs ${shapes}: ${message}`);
    }
  }

  private checkInputs(inputs: Record<string, Tensor>): void {
    const known = new Set(this.inputNames);
    const unknown = Object.keys(inputs).filter((k) => !known.has(k));
    if (unknown.length) throw new RangeError(`${this.file}: unknown input(s) ${unknown.map((k) => `"${k}"`).join(', ')}; the graph's inputs are ${this.inputNames.map((k) => `"${k}"`).join(', ')}`);
    this.graph.inputs.forEach((inp) => {
      const t = inputs[inp.name];
      if (!t) throw new RangeError(`${this.file}: missing input "${inp.name}" (expected shape [${inp.dims.map((d) => d ?? '?').join(', ')}])`);
      const fits = inp.dims.length === 0 && t.rank === 0 || (t.rank === inp.dims.length && inp.dims.every((d, i) => d === null || d === t.shape[i]));
      if (!fits && inp.dims.length > 0) {
        throw new RangeError(`${this.file}: input "${inp.name}" has shape [${t.shape.join(', ')}], the model expects [${inp.dims.map((d) => d ?? '?').join(', ')}]`);
      }
      if (t.dtype !== 'float32') throw new TypeError(`${this.file}: input "${inp.name}" is ${t.dtype}; pass float32 (integer ONNX inputs as float32 holding the integers)`);
    });
  }

  toOnnxModel(options?: { readonly opset?: number }): IModelProto {
    if (options?.opset !== undefined && options.opset !== this.opset) {
      throw new RangeError(`${this.file}: the imported graph is opset ${this.opset}; re-targeting it to opset ${options.opset} is not supported (node semantics differ between opsets)`);
    }
    return exportGraph(this.graph, this.inits);
  }
}
