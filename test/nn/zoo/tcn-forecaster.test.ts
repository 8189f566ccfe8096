/**
 * The TCN forecaster: receptive field 1 + 2·(2^levels − 1), unpadded
 * dilated convolutions (an output of the stack sees exactly the readings of
 * its field, so the newest reading reaches only the newest output), one
 * dense head to C · horizon values, MACs in closed form.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { noGrad, Rng, randn, tensor, tidy } from '../../../src/engine/index.js';
import { createModel, summarize, tcnForecaster, tcnReceptiveField, type Module } from '../../../src/nn/index.js';

// 2 channels, 24 readings, 3 levels (dilations 1, 2, 4): field 15, the stack leaves 24 − 15 + 1 = 10 outputs.
const CONFIG = { inputChannels: 2, inputLength: 24, horizon: 3, width: 4, levels: 3, seed: 3 };

test('tcnReceptiveField doubles its reach per level (kernel 3)', () => {
  assert.deepEqual([1, 2, 3, 4].map(tcnReceptiveField), [3, 7, 15, 31]);
});

test('output [N, C · horizon]; MACs in closed form', () => {
  const model = tcnForecaster(CONFIG);
  model.eval();
  const y = noGrad(() => model.call(randn([5, 2, 24], new Rng(1))));
  assert.deepEqual(y.shape, [5, 6]);
  // level0: 4 out · 22 samples · 2 in · 3 taps; level1 (dilation 2): 4 · 18 · 4 · 3; level2 (dilation 4): 4 · 10 · 4 · 3; head: (4 · 10) · 6.
  assert.equal(summarize(model, [2, 24]).totalMacs, 4 * 22 * 2 * 3 + 4 * 18 * 4 * 3 + 4 * 10 * 4 * 3 + 40 * 6);
  assert.deepEqual(model.spec, { name: 'tcnForecaster', config: CONFIG });
  assert.equal(createModel('tcnForecaster', CONFIG).typeName, 'tcnForecaster');
});

test('each output of the dilated stack sees exactly its receptive field: the newest reading reaches only the newest output', () => {
  const model = tcnForecaster(CONFIG);
  model.eval();
  const levels = ['level0', 'level1', 'level2'].map((n) => model.childNamed(n) as Module);
  const convs = levels.map((l) => l.childNamed('conv') as Module);
  const field = tcnReceptiveField(CONFIG.levels);
  const outputs = 24 - field + 1;
  const base = randn([1, 2, 24], new Rng(4)).toArray() as Float32Array;
  const run = (stack: Module[], x: Float32Array): Float32Array =>
    noGrad(() => tidy(() => stack.reduce((h, m) => m.call(h), tensor(x, [1, 2, 24])).toArray() as Float32Array));
  /** Outputs (time steps) that change when reading p of both channels changes. */
  const reach = (stack: Module[], p: number): number[] => {
    const x = Float32Array.from(base);
    x[p] = x[p]! + 5;
    x[24 + p] = x[24 + p]! - 5;
    const y0 = run(stack, base);
    const y = run(stack, x);
    assert.equal(y.length, 4 * outputs);
    const changed = new Set<number>();
    for (let i = 0; i < y.length; i++) if (y[i] !== y0[i]) changed.add(i % outputs);
    return [...changed].sort((a, b) => a - b);
  };
  for (const p of [0, 3, 12, 23]) {
    // Output t sees readings t .. t + field − 1: exactly, through the (linear) dilated convolutions...
    const want = Array.from({ length: outputs }, (_, t) => t).filter((t) => t <= p && p <= t + field - 1);
    assert.deepEqual(reach(convs, p), want, `reading ${p}`);
    // ...and never beyond it through the whole levels (ReLU may hide some).
    for (const t of reach(levels, p)) assert.ok(want.includes(t), `reading ${p} changed output ${t}, outside its field`);
  }
  assert.deepEqual(reach(convs, 23), [outputs - 1]);
});

test('a window shorter than the receptive field is refused, naming both', () => {
  assert.throws(() => tcnForecaster({ inputLength: 30, levels: 4 }), (e: unknown) => e instanceof RangeError && /inputLength \(30\)/.test(e.message) && /receptive field of 4 levels \(31\)/.test(e.message));
  assert.throws(() => tcnForecaster({ horizon: 0 }), /"horizon" must be an integer >= 1/);
  assert.doesNotThrow(() => tcnForecaster({ inputLength: 31, levels: 4 }));
});
