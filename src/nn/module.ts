/**
 * Module: the unit models are built from (after PyTorch's `nn.Module`). A
 * module owns named parameters (trained), buffers (state that is saved but not
 * trained, such as batch-norm running statistics) and child modules, and
 * exposes them under dotted paths (`stack2.main.conv1.weight`) so a state dict
 * reads like PyTorch's and round-trips through checkpoints.
 *
 * Containers run their children through `call`, which wraps `forward` in the
 * pre/post hooks registered with `addHooks`; that is how the model summary
 * (summary.ts) observes every layer without the layers knowing about it.
 */
import { formatShape, keep, shapesEqual, type Shape, type Tensor } from '../engine/index.js';

/** Work of one call of a layer, per sample. */
/**
 * How a layer's MACs are computed, which decides their cost per MAC on a
 * device: kernel libraries run a depthwise convolution (one short dot
 * product per output) far less efficiently than a dense convolution or a
 * matrix product (CMSIS-NN's separate depthwise kernels; TFLite's
 * depthwise_conv vs conv). 'elementwise' layers have only `ops`.
 */
export type OpClass = 'conv' | 'depthwise' | 'dense' | 'elementwise' | 'none';

/** 'depthwise' when every group holds one input channel (and there is more than one), else 'conv'. */
export function convOpClass(inChannels: number, groups: number): OpClass {
  return groups > 1 && groups === inChannels ? 'depthwise' : 'conv';
}

export interface LayerCost {
  /** Multiply-accumulates (the GEMM / convolution work). */
  macs: number;
  /** Defaults to 'conv' when there are MACs, 'elementwise' when only ops, else 'none'. */
  opClass?: OpClass;
  /**
   * Other elementwise operations (activations, normalisation, pooling
   * comparisons, residual additions), counted once per element touched;
   * an order of magnitude for the energy model, not a FLOP count.
   */
  ops: number;
}

/** Observers of one module's `call`. Both see the batch as it flows. */
export interface CallHooks {
  pre?(module: Module, input: Tensor): void;
  post?(module: Module, input: Tensor, output: Tensor): void;
}

export interface LoadStateDictOptions {
  /**
   * When true (the default), every name of the model must be present and no
   * other name may appear. When false, missing and unknown names are skipped;
   * a shape mismatch is always an error.
   */
  strict?: boolean;
}

function joinPath(prefix: string, name: string): string {
  return prefix === '' ? name : `${prefix}.${name}`;
}

function assertLocalName(kind: string, owner: Module, name: string): void {
  if (name === '' || name.includes('.')) {
    throw new RangeError(`${owner.label}: ${kind} name "${name}" must be non-empty and contain no "." (dots separate path segments)`);
  }
}

export abstract class Module {
  /** Training mode (batch statistics, dropout active). Set recursively with `train()` / `eval()`. */
  training = true;
  private readonly paramMap = new Map<string, Tensor>();
  private readonly bufferMap = new Map<string, Tensor>();
  private readonly childMap = new Map<string, Module>();
  /** The children in order, rebuilt when the child map changes: containers loop over it on every call without an iterator. */
  private childArray: readonly Module[] | null = null;
  private readonly hooks = new Set<CallHooks>();
  private modulePath = '';

  /** The class name shown in summaries and errors (`Conv2d`). */
  get typeName(): string {
    return this.constructor.name;
  }

  /** Dotted path from the root model (`stack2.main.conv1`); '' for the root. */
  get path(): string {
    return this.modulePath;
  }

  /** How errors name this module: `Conv2d "stack2.main.conv1"`, or just the type for a root. */
  get label(): string {
    return this.modulePath === '' ? this.typeName : `${this.typeName} "${this.modulePath}"`;
  }

  /** True when the module has no children (a layer rather than a container). */
  get isLeaf(): boolean {
    return this.childMap.size === 0;
  }

  /**
   * Registers a trainable parameter. The tensor is taken out of any open
   * `tidy` scope (parameters outlive every step), gets requiresGrad = true
   * and is named by its dotted path.
   */
  protected param(name: string, t: Tensor): Tensor {
    this.assertFreeName(name);
    keep(t);
    t.requiresGrad = true;
    t.name = joinPath(this.modulePath, name);
    this.paramMap.set(name, t);
    return t;
  }

