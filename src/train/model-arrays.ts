/** Module <-> named typed arrays: the bridge between models and checkpoint files. */
import { formatShape, shapesEqual, type Tensor } from '../engine/index.js';
import type { NamedArrays } from './safetensors.js';

/** What training and checkpointing need of a model (nn's Module satisfies it). */
export interface TrainableModel {
  call(x: Tensor): Tensor;
  train(): unknown;
  eval(): unknown;
  parameters(): Tensor[];
  stateDict(): Map<string, Tensor>;
}

/** Copies a model's parameters and buffers out as named arrays. */
export function moduleArrays(model: { stateDict(): Map<string, Tensor> }): NamedArrays {
  const out: NamedArrays = new Map();
  for (const [name, t] of model.stateDict()) out.set(name, { dtype: t.dtype, shape: [...t.shape], data: t.toArray() });
  return out;
}

/** Writes named arrays into a model's state in place; lists every missing, unexpected or mis-shaped name. */
export function loadModuleArrays(model: { stateDict(): Map<string, Tensor> }, arrays: NamedArrays, source: string): void {
  const state = model.stateDict();
  const problems: string[] = [];
  for (const name of state.keys()) if (!arrays.has(name)) problems.push(`missing "${name}"`);
  for (const name of arrays.keys()) if (!state.has(name)) problems.push(`unexpected "${name}"`);
  for (const [name, t] of state) {
    const a = arrays.get(name);
    if (!a) continue;
    if (a.dtype !== t.dtype || !shapesEqual(a.shape, t.shape)) {
      problems.push(`"${name}" is ${a.dtype}${formatShape(a.shape)}, the model expects ${t.dtype}${formatShape(t.shape)}`);
    }
  }
  if (problems.length) throw new Error(`${source}: weights do not match the model: ${problems.join('; ')}`);
  for (const [name, t] of state) t.view().set(arrays.get(name)!.data);
}
