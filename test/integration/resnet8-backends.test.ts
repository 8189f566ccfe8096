/**
 * One ResNet-8 training step (forward, backward, SGD with momentum) gives the
 * same loss and the same updated weights on the WebAssembly backend as on the
 * reference backend.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Rng, getBackend, setBackend, tensor, tidy, type Tensor } from '../../src/engine/index.js';
import { createModel } from '../../src/nn/index.js';
import { SGD, crossEntropy } from '../../src/train/index.js';

function wasmAvailable(): string | undefined {
  try {
    getBackend('wasm');
    return undefined;
  } catch (e) {
    return `WebAssembly backend unavailable: ${(e as Error).message}`;
  }
}

function trainStep(backendName: string, x: Float32Array, y: Int32Array): { loss: number; weights: Map<string, Float32Array> } {
  setBackend(backendName);
  const model = createModel('resnet8', { seed: 3 });
  const opt = new SGD(model.parameters(), { lr: 0.1, momentum: 0.9, weightDecay: 5e-4 });
  const loss = tidy(() => {
    const l = crossEntropy(model.call(tensor(x, [y.length, 3, 32, 32])), y);
    opt.zeroGrad();
    l.backward();
    opt.step();
    return l.item();
  });
  const weights = new Map<string, Float32Array>();
  for (const [name, t] of model.stateDict()) weights.set(name, (t as Tensor).toArray() as Float32Array);
  model.dispose();
  return { loss, weights };
}

test('ResNet-8: one training step matches between the wasm and reference backends', { skip: wasmAvailable() }, () => {
  const rng = new Rng(11);
  const n = 4;
  const x = Float32Array.from({ length: n * 3 * 32 * 32 }, () => rng.normal());
  const y = Int32Array.from({ length: n }, () => rng.int(10));
  const ref = trainStep('reference', x, y);
  const wasm = trainStep('wasm', x, y);
  setBackend('reference');
  assert.ok(Math.abs(ref.loss - wasm.loss) <= 1e-4 * Math.max(1, Math.abs(ref.loss)), `loss ${ref.loss} vs ${wasm.loss}`);
  assert.equal(wasm.weights.size, ref.weights.size);
  let worst = 0;
  for (const [name, r] of ref.weights) {
    const w = wasm.weights.get(name)!;
    let scale = 1e-3;
    for (const v of r) scale = Math.max(scale, Math.abs(v));
    for (let i = 0; i < r.length; i++) {
      const err = Math.abs(r[i]! - w[i]!) / scale;
      worst = Math.max(worst, err);
      assert.ok(err <= 1e-3, `${name}[${i}]: reference ${r[i]} vs wasm ${w[i]} (error ${err.toExponential(2)} of the tensor's scale)`);
    }
  }
  assert.ok(worst < 1e-3);
});
