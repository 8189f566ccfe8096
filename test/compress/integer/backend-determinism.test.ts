/**
 * The integer path is bit-exact across backends: the same integer model
 * (rebuilt from one calibration, so every parameter is identical) gives the
 * same int8 outputs on the WebAssembly backend as on the reference backend.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randu, Rng, setBackend, tensor } from '../../../src/engine/index.js';
import { quantizeModel } from '../../../src/compress/integer/index.js';
import { int8Output, makeModel, normalBatches, settleBatchNorm, SMALL_ZOO, wasmUnavailable } from './helpers.js';

for (const m of SMALL_ZOO) {
  test(`${m.name}: int8 outputs are identical on the reference and wasm backends`, { skip: wasmUnavailable() }, () => {
    // Calibrate on wasm (fast), then rebuild the same integer model on the reference backend from that calibration.
    setBackend('wasm');
    try {
      const model = makeModel(m);
      const rng = new Rng(8);
      settleBatchNorm(model, rng, m.inputShape);
      const options = { inputShape: m.inputShape, weightBits: { [m.name === 'cnn1d' ? 'fc' : 'stem.conv']: 4 as const } };
      const onWasm = quantizeModel(model, normalBatches(rng, m.inputShape, 2, 16), options);
      const x = randu([8, ...m.inputShape], rng, -3, 3).toArray();
      const got = int8Output(onWasm, tensor(x, [8, ...m.inputShape]));
      setBackend('reference');
      const onReference = quantizeModel(model, [], { ...options, calibrated: onWasm.info.calibrations[0]! });
      assert.equal(onWasm.stateDict().get('fc.weight')!.backend.name, 'wasm');
      assert.equal(onReference.stateDict().get('fc.weight')!.backend.name, 'reference');
      const want = int8Output(onReference, tensor(x, [8, ...m.inputShape]));
      assert.deepEqual(got, want);
      assert.ok(new Set(want).size > 10, 'the outputs are not all one value');
    } finally {
      setBackend('reference');
    }
  });
}