  /** Registers saved, untrained state (running statistics). */
  protected buffer(name: string, t: Tensor): Tensor {
    this.assertFreeName(name);
    keep(t);
    t.requiresGrad = false;
    t.name = joinPath(this.modulePath, name);
    this.bufferMap.set(name, t);
    return t;
  }

  /** Registers a child module; it and its subtree are renamed under this module's path. */
  protected child<M extends Module>(name: string, m: M): M {
    this.assertFreeName(name);
    if (!(m instanceof Module)) throw new TypeError(`${this.label}: child "${name}" is not a Module`);
    this.childMap.set(name, m);
    this.childArray = null;
    m.setPath(joinPath(this.modulePath, name));
    return m;
  }

  private assertFreeName(name: string): void {
    assertLocalName('member', this, name);
    if (this.paramMap.has(name) || this.bufferMap.has(name) || this.childMap.has(name)) {
      throw new RangeError(`${this.label}: "${name}" is already registered`);
    }
  }

  /** Re-roots this subtree at `path` (children are built before their parents know where they sit). */
  private setPath(path: string): void {
    this.modulePath = path;
    for (const [n, t] of this.paramMap) t.name = joinPath(path, n);
    for (const [n, t] of this.bufferMap) t.name = joinPath(path, n);
    for (const [n, c] of this.childMap) c.setPath(joinPath(path, n));
  }

  abstract forward(x: Tensor): Tensor;

  /** `forward` between the registered hooks. Containers call their children through this. */
  call(x: Tensor): Tensor {
    // Hooks are rare (summaries, tracing); without them a call costs no Set iterator.
    if (this.hooks.size === 0) return this.forward(x);
    for (const h of this.hooks) h.pre?.(this, x);
    const y = this.forward(x);
    for (const h of this.hooks) h.post?.(this, x, y);
    return y;
  }

  /** Adds call hooks to this module (not its children); returns the function that removes them. */
  addHooks(hooks: CallHooks): () => void {
    this.hooks.add(hooks);
    return () => {
      this.hooks.delete(hooks);
    };
  }

  /**
   * Work per sample of one call with these per-sample shapes (batch axis
   * removed). Layers override it; containers keep the default of nothing,
   * since their children are counted on their own.
   */
  cost(_inputShape: Shape, _outputShape: Shape): LayerCost {
    return { macs: 0, ops: 0 };
  }

  /**
   * Puts `m` where the child `name` was, keeping its position (the forward
   * order of a Sequential) and re-rooting it under this module's path. Model
   * transforms use it (BatchNorm folding, channel pruning, quantization): a
   * layer whose shape changes is rebuilt and swapped in, rather than mutated.
   * Returns the module it replaced.
   */
  replaceChild(name: string, m: Module): Module {
    const old = this.childMap.get(name);
    if (!old) throw new RangeError(`${this.label}: no child "${name}"; children: ${[...this.childMap.keys()].join(', ') || '(none)'}`);
    if (!(m instanceof Module)) throw new TypeError(`${this.label}: replacement for child "${name}" is not a Module`);
    this.childMap.set(name, m);
    this.childArray = null;
    m.setPath(joinPath(this.modulePath, name));
    return old;
  }

  /** The direct child `name`, or undefined. */
  childNamed(name: string): Module | undefined {
    return this.childMap.get(name);
  }

  /** Direct children in registration order (a shared array: do not modify it). */
  protected childModules(): readonly Module[] {
    return (this.childArray ??= [...this.childMap.values()]);
  }

  /** Direct children with their local names, in registration order. */
  namedChildren(): [string, Module][] {
    return [...this.childMap];
  }

  /** This module and every descendant, depth first, with dotted paths relative to this module. */
  namedModules(): [string, Module][] {
    const out: [string, Module][] = [];
    const visit = (m: Module, prefix: string): void => {
      out.push([prefix, m]);
      for (const [n, c] of m.childMap) visit(c, joinPath(prefix, n));
    };
    visit(this, '');
    return out;
  }

