/**
 * fakeQuantize: the forward values are exactly dequantize(quantize(x)) of
 * qparams.ts (per tensor and per channel, on every backend), and the
 * gradient is exactly the clipped straight-through estimator's: the
 * upstream gradient where roundHalfEven(x/s) + z lies in [qmin, qmax], 0
 * elsewhere.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { getBackend, registeredBackends, Rng, setBackend, activeBackend, tensor, tidy } from '../../../src/engine/index.js';
import { fakeQuantize } from '../../../src/compress/quantize/fake-quant.js';
import { asymmetricFromRange, dequantizeArray, quantizeArray, symmetricPerChannel, type QuantParams } from '../../../src/compress/quantize/qparams.js';
import { roundHalfEven } from '../../../src/compress/quantize/round-half-even.js';

/** Values spread over and beyond the range, with exact ties (k + ½ steps) mixed in. */
function probeValues(rng: Rng, n: number, p: QuantParams): Float32Array {
  const s = p.scale[0]!;
  const levels = p.qmax - p.qmin;
  return Float32Array.from({ length: n }, (_, i) => (i % 5 === 0 ? (rng.int(2 * levels) - levels + 0.5) * s : rng.normal() * 0.8 * levels * s));
}

for (const { name } of registeredBackends()) {
  test(`fakeQuantize forward equals dequantizeArray(quantizeArray(x)) bit for bit (${name} backend)`, (t) => {
    try {
      getBackend(name);
    } catch {
      t.skip(`${name} backend unavailable here`);
      return;
    }
    const previous = activeBackend().name;
    setBackend(name);
    try {
      const rng = new Rng(13);
      const perTensor = asymmetricFromRange(-3, 5);
      const x = probeValues(rng, 500, perTensor);
      const got = tidy(() => fakeQuantize(tensor(x), perTensor).toArray());
      assert.deepEqual(Array.from(got), Array.from(dequantizeArray(quantizeArray(x, perTensor), perTensor)));
      const shape = [4, 3, 2, 2];
      const w = Float32Array.from({ length: 48 }, () => rng.normal());
      const perChannel = symmetricPerChannel(w, shape, 4, 0);
      const gotW = tidy(() => fakeQuantize(tensor(w, shape), perChannel).toArray());
      assert.deepEqual(Array.from(gotW), Array.from(dequantizeArray(quantizeArray(w, perChannel, shape), perChannel, shape)));
    } finally {
      setBackend(previous);
    }
  });
}

test('the gradient is the clipped straight-through estimator, exactly', () => {
  const rng = new Rng(14);
  const p = asymmetricFromRange(-1, 2, 4);
  const s = p.scale[0]!;
  const z = p.zeroPoint[0]!;
  const x = tensor(probeValues(rng, 300, p));
  x.requiresGrad = true;
  const upstream = Float32Array.from({ length: 300 }, () => rng.normal());
  tidy(() => fakeQuantize(x, p).mul(tensor(upstream)).sum().backward());
  const grad = x.grad!.toArray();
  const xs = x.toArray();
  let inside = 0;
  xs.forEach((v, i) => {
    const q = roundHalfEven(Math.fround(v / s)) + z;
    const pass = q >= p.qmin && q <= p.qmax;
    inside += pass ? 1 : 0;
    assert.equal(grad[i]! + 0, pass ? upstream[i] : 0, `x = ${v} (unclamped q = ${q})`); // + 0: −0 counts as 0
  });
  assert.ok(inside > 30 && inside < 270, `the probe covers both sides of the clip (${inside} inside)`);
  x.dispose();
});

test('per-channel gradient masks each channel with its own range', () => {
  const w = tensor([[0.1, 0.2, 5], [1, -30, 2]]);
  w.requiresGrad = true;
  // Channel 0: scale 0.1 on [−7, 7] steps, so 5 saturates; channel 1: scale 10 covers all.
  tidy(() => fakeQuantize(w, { scale: [0.1, 10], zeroPoint: [0, 0], qmin: -7, qmax: 7, axis: 0 }).sum().backward());
  assert.deepEqual(Array.from(w.grad!.toArray()), [1, 1, 0, 1, 1, 1]);
  w.dispose();
});

test('fakeQuantize refuses parameters that do not fit x', () => {
  const x = tensor([[1, 2, 3]]);
  assert.throws(() => fakeQuantize(x, { scale: 0, zeroPoint: 0, qmin: -8, qmax: 7 }), /scale\[0\] is 0; scales must be positive and finite/);
  assert.throws(() => fakeQuantize(x, { scale: 1, zeroPoint: 9, qmin: -8, qmax: 7 }), /zeroPoint\[0\] is 9; expected an integer in \[-8, 7\]/);
  assert.throws(() => fakeQuantize(x, { scale: [1, 1], zeroPoint: [0, 0], qmin: -8, qmax: 7, axis: 1 }), /axis 1 of x \[1, 3\] has 3 channels but 2 scales/);
  assert.throws(() => fakeQuantize(x, { scale: [1, 1], zeroPoint: [0, 0], qmin: -8, qmax: 7 }), /2 scales need an axis/);
  x.dispose();
});
