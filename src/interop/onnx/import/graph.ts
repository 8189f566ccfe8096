/**
 * Reads a decoded ModelProto into a compiled graph: graph inputs and
 * outputs, initializers, and every node prepared by its op definition, in
 * file order. Validation happens here, once: nodes must be topologically
 * sorted (onnx/docs/IR.md, "Graphs": "nodes ... MUST be sorted
 * topologically"), every value is produced once, tensors and declared
 * inputs stay under MAX_ELEMENTS, and every unsupported op or attribute in
 * the whole graph is collected into one UnsupportedOnnxError.
 */
import { FileFormatError } from '../../../io/file-format-error.js';
import { decodeAttributes, decodeTensor, int64, DataType, type DataTypeCode, type DecodedTensor, type ModelProto, type IValueInfoProto } from '../proto.js';
import { UnsupportedFeature, UnsupportedOnnxError, type UnsupportedOp } from './errors.js';
import { NodeContext } from './node-context.js';
import { MAX_ELEMENTS, type PreparedNode } from './op-definition.js';
import { isSupportedOp, OP_TABLE } from './op-table.js';
import { constantValue } from './ops/constant.js';

export interface GraphInput {
  readonly name: string;
  /** null where the dim is symbolic (dim_param) or unknown. */
  readonly dims: readonly (number | null)[];
  readonly elemType: DataTypeCode;
}

export interface CompiledNode {
  readonly ctx: NodeContext;
  readonly prepared: PreparedNode;
}

export interface ImportedGraph {
  readonly file: string;
  readonly model: ModelProto;
  readonly opset: number;
  readonly inputs: readonly GraphInput[];
  readonly outputs: readonly string[];
  /** Every initializer by name, in file order. */
  readonly initializers: ReadonlyMap<string, DecodedTensor>;
  /** Initializers some node reads at run time (the rest are import-time constants). */
  readonly runtimeInitializers: ReadonlySet<string>;
  readonly nodes: readonly CompiledNode[];
  /** ONNX element type of every value. */
  readonly elemTypes: ReadonlyMap<string, DataTypeCode>;
}

const INPUT_TYPES: ReadonlySet<number> = new Set(Object.values(DataType));

function sizeBound(file: string, field: string, dims: readonly number[]): void {
  const n = dims.reduce((a, b) => a * b, 1);
  if (n > MAX_ELEMENTS) throw new FileFormatError(file, field, `dims [${dims.join(', ')}] hold ${n} elements, more than the 2^28 this importer accepts`);
}

function readInput(v: IValueInfoProto, file: string, index: number): GraphInput {
  const name = v.name ?? '';
  const field = `graph.input[${index}] "${name}"`;
  if (name === '') throw new FileFormatError(file, field, 'has no name');
  const tt = v.type?.tensorType;
  if (!tt) throw new FileFormatError(file, field, 'is not a tensor (only tensor inputs are supported)');
  const elemType = tt.elemType ?? 0;
  if (!INPUT_TYPES.has(elemType)) throw new FileFormatError(file, `${field}.elem_type`, `element type ${elemType} is not supported (float, double, int8, uint8, int32, int64, bool)`);
  const dims = (tt.shape?.dim ?? []).map((d, i) => {
    if (d.dimValue === null || d.dimValue === undefined) return null;
    const n = int64(d.dimValue, file, `${field}.dims[${i}]`);
    if (!Number.isInteger(n) || n < 0) throw new FileFormatError(file, `${field}.dims[${i}]`, `expected a non-negative integer, got ${n}`);
    return n;
  });
  sizeBound(file, `${field}.dims`, dims.map((d) => d ?? 1));
  return { name, dims, elemType: elemType as DataTypeCode };
}

function defaultOpset(model: ModelProto, file: string): number {
  const entry = (model.opsetImport ?? []).find((o) => (o.domain ?? '') === '' || o.domain === 'ai.onnx');
  if (!entry) throw new FileFormatError(file, 'ModelProto.opset_import', 'has no entry for the default domain ("" / ai.onnx)');
  const v = int64(entry.version, file, 'ModelProto.opset_import.version');
  if (v < 1) throw new FileFormatError(file, 'ModelProto.opset_import.version', `expected a positive opset, got ${v}`);
  return v;
}

