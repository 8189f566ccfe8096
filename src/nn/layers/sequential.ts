/**
 * Runs layers in order. Children are named by position ('0', '1', ...) when
 * given as an array, or by key when given as an object (as PyTorch's
 * `Sequential(OrderedDict(...))`), which fixes the state-dict names.
 */
import type { Tensor } from '../../engine/index.js';
import { Module } from '../module.js';

export class Sequential extends Module {
  /** Read from the child map, so `replaceChild` swaps a layer in place. */
  private get layers(): readonly Module[] {
    return this.childModules();
  }

  constructor(layers: readonly Module[] | Readonly<Record<string, Module>> = []) {
    super();
    const entries = Array.isArray(layers) ? layers.map((m, i) => [String(i), m] as const) : Object.entries(layers);
    for (const [name, m] of entries) this.append(m, name);
  }

  /** Adds a layer at the end, named `name` or its position. */
  append(m: Module, name = String(this.layers.length)): this {
    this.child(name, m);
    return this;
  }

  get length(): number {
    return this.layers.length;
  }

  /** The layer at `index` (negative counts from the end). */
  at(index: number): Module {
    const m = this.layers.at(index);
    if (!m) throw new RangeError(`${this.label}: no layer at index ${index} (it has ${this.layers.length})`);
    return m;
  }

  [Symbol.iterator](): Iterator<Module> {
    return this.layers[Symbol.iterator]();
  }

  forward(x: Tensor): Tensor {
    const layers = this.childModules();
    let y = x;
    // An index loop: no iterator per call on the hot path.
    for (let i = 0; i < layers.length; i++) y = layers[i]!.call(y);
    return y;
  }
}
