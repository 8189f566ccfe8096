/**
 * Captures the outputs of chosen submodules during a forward pass, through
 * post-call hooks (Module.addHooks), so feature distillation needs nothing
 * from the models themselves. Modules are named by their dotted path
 * relative to the model (`namedModules()`: `stack2`, `block1.conv`).
 *
 * The captured tensors belong to the scope of the forward pass that made
 * them (the Trainer's per-step `tidy`): read them in the same step and call
 * `clear()` before the step ends, so no reference outlives its tensor.
 */
import type { Tensor } from '../../engine/index.js';
import type { Module } from '../../nn/index.js';

/** How a path appears in messages: the root's empty path is shown as `""`. */
function quotePath(path: string): string {
  return `"${path}"`;
}

/**
 * The module at each dotted path of `model`; an unknown path is an error
 * that names the model's `role` (teacher, student) and lists every path it has.
 */
export function modulesAt(model: Module, paths: readonly string[], role: string, who: string): Module[] {
  const byPath = new Map(model.namedModules());
  return paths.map((path) => {
    const m = byPath.get(path);
    if (!m) {
      const known = [...byPath.keys()].map(quotePath).join(', ');
      throw new RangeError(`${who}: the ${role} has no module at path ${quotePath(path)}; its module paths are ${known}`);
    }
    return m;
  });
}

export class FeatureCapture {
  private readonly outputs = new Map<string, Tensor>();
  private readonly removers: (() => void)[] = [];

  /** Hooks the modules at `paths` of `model` (see `modulesAt` for the error on an unknown path). */
  constructor(
    model: Module,
    readonly paths: readonly string[],
    private readonly role: string,
    who: string,
  ) {
    const modules = modulesAt(model, paths, role, who);
    modules.forEach((m, i) => {
      const path = paths[i]!;
      // A module called twice in one pass (weight sharing) keeps its last output.
      this.removers.push(m.addHooks({ post: (_module, _input, output) => void this.outputs.set(path, output) }));
    });
  }

  /** The output of the module at `path` in the latest forward pass. */
  get(path: string): Tensor {
    const t = this.outputs.get(path);
    if (!t) {
      throw new Error(`FeatureCapture: the ${this.role}'s module ${quotePath(path)} did not run in the last forward pass (is it skipped by its parent's forward?)`);
    }
    return t;
  }

  /** Forgets the captured outputs (call before the scope that owns them ends). */
  clear(): void {
    this.outputs.clear();
  }

  /** Removes the hooks; the models run as before. */
  remove(): void {
    for (const r of this.removers.splice(0)) r();
    this.outputs.clear();
  }
}