/** Groups unsupported nodes by op type and reason, in first-seen order. */
class UnsupportedCollector {
  private readonly byKey = new Map<string, { opType: string; nodes: string[]; reason?: string }>();
  add(opType: string, node: string, reason?: string): void {
    const key = `${opType}\u0000${reason ?? ''}`;
    const e = this.byKey.get(key) ?? { opType, nodes: [], ...(reason ? { reason } : {}) };
    e.nodes.push(node);
    this.byKey.set(key, e);
  }
  throwIfAny(file: string): void {
    if (this.byKey.size > 0) throw new UnsupportedOnnxError(file, [...this.byKey.values()] as UnsupportedOp[]);
  }
}

export function compileGraph(model: ModelProto, file: string): ImportedGraph {
  const g = model.graph!;
  const opset = defaultOpset(model, file);
  const initializers = new Map<string, DecodedTensor>();
  const elemTypes = new Map<string, DataTypeCode>();
  (g.initializer ?? []).forEach((t, i) => {
    const d = decodeTensor(t, file, `graph.initializer[${i}]`);
    if (d.name === '') throw new FileFormatError(file, `graph.initializer[${i}]`, 'has no name');
    if (initializers.has(d.name)) throw new FileFormatError(file, `graph.initializer[${i}] "${d.name}"`, 'is defined twice');
    sizeBound(file, `graph.initializer[${i}] "${d.name}".dims`, d.dims);
    initializers.set(d.name, d);
    elemTypes.set(d.name, d.dataType);
  });
  // IR < 4 lists initializers among the inputs too (as defaults); those are not inputs to feed.
  const inputs = (g.input ?? []).map((v, i) => ({ v, i })).filter(({ v }) => !initializers.has(v.name ?? '')).map(({ v, i }) => readInput(v, file, i));
  const available = new Set<string>([...initializers.keys()]);
  for (const inp of inputs) {
    if (available.has(inp.name)) throw new FileFormatError(file, `graph.input "${inp.name}"`, 'is declared twice');
    available.add(inp.name);
    elemTypes.set(inp.name, inp.elemType);
  }
  const constants = new Map<string, DecodedTensor>(initializers);
  const runtimeInitializers = new Set<string>();
  const unsupported = new UnsupportedCollector();
  const nodes: CompiledNode[] = [];
  (g.node ?? []).forEach((node, index) => {
    const opType = node.opType ?? '';
    const name = node.name || `${opType || 'node'}_${index}`;
    const where = `node "${name}" (${opType})`;
    const ins = [...(node.input ?? [])];
    const outs = [...(node.output ?? [])];
    ins.forEach((inp, k) => {
      if (inp !== '' && !available.has(inp)) {
        throw new FileFormatError(file, `${where}.input[${k}]`, `"${inp}" is not produced by any earlier node, initializer or graph input (nodes must be in topological order)`);
      }
    });
    for (const o of outs) {
      if (o === '') continue;
      if (available.has(o)) throw new FileFormatError(file, `${where}.output "${o}"`, 'is produced twice (ONNX values are assigned once)');
      available.add(o);
    }
    const domain = node.domain ?? '';
    if ((domain !== '' && domain !== 'ai.onnx') || !isSupportedOp(opType)) {
      unsupported.add(domain !== '' && domain !== 'ai.onnx' ? `${domain}.${opType}` : opType, name);
      return;
    }
    const def = OP_TABLE[opType];
    const attrs = decodeAttributes(node, file);
    ins.forEach((inp, k) => {
      if (initializers.has(inp) && !(def.constInputs ?? []).includes(k)) runtimeInitializers.add(inp);
    });
    const ctx = new NodeContext(file, name, opType, ins, outs, attrs, ins.map((i) => (i === '' ? undefined : elemTypes.get(i))), constants, opset);
    let prepared: PreparedNode;
    try {
      prepared = def.prepare(ctx);
      if (opType === 'Constant' && outs[0]) constants.set(outs[0], constantValue(ctx));
    } catch (err) {
      if (!(err instanceof UnsupportedFeature)) throw err;
      unsupported.add(opType, name, err.reason);
      return;
    }
    outs.forEach((o, k) => { if (o !== '') elemTypes.set(o, prepared.outTypes?.[k] ?? ctx.inType(0)); });
    nodes.push({ ctx, prepared });
  });
  unsupported.throwIfAny(file);
  const outputs = (g.output ?? []).map((v, i) => {
    const n = v.name ?? '';
    if (!available.has(n)) throw new FileFormatError(file, `graph.output[${i}] "${n}"`, 'is not produced by any node, initializer or graph input');
    if (initializers.has(n)) runtimeInitializers.add(n);
    return n;
  });
  if (outputs.length === 0) throw new FileFormatError(file, 'graph.output', 'is empty: the model computes nothing');
  return { file, model, opset, inputs, outputs, initializers, runtimeInitializers, nodes, elemTypes };
}
