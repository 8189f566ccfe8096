/**
 * Records one forward pass as a list of events over numbered values, at two
 * levels:
 *  - a call of a layer that has an ONNX emitter (Conv2d, BatchNorm2d, ...)
 *    is one `module` event; the primitives inside that call are not recorded,
 *    since the layer is written as its own ONNX operator;
 *  - every other primitive (functional code in a forward: `x.relu()`, the
 *    residual `add`, reshapes) is one `primitive` event, seen through
 *    `tracePrimitives`.
 * A tensor that reaches an event without coming from the input, a
 * parameter/buffer or an earlier event is a constant (its values are copied
 * now). Views are primitives too (reshape, leading-axis slice, detach all go
 * through runPrimitive), so nothing computed from the input reaches an event
 * unseen.
 */
import { formatShape, tracePrimitives, type DType, type ParamsOf, type Primitive, type Tensor, type TypedArray } from '../../../engine/index.js';
import type { Module } from '../../../nn/index.js';

export type ValueId = number;

export type ValueSource =
  | { readonly kind: 'input' }
  | { readonly kind: 'param'; readonly name: string; readonly tensor: Tensor }
  | { readonly kind: 'const'; readonly data: TypedArray }
  | { readonly kind: 'produced' };

export interface TracedValue {
  readonly shape: readonly number[];
  readonly dtype: DType;
  readonly source: ValueSource;
}

export interface PrimitiveEvent<P extends Primitive = Primitive> {
  readonly kind: 'primitive';
  readonly prim: P;
  readonly params: ParamsOf<P>;
  readonly inputs: readonly ValueId[];
  readonly output: ValueId;
  /** The innermost module running, as errors name it (`Conv2d "stack1.main.conv1"`). */
  readonly where: string;
  /** Its dotted path, for node names ('' at the root). */
  readonly path: string;
}

export interface ModuleEvent {
  readonly kind: 'module';
  readonly module: Module;
  readonly input: ValueId;
  readonly output: ValueId;
  readonly where: string;
  readonly path: string;
}

export type TraceEvent = PrimitiveEvent | ModuleEvent;

export interface Trace {
  readonly values: readonly TracedValue[];
  readonly events: readonly TraceEvent[];
  readonly input: ValueId;
  readonly output: ValueId;
}

class Tracer {
  readonly values: TracedValue[] = [];
  readonly events: TraceEvent[] = [];
  private readonly ids = new Map<Tensor, ValueId>();
  /** Tensors made inside a layer exported as one operator: they do not exist in the graph. */
  private readonly hidden = new WeakMap<Tensor, string>();
  private readonly paramNames = new Map<Tensor, string>();
  private readonly modulePaths: Map<Module, string>;
  private readonly stack: Module[] = [];
  private fused: { module: Module; input: ValueId; depth: number } | null = null;

  constructor(
    model: Module,
    private readonly hasEmitter: (m: Module) => boolean,
  ) {
    this.modulePaths = new Map(model.namedModules().map(([path, m]) => [m, path]));
    for (const [name, t] of model.stateDict()) if (!this.paramNames.has(t)) this.paramNames.set(t, name);
  }

  label(m: Module | undefined): string {
    if (!m) return '(model input)';
    const path = this.modulePaths.get(m) ?? m.path;
    return path === '' ? m.typeName : `${m.typeName} "${path}"`;
  }

  private get where(): string {
    return this.label(this.stack[this.stack.length - 1]);
  }

  private get path(): string {
    const m = this.stack[this.stack.length - 1];
    return m ? (this.modulePaths.get(m) ?? m.path) : '';
  }

  private add(t: Tensor, source: ValueSource): ValueId {
    const id = this.values.length;
    this.values.push({ shape: [...t.shape], dtype: t.dtype, source });
    this.ids.set(t, id);
    return id;
  }

  addInput(t: Tensor): ValueId {
    return this.add(t, { kind: 'input' });
  }

  /** The value of a tensor that an event reads, registering parameters and constants on first sight. */
  valueOf(t: Tensor): ValueId {
    const known = this.ids.get(t);
    if (known !== undefined) return known;
    const param = this.paramNames.get(t);
    if (param !== undefined) return this.add(t, { kind: 'param', name: param, tensor: t });
    const inside = this.hidden.get(t);
    if (inside !== undefined) {
      throw new Error(
        `${this.where} reads a tensor ${formatShape(t.shape)} computed inside ${inside}, which is exported as one ONNX operator, so that intermediate does not exist in the graph; ` +
          'return it from the layer or compute it outside',
      );
    }
    return this.add(t, { kind: 'const', data: t.toArray() });
  }

  record<P extends Primitive>(prim: P, inputs: readonly Tensor[], params: ParamsOf<P>, out: Tensor): ValueId {
    const ins = inputs.map((t) => this.valueOf(t));
    const output = this.add(out, { kind: 'produced' });
    this.events.push({ kind: 'primitive', prim, params, inputs: ins, output, where: this.where, path: this.path } as PrimitiveEvent);
    return output;
  }

  observe<P extends Primitive>(prim: P, inputs: readonly Tensor[], params: ParamsOf<P>, out: Tensor): void {
    if (this.fused) {
      this.hidden.set(out, this.label(this.fused.module));
      return;
    }
    this.record(prim, inputs, params, out);
  }

  pre(m: Module, x: Tensor): void {
    if (this.fused) this.fused.depth++;
    else if (this.hasEmitter(m)) this.fused = { module: m, input: this.valueOf(x), depth: 1 };
    this.stack.push(m);
  }

  post(m: Module, _x: Tensor, y: Tensor): void {
    const f = this.fused;
    if (!f || --f.depth > 0) {
      this.stack.pop();
      return;
    }
    const path = this.path;
    this.stack.pop();
    this.fused = null;
    // A layer that returns its input (Dropout in eval, Upsample by 1) adds nothing: its output is the known value.
    const output = this.ids.get(y) ?? this.add(y, { kind: 'produced' });
    this.events.push({ kind: 'module', module: m, input: f.input, output, where: this.label(m), path });
  }
}

/**
 * Runs `model.call(input)` once and records it. The caller sets eval mode,
 * no-grad and a tidy scope; `hasEmitter` says which layers are written as
 * whole ONNX operators.
 */
export function traceForward(model: Module, input: Tensor, hasEmitter: (m: Module) => boolean): Trace {
  const tracer = new Tracer(model, hasEmitter);
  const inputId = tracer.addInput(input);
  const removers = model.namedModules().map(([, m]) =>
    m.addHooks({ pre: (mod, x) => tracer.pre(mod, x), post: (mod, x, y) => tracer.post(mod, x, y) }),
  );
  let y: Tensor;
  try {
    y = tracePrimitives((prim, inputs, params, out) => tracer.observe(prim, inputs, params, out), () => model.call(input));
  } finally {
    for (const remove of removers) remove();
  }
  const output = tracer.valueOf(y);
  return { values: tracer.values, events: tracer.events, input: inputId, output };
}
