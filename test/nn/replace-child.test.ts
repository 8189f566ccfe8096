import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tensor } from '../../src/engine/index.js';
import { Concat, Identity, Linear, ReLU, Residual, Sequential } from '../../src/nn/index.js';

test('replaceChild swaps a Sequential layer in place, keeping order and re-rooting the state-dict names', () => {
  const seq = new Sequential({ a: new Linear(2, 3), act: new ReLU(), b: new Linear(3, 1) });
  const swapped = new Linear(2, 3, { bias: false });
  const old = seq.replaceChild('a', swapped);
  assert.ok(old instanceof Linear);
  assert.equal(seq.at(0), swapped);
  assert.deepEqual([...seq.stateDict().keys()], ['a.weight', 'b.weight', 'b.bias']);
  assert.deepEqual(seq.call(tensor([[1, 2]])).shape, [1, 1]);
  assert.throws(() => seq.replaceChild('zz', new ReLU()), /no child "zz"; children: a, act, b/);
});

test('replaceChild reaches Residual branches and Concat branches', () => {
  const r = new Residual(new Sequential({ l: new Linear(2, 2) }), { activation: new ReLU() });
  r.replaceChild('main', new Identity());
  assert.ok(r.main instanceof Identity);
  assert.deepEqual(r.call(tensor([[1, -2]])).toArray(), new Float32Array([2, 0]));
  const c = new Concat({ x: new Identity(), y: new Identity() });
  c.replaceChild('y', new ReLU());
  assert.deepEqual(c.call(tensor([[1, -2]])).toArray(), new Float32Array([1, -2, 1, 0]));
});
