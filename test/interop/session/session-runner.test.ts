/**
 * `session.runner(inputName, dims)`: a run entry for a one-input model fed
 * one shape, checked once when it is made. It must give what `session.run`
 * gives, on a backend with its own prepared entry (onnxruntime-node) and on
 * one without (Edgewatt's, through `run`), and refuse what `run` would
 * refuse, naming what was expected.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Rng } from '../../../src/engine/index.js';
import { Linear, ReLU, Sequential } from '../../../src/nn/index.js';
import { createSession, registerInferenceBackend, unregisterInferenceBackend } from '../../../src/interop/session/index.js';

const model = new Sequential([new Linear(4, 3, { rng: new Rng(3) }), new ReLU()]);
const x = Float32Array.of(0.5, -1, 2, 0.25);

for (const backend of ['onnxruntime-node', 'edgewatt'] as const) {
  test(`${backend}: a runner gives what session.run gives`, async () => {
    const s = await createSession(model, { backends: [backend], inputShape: [4] });
    try {
      const want = (await s.run({ input: { data: x, dims: [1, 4] } }))['output']!;
      const run = s.runner('input', [1, 4]);
      const got = (await run(x))['output']!;
      assert.deepEqual(got.dims, want.dims);
      assert.deepEqual(got.data, want.data);
      // The same array refilled: the next call reads the new values.
      const y = Float32Array.from(x);
      const first = (await run(y))['output']!.data;
      y.fill(0);
      const second = (await run(y))['output']!.data;
      assert.deepEqual(second, (await s.run({ input: { data: new Float32Array(4), dims: [1, 4] } }))['output']!.data);
      assert.notDeepEqual(first, second);
    } finally {
      await s.dispose();
    }
  });
}

test('a runner is refused when made for a wrong name or dims, with what the model expects', async () => {
  const s = await createSession(model, { backends: ['edgewatt'], inputShape: [4] });
  try {
    assert.throws(() => s.runner('x', [1, 4]), { name: 'RangeError', message: 'session.runner: unknown input "x"; the model\'s input is "input"' });
    assert.throws(() => s.runner('input', [1, 5]), { name: 'RangeError', message: 'session.runner: input "input": expected dims [N, 4] (N = any batch), got [1, 5]' });
    assert.throws(() => s.runner('input', [1, -4]), /session.runner: input "input": dims\[1\] must be a non-negative integer, got -4/);
    assert.throws(() => s.runner('input', 'abc' as never), /session.runner: dims must be an array of non-negative integers, got string/);
  } finally {
    await s.dispose();
  }
});

test('each call of a runner checks it is given a Float32Array of the shape\'s size, and rejects rather than throws', async () => {
  const s = await createSession(model, { backends: ['edgewatt'], inputShape: [4] });
  const run = s.runner('input', [1, 4]);
  const tooShort = run(new Float32Array(3));
  await assert.rejects(tooShort, { name: 'RangeError', message: 'session.run: input "input": this runner takes a Float32Array of 4 values (dims [1, 4]), got one of 3' });
  await assert.rejects(run(new Float64Array(4) as never), (e: Error) => e instanceof TypeError && /takes a Float32Array of 4 values \(dims \[1, 4\]\), got Float64Array/.test(e.message));
  await s.dispose();
  await assert.rejects(run(x), /this edgewatt session was disposed/);
  assert.throws(() => s.runner('input', [1, 4]), /session.runner: this edgewatt session was disposed/);
});

test('a runner is for one-input models: a model of two inputs is pointed to session.run', async () => {
  registerInferenceBackend('two-in', {
    name: 'two-in',
    init: async () => {},
    createHandler: async () => ({
      inputNames: ['a', 'b'],
      outputNames: ['y'],
      inputs: [{ name: 'a', dims: [1] }, { name: 'b', dims: [1] }],
      run: async (f) => ({ y: f['a']! }),
      dispose: async () => {},
    }),
  }, -1);
  try {
    const s = await createSession(new Uint8Array([0]), { backends: ['two-in'] });
    assert.throws(() => s.runner('a', [1]), { name: 'RangeError', message: 'session.runner: the model has 2 inputs ("a", "b"); a runner feeds a one-input model, use session.run' });
  } finally {
    unregisterInferenceBackend('two-in');
  }
});
