/** Module bookkeeping: names, state dicts, modes, hooks, lifetimes. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { tensor, tidy, zeros, type Tensor } from '../../src/engine/index.js';
import { BatchNorm1d, Linear, Module, ReLU, Sequential } from '../../src/nn/index.js';

class Block extends Module {
  readonly fc: Linear;
  readonly bn: BatchNorm1d;
  readonly scale: Tensor;

  constructor() {
    super();
    this.scale = this.param('scale', tensor([2]));
    this.fc = this.child('fc', new Linear(3, 2));
    this.bn = this.child('bn', new BatchNorm1d(2));
  }

  forward(x: Tensor): Tensor {
    return this.bn.call(this.fc.call(x)).mul(this.scale);
  }
}

function model(): Sequential {
  return new Sequential({ layer1: new Sequential([new Block(), new ReLU()]), head: new Linear(2, 1) });
}

test('parameters and buffers get dotted PyTorch-style names', () => {
  const m = model();
  assert.deepEqual(
    m.namedParameters().map(([n]) => n),
    ['layer1.0.scale', 'layer1.0.fc.weight', 'layer1.0.fc.bias', 'layer1.0.bn.weight', 'layer1.0.bn.bias', 'head.weight', 'head.bias'],
  );
  assert.deepEqual(m.namedBuffers().map(([n]) => n), ['layer1.0.bn.runningMean', 'layer1.0.bn.runningVar']);
  // Tensor names follow the final path although the children were built before their parents.
  for (const [n, t] of m.stateDict()) assert.equal(t.name, n);
  for (const p of m.parameters()) assert.equal(p.requiresGrad, true);
  for (const [, b] of m.namedBuffers()) assert.equal(b.requiresGrad, false);
  const fc = (m.namedModules().find(([n]) => n === 'layer1.0.fc')![1]) as Linear;
  assert.equal(fc.label, 'Linear "layer1.0.fc"');
  assert.equal(m.numParameters(), 1 + (6 + 2) + (2 + 2) + (2 + 1));
});

test('a registered name cannot be reused or contain a dot', () => {
  class Bad extends Module {
    constructor(name: string) {
      super();
      this.param('w', zeros([1]));
      this.param(name, zeros([1]));
    }
    forward(x: Tensor): Tensor {
      return x;
    }
  }
  assert.throws(() => new Bad('w'), /"w" is already registered/);
  assert.throws(() => new Bad('a.b'), /must be non-empty and contain no "\."/);
});

test('stateDict round trip copies values into a fresh model', () => {
  const a = model();
  const b = new Sequential({ layer1: new Sequential([new Block(), new ReLU()]), head: new Linear(2, 1) });
  // Make a differ from b's init.
  for (const p of a.parameters()) p.view().fill(0.25);
  a.stateDict().get('layer1.0.bn.runningMean')!.view().set([1, -1]);
  b.loadStateDict(a.stateDict());
  for (const [n, t] of b.stateDict()) assert.deepEqual(Array.from(t.toArray()), Array.from(a.stateDict().get(n)!.toArray()), n);
  // Values were copied, not shared.
  a.parameters()[0]!.view().fill(7);
  assert.equal(b.parameters()[0]!.toArray()[0], 0.25);
});

test('loadStateDict lists missing, unknown and mis-shaped names and writes nothing on failure', () => {
  const m = model();
  const before = Array.from(m.stateDict().get('head.weight')!.toArray());
  const state = new Map(m.stateDict());
  state.delete('head.bias');
  state.set('head.extra', zeros([1]));
  state.set('head.weight', zeros([1, 3]));
  state.set('layer1.0.scale', zeros([1]).add(5));
  assert.throws(
    () => m.loadStateDict(state),
    (e: Error) =>
      /missing "head\.bias"/.test(e.message) &&
      /unknown "head\.extra"/.test(e.message) &&
      /"head\.weight" has shape \[1, 3\], expected \[1, 2\]/.test(e.message),
  );
  assert.deepEqual(Array.from(m.stateDict().get('head.weight')!.toArray()), before);
  assert.notEqual(m.stateDict().get('layer1.0.scale')!.item(), 5);
  // Non-strict skips missing and unknown names, but never a shape mismatch.
  assert.throws(() => m.loadStateDict(state, { strict: false }), /"head\.weight" has shape \[1, 3\]/);
  state.delete('head.weight');
  m.loadStateDict(state, { strict: false });
  assert.equal(m.stateDict().get('layer1.0.scale')!.item(), 5);
});

test('train() and eval() set the flag on every descendant', () => {
  const m = model();
  assert.ok(m.namedModules().every(([, x]) => x.training));
  m.eval();
  assert.ok(m.namedModules().every(([, x]) => !x.training));
  m.train();
  assert.ok(m.namedModules().every(([, x]) => x.training));
});

test('call runs pre and post hooks around forward; removing them stops them', () => {
  const m = model();
  const seen: string[] = [];
  const leaves = m.namedModules().filter(([, x]) => x.isLeaf);
  const removers = leaves.map(([, x]) => x.addHooks({ pre: (mod) => seen.push(`>${mod.path}`), post: (mod, _i, y) => seen.push(`<${mod.path}${JSON.stringify(y.shape)}`) }));
  tidy(() => m.call(zeros([4, 3])));
  assert.deepEqual(seen, ['>layer1.0.fc', '<layer1.0.fc[4,2]', '>layer1.0.bn', '<layer1.0.bn[4,2]', '>layer1.1', '<layer1.1[4,2]', '>head', '<head[4,1]']);
  for (const r of removers) r();
  seen.length = 0;
  tidy(() => m.call(zeros([4, 3])));
  assert.deepEqual(seen, []);
});

test('parameters built inside tidy survive it; zeroGrad and dispose release what they own', () => {
  const m = tidy(() => model());
  for (const p of m.parameters()) assert.equal(p.disposed, false);
  tidy(() => m.call(tensor([[1, 2, 3], [0, 1, 0]])).sum().backward());
  assert.ok(m.parameters().every((p) => p.grad !== null));
  m.zeroGrad();
  assert.ok(m.parameters().every((p) => p.grad === null));
  m.dispose();
  assert.ok([...m.stateDict().values()].every((t) => t.disposed));
});
