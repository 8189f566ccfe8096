/**
 * calibrateActivations against the outputs computed directly: minmax ranges
 * are the exact extremes of every leaf's output in eval mode, keyed by
 * module path plus 'input'; the model's training flags and hooks are left as
 * they were; bad data is refused naming the expected per-sample shape.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { noGrad, randn, Rng, tensor, tidy, type Tensor } from '../../../src/engine/index.js';
import { cnn1d, Linear, ReLU, Sequential, type Module } from '../../../src/nn/index.js';
import { calibrateActivations, observeActivations, type ArrayBatch } from '../../../src/compress/quantize/calibration/calibrate-activations.js';

function arrayBatches(rng: Rng, sample: number[], count: number, size = 4): ArrayBatch[] {
  const n = sample.reduce((a, b) => a * b, 1);
  return Array.from({ length: count }, () => ({ x: Float32Array.from({ length: size * n }, () => rng.normal() * 2), shape: [size, ...sample], y: new Int32Array(size), size }));
}

function extremes(values: ArrayLike<number>[]): { min: number; max: number } {
  let min = Infinity;
  let max = -Infinity;
  for (const v of values) for (let i = 0; i < v.length; i++) [min, max] = [Math.min(min, v[i]!), Math.max(max, v[i]!)];
  return { min, max };
}

/** Every leaf's eval-mode output over the batches, computed by running the layers one by one. */
function directOutputs(model: Sequential, batches: ArrayBatch[]): Map<string, Float32Array[]> {
  const out = new Map<string, Float32Array[]>();
  model.eval();
  noGrad(() =>
    tidy(() => {
      for (const b of batches) {
        let x: Tensor = tensor(b.x, b.shape);
        for (const [name, layer] of model.namedChildren()) {
          x = layer.forward(x);
          out.set(name, [...(out.get(name) ?? []), x.toArray() as Float32Array]);
        }
      }
    }),
  );
  return out;
}

test('minmax ranges are the exact extremes of the input and of every leaf output, by path', () => {
  const model = new Sequential([new Linear(3, 5), new ReLU(), new Linear(5, 2)]);
  const batches = arrayBatches(new Rng(7), [3], 5);
  const ranges = calibrateActivations(model, batches, { method: 'minmax' });
  assert.deepEqual([...ranges.keys()], ['input', '0', '1', '2']);
  assert.deepEqual(ranges.get('input'), extremes(batches.map((b) => b.x)));
  const direct = directOutputs(model, batches);
  for (const name of ['0', '1', '2']) assert.deepEqual(ranges.get(name), extremes(direct.get(name)!), `layer ${name}`);
  assert.equal(ranges.get('1')!.min, 0, 'the ReLU output starts at 0');
});

test('calibration runs in eval mode and leaves flags and hooks as they were', () => {
  const model = cnn1d();
  model.train();
  const rng = new Rng(8);
  const batches = arrayBatches(rng, [3, 26], 3);
  const first = calibrateActivations(model, batches, { method: 'percentile', percentile: 99 });
  assert.ok(model.namedModules().every(([, m]) => m.training), 'training flags restored');
  // Batch norms in eval mode do not move their running statistics; a second pass sees the same model.
  const second = calibrateActivations(model, batches, { method: 'percentile', percentile: 99 });
  assert.deepEqual(first, second);
  // Dropout-free, batch-norm-in-eval outputs: the last layer's range equals the eval-mode logits' range.
  model.eval();
  const logits = noGrad(() => tidy(() => batches.map((b) => model.call(tensor(b.x, b.shape)).toArray())));
  const hist = observeActivations(model, batches);
  assert.deepEqual({ min: hist.get('fc')!.min, max: hist.get('fc')!.max }, extremes(logits));
  assert.ok(hist.has('block1.conv') && hist.has('block2.relu') && hist.has('pool'));
});

test('tensor batches work too, and a histogram per leaf comes back for other methods', () => {
  const model: Module = new Sequential({ fc: new Linear(4, 3), act: new ReLU() });
  const rng = new Rng(9);
  const batches = [randn([8, 4], rng), randn([3, 4], rng)];
  for (const method of ['entropy', 'mse', 'percentile'] as const) {
    const r = calibrateActivations(model, batches, { method, bins: 128 });
    assert.equal(r.size, 3);
    for (const [k, v] of r) assert.ok(v.min <= v.max, `${method} ${k}`);
  }
});

test('wrong-shaped or empty calibration data is refused before the model runs', () => {
  const model = cnn1d();
  const rng = new Rng(10);
  assert.throws(
    () => calibrateActivations(model, arrayBatches(rng, [3, 20], 1)),
    /batch 0 has shape \[4, 3, 20\]; expected \[N, 3, 26\] \(per-sample shape \[3, 26\] from model.inputShape = \[3, 26\]\)/,
  );
  assert.throws(() => calibrateActivations(model, []), /the calibration data held no batches/);
  const plain = new Sequential([new Linear(2, 2)]);
  assert.throws(() => calibrateActivations(plain, [randn([2, 2], rng), randn([2, 3], rng)]), /batch 1 has shape \[2, 3\]; expected \[N, 2\] \(per-sample shape \[2\] from the first batch\)/);
  assert.throws(() => calibrateActivations(plain, [{ x: new Float32Array(3), shape: [2, 2] }]), /batch 0 has 3 values but shape \[2, 2\] holds 4/);
  assert.throws(() => calibrateActivations(plain, [randn([1, 2], rng)], { method: 'percentile', percentile: 101 }), /percentile must be a number from 50 to 100/);
});
