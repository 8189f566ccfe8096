/**
 * The onnxruntime handler's direct entry (backends/ort-handler.ts): with
 * `direct` it calls the session's backend handler — onnxruntime-common's
 * `InferenceSessionHandler.run(feeds, fetches, options)` — instead of the
 * public `InferenceSession.run`, when the session has one; otherwise, or
 * without `direct`, the public `run`. Pinned on stand-in sessions (both
 * ways) and on the installed onnxruntime-node, where the direct entry must
 * be taken and must give what the public `run` gives.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Rng } from '../../../src/engine/index.js';
import { Linear, ReLU, Sequential } from '../../../src/nn/index.js';
import { exportOnnx } from '../../../src/interop/onnx/export/index.js';
import { backendHandlerOf, ortHandler, type OrtSessionLike, type OrtSessionHandler, type OrtTensorLike } from '../../../src/interop/session/backends/ort-handler.js';
import { createOnnxruntimeNodeBackend } from '../../../src/interop/session/index.js';

class FakeTensor implements OrtTensorLike {
  constructor(
    readonly type: string,
    readonly data: unknown,
    readonly dims: readonly number[],
  ) {}
}

interface Calls {
  publicRuns: Record<string, OrtTensorLike>[];
  handlerRuns: { feeds: Record<string, OrtTensorLike>; fetches: Record<string, null>; options: object }[];
}

/** y = x0 + x1, as a session whose backend handler is present (withHandler) or not; every call is recorded. */
function fakeSession(withHandler: boolean | 'not-a-function'): OrtSessionLike & { calls: Calls } {
  const calls: Calls = { publicRuns: [], handlerRuns: [] };
  const compute = (feeds: Record<string, OrtTensorLike>) => {
    const x = feeds['input']!.data as Float32Array;
    return { output: new FakeTensor('float32', Float32Array.of(x[0]! + x[1]!), [1, 1]) };
  };
  const handler =
    withHandler === 'not-a-function'
      ? { run: 'no' }
      : { run: async (feeds: Record<string, OrtTensorLike>, fetches: Record<string, null>, options: object) => (calls.handlerRuns.push({ feeds, fetches, options }), compute(feeds)) };
  return {
    calls,
    ...(withHandler !== false ? { handler } : {}),
    inputNames: ['input'],
    outputNames: ['output'],
    inputMetadata: [{ name: 'input', isTensor: true, type: 'float32', shape: ['N', 2] }],
    outputMetadata: [{ name: 'output', isTensor: true, type: 'float32', shape: ['N', 1] }],
    async run(feeds) {
      calls.publicRuns.push(feeds);
      return compute(feeds);
    },
    async release() {},
  };
}

const feeds = { input: { data: Float32Array.of(1, 2), dims: [1, 2] } };

test('direct: the backend handler runs, with every output fetched and no options, and the public run is not called', async () => {
  const session = fakeSession(true);
  const h = ortHandler(FakeTensor, session, 'fake', { direct: true });
  assert.equal(h.entry, 'backend-handler');
  assert.deepEqual((await h.run(feeds))['output']!.data, Float32Array.of(3));
  const run = h.prepare!('input', [1, 2]);
  assert.deepEqual((await run(Float32Array.of(4, 5)))['output']!.data, Float32Array.of(9));
  assert.equal(session.calls.publicRuns.length, 0);
  assert.equal(session.calls.handlerRuns.length, 2);
  for (const call of session.calls.handlerRuns) {
    // What InferenceSession.run hands its handler when no fetches are given (onnxruntime-common inference-session-impl.js).
    assert.deepEqual(call.fetches, { output: null });
    assert.deepEqual(call.options, {});
  }
});

test('direct falls back to the public run when the session has no backend handler, or one without a run function', async () => {
  for (const kind of [false, 'not-a-function'] as const) {
    const session = fakeSession(kind);
    assert.equal(backendHandlerOf(session), null);
    const h = ortHandler(FakeTensor, session, 'fake', { direct: true });
    assert.equal(h.entry, 'InferenceSession.run');
    assert.deepEqual((await h.run(feeds))['output']!.data, Float32Array.of(3));
    assert.deepEqual((await h.prepare!('input', [1, 2])(Float32Array.of(4, 5)))['output']!.data, Float32Array.of(9));
    assert.equal(session.calls.publicRuns.length, 2);
  }
});