  /** Parameters registered on this module itself (not its children), by local name. */
  ownParameters(): [string, Tensor][] {
    return [...this.paramMap];
  }

  /** Buffers registered on this module itself, by local name. */
  ownBuffers(): [string, Tensor][] {
    return [...this.bufferMap];
  }

  /** Every parameter by dotted path; a parameter shared by two modules is listed once. */
  namedParameters(): [string, Tensor][] {
    return this.collect((m) => m.paramMap);
  }

  parameters(): Tensor[] {
    return this.namedParameters().map(([, t]) => t);
  }

  namedBuffers(): [string, Tensor][] {
    return this.collect((m) => m.bufferMap);
  }

  /** Total number of trainable elements. */
  numParameters(): number {
    return this.parameters().reduce((n, t) => n + t.size, 0);
  }

  private collect(pick: (m: Module) => Map<string, Tensor>): [string, Tensor][] {
    const out: [string, Tensor][] = [];
    const seen = new Set<Tensor>();
    for (const [prefix, m] of this.namedModules()) {
      for (const [n, t] of pick(m)) {
        if (seen.has(t)) continue;
        seen.add(t);
        out.push([joinPath(prefix, n), t]);
      }
    }
    return out;
  }

  /**
   * Parameters then buffers of each module, depth first, by dotted path: the
   * live tensors, so writing into one writes into the model.
   */
  stateDict(): Map<string, Tensor> {
    const out = new Map<string, Tensor>();
    for (const [prefix, m] of this.namedModules()) {
      for (const [n, t] of m.paramMap) out.set(joinPath(prefix, n), t);
      for (const [n, t] of m.bufferMap) out.set(joinPath(prefix, n), t);
    }
    return out;
  }

  /**
   * Copies values from `state` into the model's tensors. Everything is
   * checked before anything is written, so a failed load leaves the model
   * as it was; the error lists every missing, unknown and mis-shaped name.
   */
  loadStateDict(state: ReadonlyMap<string, Tensor>, options: LoadStateDictOptions = {}): void {
    const strict = options.strict ?? true;
    const own = this.stateDict();
    const missing = [...own.keys()].filter((k) => !state.has(k));
    const unknown = [...state.keys()].filter((k) => !own.has(k));
    const mismatched: string[] = [];
    for (const [k, t] of own) {
      const src = state.get(k);
      if (src && !shapesEqual(src.shape, t.shape)) mismatched.push(`"${k}" has shape ${formatShape(src.shape)}, expected ${formatShape(t.shape)}`);
    }
    const problems: string[] = [];
    if (strict && missing.length) problems.push(`missing ${missing.map((k) => `"${k}"`).join(', ')}`);
    if (strict && unknown.length) problems.push(`unknown ${unknown.map((k) => `"${k}"`).join(', ')}`);
    problems.push(...mismatched);
    if (problems.length) throw new Error(`${this.label}.loadStateDict: ${problems.join('; ')}`);
    for (const [k, t] of own) {
      const src = state.get(k);
      if (!src || src === t) continue;
      // TypedArray.set converts between element types (e.g. a float64 checkpoint into float32).
      const data = src.backend === t.backend ? src.view() : src.toArray();
      t.view().set(data);
    }
  }

  /** Sets training mode on this module and every descendant. */
  train(on = true): this {
    for (const [, m] of this.namedModules()) m.training = on;
    return this;
  }

  eval(): this {
    return this.train(false);
  }

  /** Drops every parameter's gradient. */
  zeroGrad(): void {
    for (const p of this.parameters()) {
      if (p.grad) {
        p.grad.dispose();
        p.grad = null;
      }
    }
  }

  /** Releases every parameter and buffer; the module cannot run afterwards. */
  dispose(): void {
    for (const [, m] of this.namedModules()) {
      for (const t of m.paramMap.values()) t.dispose();
      for (const t of m.bufferMap.values()) t.dispose();
    }
  }
}
