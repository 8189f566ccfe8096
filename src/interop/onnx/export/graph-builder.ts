/**
 * Accumulates ONNX nodes and initializers while emitters run, then prunes
 * what does not reach the output and assembles the GraphProto. Emitters only
 * ever see names (strings): a node's output name is what the next node reads.
 *
 * Spec: onnx/docs/IR.md ("Graphs": nodes in topological order, initializers
 * are named constant inputs, names are unique within a graph).
 */
import type { DType, TypedArray } from '../../../engine/index.js';
import { attr, DataType, encodeTensor, type DataTypeCode, type IAttributeProto, type IGraphProto, type INodeProto, type ITensorProto, type IValueInfoProto, type TensorData } from '../proto.js';
import { isBatchDim, type SymDim } from './batch-dims.js';

/** ONNX element type of each engine dtype (onnx.proto `TensorProto.DataType`). */
export const ONNX_DTYPE: { readonly [D in DType]: DataTypeCode } = {
  float32: DataType.FLOAT,
  float64: DataType.DOUBLE,
  int32: DataType.INT32,
  int8: DataType.INT8,
};

function typedArrayFor(dtype: DType, values: readonly number[]): TypedArray {
  switch (dtype) {
    case 'float32': return Float32Array.from(values);
    case 'float64': return Float64Array.from(values);
    case 'int32': return Int32Array.from(values);
    case 'int8': return Int8Array.from(values);
    default: return dtype satisfies never;
  }
}

export class GraphBuilder {
  private readonly nodes: INodeProto[] = [];
  private readonly initializers = new Map<string, ITensorProto>();
  private readonly usedNames = new Set<string>();
  private batchSizeName: string | null = null;
  /** Next index per constant-name hint: `const_0`, `const_1`, ... */
  private readonly counters = new Map<string, number>();

  constructor(
    readonly opset: number,
    /** The graph input, whose axis 0 is the batch (for shapes built at run time). */
    readonly inputName: string,
  ) {
    this.usedNames.add(inputName);
  }

  /** `hint`, or `hint_1`, `hint_2`, ... : unique among values, initializers and nodes. */
  unique(hint: string): string {
    let name = hint;
    for (let i = 1; this.usedNames.has(name); i++) name = `${hint}_${i}`;
    this.usedNames.add(name);
    return name;
  }

  /** Adds one node; returns its (single) output name. `name` becomes the node name, unique-ified. */
  node(opType: string, inputs: readonly string[], attributes: readonly IAttributeProto[], name: string): string {
    const nodeName = this.unique(`${name}/${opType}`);
    const output = this.unique(`${nodeName}:0`);
    this.nodes.push({ name: nodeName, opType, domain: '', input: [...inputs], output: [output], attribute: [...attributes] });
    return output;
  }

  /** An initializer under an exact name (a parameter's state-dict name); added once. */
  initializer(name: string, dims: readonly number[], data: TypedArray, dtype: DType): string {
    if (!this.initializers.has(name)) {
      if (this.usedNames.has(name)) throw new Error(`ONNX export: initializer name "${name}" collides with another value; rename the parameter or the graph input`);
      this.usedNames.add(name);
      this.initializers.set(name, encodeTensor(name, dims, data, ONNX_DTYPE[dtype]));
    }
    return name;
  }

  private numbered(hint: string): string {
    const i = this.counters.get(hint) ?? 0;
    this.counters.set(hint, i + 1);
    return this.unique(`${hint}_${i}`);
  }

  /** A constant initializer named `const_0`, `const_1`, ... (or after `hint`). */
  constant(data: TypedArray, dims: readonly number[], dtype: DType, hint = 'const'): string {
    const name = this.numbered(hint);
    this.initializers.set(name, encodeTensor(name, dims, data, ONNX_DTYPE[dtype]));
    return name;
  }

  /**
   * A constant named `hint` (or `hint_1`, ... if taken) of any ONNX element
   * type, including those the engine has no dtype for (uint8 zero points,
   * int64): the QDQ exporter names its quantized weights after the layer.
   */
  namedConstant(hint: string, dims: readonly number[], data: TensorData, dataType?: DataTypeCode): string {
    const name = this.unique(hint);
    this.initializers.set(name, encodeTensor(name, dims, data, dataType));
    return name;
  }

  /** A scalar constant of `dtype` (Clip bounds, Pad value). */
  scalar(value: number, dtype: DType, hint = 'const'): string {
    return this.constant(typedArrayFor(dtype, [value]), [], dtype, hint);
  }

  /** A 1-D int64 constant (shapes, axes, pads, slice bounds: ONNX takes these as int64 inputs). */
  int64(values: readonly number[], hint: string): string {
    const name = this.numbered(hint);
    this.initializers.set(name, encodeTensor(name, [values.length], BigInt64Array.from(values, (v) => BigInt(v)), DataType.INT64));
    return name;
  }

  /** int64 [1] holding the batch size, read from the graph input at run time (Shape, opset 15: start/end). */
  batchSize(): string {
    if (this.batchSizeName === null) {
      this.batchSizeName = this.node('Shape', [this.inputName], [attr.int('start', 0), attr.int('end', 1)], 'batch_size');
    }
    return this.batchSizeName;
  }

  /**
   * A 1-D int64 shape tensor for `dims`: a constant when no size depends on
   * the batch, else computed at run time as Concat(constants, k·batch).
   */
  shapeOf(dims: readonly SymDim[], hint: string): string {
    if (!dims.some(isBatchDim)) return this.int64(dims as number[], hint);
    const parts: string[] = [];
    let run: number[] = [];
    const flush = (): void => {
      if (run.length) parts.push(this.int64(run, hint));
      run = [];
    };
    for (const d of dims) {
      if (!isBatchDim(d)) {
        run.push(d);
        continue;
      }
      flush();
      parts.push(d.batch === 1 ? this.batchSize() : this.node('Mul', [this.batchSize(), this.int64([d.batch], hint)], [], hint));
    }
    flush();
    return parts.length === 1 ? parts[0]! : this.node('Concat', parts, [attr.int('axis', 0)], hint);
  }

  /**
   * The graph: only nodes and initializers that the output depends on (dead
   * nodes pruned), the output value renamed to `output.name`.
   */
  build(name: string, input: IValueInfoProto, resultName: string, output: IValueInfoProto): IGraphProto {
    const outName = output.name!;
    const producer = this.nodes.find((n) => n.output![0] === resultName);
    if (producer) {
      for (const n of this.nodes) {
        n.input = n.input!.map((i) => (i === resultName ? outName : i));
        n.output = n.output!.map((o) => (o === resultName ? outName : o));
      }
    } else {
      // The output is the input itself or a constant: ONNX needs a node to produce a graph output.
      this.nodes.push({ name: this.unique('output/Identity'), opType: 'Identity', domain: '', input: [resultName], output: [outName], attribute: [] });
    }
    const needed = new Set([outName]);
    const kept: INodeProto[] = [];
    for (let i = this.nodes.length - 1; i >= 0; i--) {
      const n = this.nodes[i]!;
      if (!n.output!.some((o) => needed.has(o))) continue;
      kept.push(n);
      for (const inp of n.input!) if (inp !== '') needed.add(inp);
    }
    kept.reverse();
    const initializer = [...this.initializers.values()].filter((t) => needed.has(t.name!));
    return { name, node: kept, initializer, input: [input], output: [output] };
  }
}
