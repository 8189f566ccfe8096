/**
 * Reverse-mode autograd (after micrograd's `backward`): order the graph
 * topologically from the output, then walk it backwards applying each
 * primitive's rule from `gradRules`. Leaf tensors that require gradients
 * accumulate into `.grad`, which outlives the current `tidy` scope.
 */
import { DTYPES } from './dtype.js';
import { gradRules, NON_DIFFERENTIABLE, type GradContext, type GradRule } from './gradients.js';
import type { Primitive } from './primitives.js';
import { noGrad, runPrimitive } from './run.js';
import { keep } from './scope.js';
import { formatShape, shapesEqual } from './shape.js';
import { full, Tensor } from './tensor.js';
import { add } from './ops/elementwise.js';

function topoOrder(root: Tensor): Tensor[] {
  const order: Tensor[] = [];
  const seen = new Set<Tensor>();
  // Iterative DFS: deep networks would overflow a recursive one. Two parallel
  // stacks (tensor, expanded?) instead of a tuple per entry.
  const stack: Tensor[] = [root];
  const expandedFlags: boolean[] = [false];
  while (stack.length) {
    const t = stack.pop()!;
    if (expandedFlags.pop()!) {
      order.push(t);
      continue;
    }
    if (seen.has(t)) continue;
    seen.add(t);
    stack.push(t);
    expandedFlags.push(true);
    if (t.node) {
      const ins = t.node.inputs;
      for (let k = 0; k < ins.length; k++) {
        const i = ins[k]!;
        if (i.requiresGrad && !seen.has(i)) {
          stack.push(i);
          expandedFlags.push(false);
        }
      }
    }
  }
  return order;
}

/**
 * Back-propagates from `root`. `grad` defaults to 1 for a scalar root.
 * Set `retainGraph` to call backward again through the same graph.
 */
export function backward(root: Tensor, grad?: Tensor, opts: { retainGraph?: boolean } = {}): void {
  if (!root.requiresGrad) {
    throw new Error(`backward: tensor${root.label()} does not require grad; no parameter it depends on has requiresGrad = true (or it was computed under noGrad)`);
  }
  if (!grad && root.size !== 1) {
    throw new RangeError(`backward: tensor${root.label()} has shape ${formatShape(root.shape)}; give an output gradient or reduce it to a scalar first`);
  }
  if (!DTYPES[root.dtype].isFloat) throw new TypeError(`backward: tensor${root.label()} is ${root.dtype}; gradients need a float tensor`);
  noGrad(() => {
    const grads = new Map<Tensor, Tensor>();
    grads.set(root, grad ?? full(root.shape, 1, root.dtype, root.backend));
    const order = topoOrder(root);
    for (let k = order.length - 1; k >= 0; k--) {
      const t = order[k]!;
      const g = grads.get(t);
      if (!g) continue;
      const node = t.node;
      if (!node) {
        // A leaf: accumulate into .grad, which must survive the enclosing tidy().
        // A view gives the leaf its own Tensor object: rules may hand the same
        // gradient tensor to several inputs, and each leaf disposes its own.
        const own = t.grad ? add(t.grad, g) : g.viewAs(g.shape);
        if (t.grad) t.grad.dispose();
        t.grad = keep(own);
        continue;
      }
      const rule = gradRules[node.prim] as GradRule<Primitive> | typeof NON_DIFFERENTIABLE;
      if (rule === NON_DIFFERENTIABLE) continue;
      const ctx: GradContext<Primitive> = { inputs: node.inputs, output: t, params: node.params };
      const inGrads = rule(g, ctx);
      for (let i = 0; i < node.inputs.length; i++) {
        const input = node.inputs[i]!;
        const gi = inGrads[i];
        if (!gi || !input.requiresGrad) continue;
        if (!shapesEqual(gi.shape, input.shape)) {
          throw new Error(`backward: gradient rule of ${node.prim} gave input ${i} a gradient of shape ${formatShape(gi.shape)}, expected ${formatShape(input.shape)}`);
        }
        const prev = grads.get(input);
        grads.set(input, prev ? add(prev, gi) : gi);
      }
      if (!opts.retainGraph && t !== root) grads.delete(t);
    }
    if (!opts.retainGraph) for (const t of order) if (t.node) t.node = null;
  });
}

/** Detached copy-free alias: same storage, no gradient history. */
export function detach(t: Tensor): Tensor {
  // A same-shape reshape outside autograd: a view with no grad node, seen by tracers like any primitive.
  return noGrad(() => runPrimitive('reshape', [t], { shape: t.shape }));
}
