/**
 * Argument checks at the public entry points: each mistake is an error that
 * says what was expected and what was given (STYLE.md §11). The backend is
 * Edgewatt's, running a Module directly, so these tests need no ONNX.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Rng } from '../../src/engine/index.js';
import { Linear, ReLU, Sequential } from '../../src/nn/index.js';
import { createSession, infer, registerInferenceBackend, unregisterInferenceBackend } from '../../src/interop/session/index.js';

const model = new Sequential([new Linear(4, 3, { rng: new Rng(2) }), new ReLU()]);
const open = () => createSession(model, { backends: ['edgewatt'], inputShape: [4] });

test('a Module without an input shape: the error says to pass options.inputShape', async () => {
  await assert.rejects(createSession(model, { backends: ['edgewatt'] }), (e: Error) => e instanceof TypeError && /Sequential has no input shape; pass options.inputShape/.test(e.message));
});

test('bad options are named with what was expected', async () => {
  await assert.rejects(createSession(model, { inputShape: [0, 4] }), /options.inputShape must be positive integers without the batch axis.*got \[0,4\]/);
  await assert.rejects(createSession(model, { inputShape: [4], backends: [] }), /options.backends must be a non-empty array/);
  await assert.rejects(createSession(model, { inputShape: [4], batch: 0 }), /options.batch must be a positive integer or 'dynamic', got 0/);
  await assert.rejects(createSession(model, { inputShape: [4], intraOpNumThreads: 1.5 }), /intraOpNumThreads must be a non-negative integer/);
  await assert.rejects(createSession(42 as never), /model must be ONNX bytes \(Uint8Array\), a path to an .onnx file, or an Edgewatt Module; got number/);
});

test('a missing .onnx file names the path', async () => {
  await assert.rejects(createSession('/nonexistent/model.onnx'), { message: 'createSession: cannot read ONNX model "/nonexistent/model.onnx": no such file' });
});

test('wrong input name: the error lists the model inputs', async () => {
  const s = await open();
  await assert.rejects(s.run({ x: { data: new Float32Array(4), dims: [1, 4] } }), { message: 'session.run: missing input "input"; the model\'s inputs are "input"' });
  await assert.rejects(
    s.run({ input: { data: new Float32Array(4), dims: [1, 4] }, extra: { data: new Float32Array(1), dims: [1] } }),
    { message: 'session.run: unknown input "extra"; the model\'s inputs are "input"' },
  );
  await s.dispose();
});

test('wrong dims or length: expected vs got', async () => {
  const s = await open();
  await assert.rejects(infer(s, new Float32Array(5), [1, 5]), { message: 'session.run: input "input": expected dims [N, 4] (N = any batch), got [1, 5]' });
  await assert.rejects(infer(s, new Float32Array(4), [4]), { message: 'session.run: input "input": expected dims [N, 4] (N = any batch), got [4]' });
  await assert.rejects(infer(s, new Float32Array(7), [2, 4]), { message: 'session.run: input "input": dims [2, 4] need 8 values, got a Float32Array of 7' });
  await assert.rejects(infer(s, new Float32Array(8), [2, -4]), /dims\[1\] must be a non-negative integer, got -4/);
  await s.dispose();
});

test('wrong element type or a missing dims argument', async () => {
  const s = await open();
  await assert.rejects(s.run({ input: { data: new Float64Array(4) as never, dims: [1, 4] } }), /data must be a Float32Array, got Float64Array \(convert it with Float32Array.from\)/);
  await assert.rejects(infer(s, new Float32Array(4)), /a Float32Array input needs its dims/);
  await assert.rejects(infer(s, { data: new Float32Array(4), dims: [1, 4] }, [1, 4]), /dims are given by the tensor itself/);
  await assert.rejects(s.run([] as never), /feeds must be an object keyed by input name \("input"\), got an array/);
  await s.dispose();
});

test('infer on a model with two outputs points to session.run', async () => {
  registerInferenceBackend('two-out', {
    name: 'two-out',
    init: async () => {},
    createHandler: async () => ({
      inputNames: ['x'],
      outputNames: ['a', 'b'],
      inputs: [{ name: 'x', dims: [1] }],
      run: async (f) => ({ a: f['x']!, b: f['x']! }),
      dispose: async () => {},
    }),
  }, -1);
  try {
    const s = await createSession(new Uint8Array([0]), { backends: ['two-out'] });
    await assert.rejects(infer(s, new Float32Array(1), [1]), /this model has 1 inputs \(x\) and 2 outputs \(a, b\); infer handles one of each, use session.run\(feeds\)/);
    assert.deepEqual(Object.keys(await s.run({ x: { data: new Float32Array([3]), dims: [1] } })), ['a', 'b']);
  } finally {
    unregisterInferenceBackend('two-out');
  }
});

test('a disposed session refuses to run', async () => {
  const s = await open();
  await s.dispose();
  await assert.rejects(infer(s, new Float32Array(4), [1, 4]), /this edgewatt session was disposed/);
  // session.run is not an async function (one promise less per call), yet it still rejects rather than throws.
  const running = s.run({ input: { data: new Float32Array(4), dims: [1, 4] } });
  await assert.rejects(running, /this edgewatt session was disposed/);
});
