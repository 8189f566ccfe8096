/**
 * Turns a recorded forward pass into an ONNX graph: each event goes through
 * its emitter (module-emitters.ts for layers, primitive-emitters.ts for the
 * rest), values become names, parameters become initializers under their
 * state-dict names and other captured tensors become `const_N` initializers.
 * Problems are collected over the whole trace and thrown together.
 */
import { formatShape, type Tensor } from '../../../engine/index.js';
import type { Module } from '../../../nn/index.js';
import { valueInfo, type IGraphProto } from '../proto.js';
import { isBatchDim, symbolicDims, valueInfoDims, type SymDim, type TraceBatches } from './batch-dims.js';
import { OnnxExportError } from './errors.js';
import { GraphBuilder, ONNX_DTYPE } from './graph-builder.js';
import { moduleEmitterFor } from './module-emitters.js';
import { isNotExportable, PRIMITIVE_EMITTERS, type PrimitiveEmitContext, type PrimitiveEmitter } from './primitive-emitters.js';
import type { ModuleEvent, PrimitiveEvent, Trace, ValueId } from './trace.js';

export interface EmitGraphOptions {
  readonly opset: number;
  readonly inputName: string;
  readonly outputName: string;
  readonly graphName: string;
  /** Symbolic name of the batch axis when it is dynamic. */
  readonly batchName: string;
}

/** Throws unless both traces took the same path: same events over the same values. */
export function assertSameStructure(main: Trace, alt: Trace, batches: TraceBatches, model: string): void {
  const differs = (i: number): boolean => {
    const a = main.events[i]!, b = alt.events[i]!;
    if (a.kind !== b.kind || a.output !== b.output) return true;
    if (a.kind === 'module') return b.kind !== 'module' || a.module !== b.module || a.input !== b.input;
    return b.kind !== 'primitive' || a.prim !== b.prim || a.inputs.join() !== b.inputs.join();
  };
  const n = Math.max(main.events.length, alt.events.length);
  for (let i = 0; i < n; i++) {
    if (i < main.events.length && i < alt.events.length && !differs(i)) continue;
    const at = main.events[i]?.where ?? alt.events[i]?.where ?? '?';
    throw new OnnxExportError(model, [
      `the forward pass takes a different path at batch ${batches.main} and batch ${batches.alt} (first difference at event ${i}, in ${at}); ` +
        'a graph with a dynamic batch cannot follow data- or batch-dependent control flow — export with a fixed batch (options.batch)',
    ]);
  }
}

/** Values the output depends on: events producing anything else are dead and not emitted (nor checked). */
function liveValues(trace: Trace): Set<ValueId> {
  const live = new Set([trace.output]);
  for (let i = trace.events.length - 1; i >= 0; i--) {
    const ev = trace.events[i]!;
    if (!live.has(ev.output)) continue;
    for (const id of ev.kind === 'module' ? [ev.input] : ev.inputs) live.add(id);
  }
  return live;
}

export function emitGraph(model: Module, main: Trace, alt: Trace | undefined, batches: TraceBatches, o: EmitGraphOptions): IGraphProto {
  const g = new GraphBuilder(o.opset, o.inputName);
  const paramNames = new Map<Tensor, string>();
  for (const [name, t] of model.stateDict()) if (!paramNames.has(t)) paramNames.set(t, name);
  const names = new Map<ValueId, string>();
  const problems: string[] = [];

  const sym = (id: ValueId, what: () => string): SymDim[] => symbolicDims(main.values[id]!.shape, alt?.values[id]!.shape, batches, what);
  const nameOf = (id: ValueId): string => {
    const known = names.get(id);
    if (known !== undefined) return known;
    const v = main.values[id]!;
    let name: string;
    switch (v.source.kind) {
      case 'input': name = o.inputName; break;
      case 'param': name = g.initializer(v.source.name, v.shape, v.source.tensor.toArray(), v.dtype); break;
      case 'const':
        if (sym(id, () => 'a constant').some(isBatchDim)) {
          throw new Error(
            `a constant of shape ${formatShape(v.shape)} read in the forward pass has a size that follows the batch (a tensor built from x.shape[0]?); ` +
              'its values would be frozen at the traced batch: derive it from the input (e.g. mul(x, 0)) or export with a fixed batch (options.batch)',
          );
        }
        name = g.constant(v.source.data, v.shape, v.dtype);
        break;
      case 'produced': throw new Error(`ONNX export: value ${id} is read before it is produced (internal error)`);
      default: return v.source satisfies never;
    }
    names.set(id, name);
    return name;
  };
  const param = (t: Tensor): string => {
    const name = paramNames.get(t);
    return name !== undefined ? g.initializer(name, t.shape, t.toArray(), t.dtype) : g.constant(t.toArray(), t.shape, t.dtype);
  };
  const nodeName = (path: string): string => path || model.typeName;

  const emitModule = (ev: ModuleEvent): string => {
    const emit = moduleEmitterFor(ev.module)!;
    return emit({
      g, module: ev.module, input: nameOf(ev.input), inputShape: sym(ev.input, () => `${ev.where}: input`),
      dtype: main.values[ev.input]!.dtype, name: nodeName(ev.path), where: ev.where, param,
    });
  };
  const emitPrimitive = (ev: PrimitiveEvent, altEv: PrimitiveEvent | undefined): string | null => {
    const rule = PRIMITIVE_EMITTERS[ev.prim];
    if (isNotExportable(rule)) {
      problems.push(`primitive "${ev.prim}" in ${ev.where} is not exportable: ${rule.reason}`);
      return null;
    }
    const c: PrimitiveEmitContext<typeof ev.prim> = {
      g, inputs: ev.inputs.map(nameOf), params: ev.params, altParams: altEv?.params ?? ev.params, batches,
      inputShapes: ev.inputs.map((id, i) => sym(id, () => `${ev.where}: ${ev.prim} input ${i}`)),
      inputDTypes: ev.inputs.map((id) => main.values[id]!.dtype), outputDType: main.values[ev.output]!.dtype,
      name: nodeName(ev.path), where: ev.where,
    };
    return (rule as PrimitiveEmitter<typeof ev.prim>)(c);
  };

  const live = liveValues(main);
  main.events.forEach((ev, i) => {
    if (!live.has(ev.output) || names.has(ev.output) || (ev.kind === 'module' && ev.output === ev.input)) return;
    try {
      const out = ev.kind === 'module' ? emitModule(ev) : emitPrimitive(ev, alt?.events[i] as PrimitiveEvent | undefined);
      // A failed event still gets a name, so later events report their own problems rather than this one again.
      names.set(ev.output, out ?? `unexportable_${ev.output}`);
    } catch (err) {
      if (err instanceof OnnxExportError) throw err;
      problems.push(err instanceof Error ? err.message : String(err));
      names.set(ev.output, `unexportable_${ev.output}`);
    }
  });
  if (problems.length) throw new OnnxExportError(model.typeName, problems);

  const inDims = valueInfoDims(sym(main.input, () => 'the model input'), o.batchName);
  const out = main.values[main.output]!;
  const outDims = valueInfoDims(sym(main.output, () => 'the model output'), o.batchName);
  return g.build(o.graphName, valueInfo(o.inputName, inDims, ONNX_DTYPE[main.values[main.input]!.dtype]), nameOf(main.output), valueInfo(o.outputName, outDims, ONNX_DTYPE[out.dtype]));
}