test('without direct the public run is used even when a backend handler is there', async () => {
  const session = fakeSession(true);
  const h = ortHandler(FakeTensor, session, 'fake');
  assert.equal(h.entry, 'InferenceSession.run');
  await h.run(feeds);
  await h.prepare!('input', [1, 2])(Float32Array.of(4, 5));
  assert.equal(session.calls.publicRuns.length, 2);
  assert.equal(session.calls.handlerRuns.length, 0);
});

test('a prepared run wraps an array in one tensor while the same array comes back, and a new array in a new tensor', async () => {
  const session = fakeSession(true);
  const run = ortHandler(FakeTensor, session, 'fake', { direct: true }).prepare!('input', [1, 2]);
  const a = Float32Array.of(1, 2);
  const b = Float32Array.of(1, 2);
  assert.deepEqual((await run(a))['output']!.data, Float32Array.of(3));
  a[1] = 10; // refilled in place: the tensor only references the array, so the next run reads the new values
  assert.deepEqual((await run(a))['output']!.data, Float32Array.of(11));
  await run(b);
  const fed = session.calls.handlerRuns.map((c) => c.feeds['input']!);
  assert.equal(fed[0], fed[1]);
  assert.notEqual(fed[1], fed[2]);
  assert.equal(fed[0]!.data, a);
  assert.equal(fed[2]!.data, b);
  assert.deepEqual(fed[2]!.dims, [1, 2]);
});

/** A 4 → 3 Linear + ReLU as ONNX bytes, and one input to it. */
function smallModel(): { bytes: Uint8Array; x: Float32Array } {
  const model = new Sequential([new Linear(4, 3, { rng: new Rng(5) }), new ReLU()]);
  return { bytes: exportOnnx(model, { inputShape: [4] }), x: Float32Array.of(0.5, -1, 2, 0.25) };
}

test('onnxruntime-node: the backend handler is there, taken, and gives what InferenceSession.run gives', async () => {
  const ort = await import('onnxruntime-node');
  const { bytes, x } = smallModel();
  const session = await ort.InferenceSession.create(bytes, { executionProviders: ['cpu'], intraOpNumThreads: 1 });
  try {
    const native = backendHandlerOf(session);
    assert.ok(native !== null, 'onnxruntime-node sessions have a backend handler with run()');
    const want = (await session.run({ input: new ort.Tensor('float32', x, [1, 4]) }))['output']!;
    // Count the calls each way from here on.
    let publicRuns = 0;
    let handlerRuns = 0;
    const publicRun = session.run.bind(session);
    const handlerRun = native.run.bind(native);
    Object.assign(session, { run: (...args: Parameters<typeof publicRun>) => (publicRuns++, publicRun(...args)) });
    Object.assign(native, { run: (...args: Parameters<typeof handlerRun>) => (handlerRuns++, handlerRun(...args)) });
    const h = ortHandler(ort.Tensor, session, 'onnxruntime-node', { direct: true });
    assert.equal(h.entry, 'backend-handler');
    const viaRun = (await h.run({ input: { data: x, dims: [1, 4] } }))['output']!;
    const viaPrepared = (await h.prepare!('input', [1, 4])(x))['output']!;
    assert.equal(publicRuns, 0);
    assert.equal(handlerRuns, 2);
    for (const got of [viaRun, viaPrepared]) {
      assert.ok(got.data instanceof Float32Array);
      assert.deepEqual(got.dims, want.dims);
      assert.deepEqual(got.data, want.data);
    }
    // Outputs are fresh per call: the caller may keep them.
    assert.notEqual(viaRun.data, viaPrepared.data);
  } finally {
    await session.release();
  }
});

test('onnxruntime-node: the session API backend builds its handler on the native synchronous entry (ort-native-sync.test.ts)', async () => {
  const backend = createOnnxruntimeNodeBackend();
  await backend.init();
  const { bytes, x } = smallModel();
  const h = (await backend.createHandler({ label: '<bytes>', onnxBytes: async () => bytes }, { inputName: 'input', outputName: 'output' })) as OrtSessionHandler;
  try {
    assert.equal(h.entry, 'native-sync');
    const y = (await h.run({ input: { data: x, dims: [1, 4] } }))['output']!;
    assert.deepEqual(y.dims, [1, 3]);
    assert.ok(y.data instanceof Float32Array && y.data.every(Number.isFinite));
  } finally {
    await h.dispose();
  }
});
