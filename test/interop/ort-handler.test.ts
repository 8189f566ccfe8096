/**
 * The onnxruntime handler over a stand-in session (the handler is typed
 * structurally, so no onnxruntime package is needed): outputs the model
 * declares float32 are handed over as onnxruntime returned them, anything
 * else is checked and a non-float32 output is refused by name.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ortHandler, type OrtSessionLike, type OrtTensorLike } from '../../src/interop/session/backends/ort-handler.js';

class FakeTensor implements OrtTensorLike {
  constructor(
    readonly type: string,
    readonly data: unknown,
    readonly dims: readonly number[],
  ) {}
}

function fakeSession(outputType: string, declared: boolean): OrtSessionLike & { fed: Record<string, OrtTensorLike>[] } {
  const fed: Record<string, OrtTensorLike>[] = [];
  return {
    fed,
    inputNames: ['input'],
    outputNames: ['output'],
    inputMetadata: [{ name: 'input', isTensor: true, type: 'float32', shape: ['N', 2] }],
    ...(declared ? { outputMetadata: [{ name: 'output', isTensor: true, type: outputType, shape: ['N', 1] }] } : {}),
    async run(feeds) {
      fed.push(feeds);
      const x = feeds['input']!.data as Float32Array;
      const data = outputType === 'float32' ? Float32Array.of(x[0]! + x[1]!) : BigInt64Array.of(1n);
      return { output: new FakeTensor(outputType, data, [1, 1]) };
    },
    async release() {},
  };
}

const feeds = { input: { data: Float32Array.of(1, 2), dims: [1, 2] } };

test('declared float32 outputs come back as onnxruntime returned them, one fresh tensor per call', async () => {
  const session = fakeSession('float32', true);
  const h = ortHandler(FakeTensor, session, 'fake');
  assert.deepEqual(h.inputs, [{ name: 'input', dims: [null, 2] }]);
  const a = await h.run(feeds);
  const b = await h.run(feeds);
  assert.ok(a['output'] instanceof FakeTensor);
  assert.deepEqual(a['output']!.data, Float32Array.of(3));
  assert.notEqual(a['output'], b['output']);
  // The input went in as a tensor wrapping the caller's array.
  assert.equal(session.fed[0]!['input']!.data, feeds.input.data);
});

test('without output metadata the outputs are checked and copied into { data, dims } records', async () => {
  const h = ortHandler(FakeTensor, fakeSession('float32', false), 'fake');
  const out = await h.run(feeds);
  assert.deepEqual(out, { output: { data: Float32Array.of(3), dims: [1, 1] } });
});

test('a non-float32 output is refused by name, declared or not', async () => {
  for (const declared of [true, false]) {
    const h = ortHandler(FakeTensor, fakeSession('int64', declared), 'fake');
    await assert.rejects(h.run(feeds), { name: 'TypeError', message: 'fake: output "output" is int64; the session API returns float32 outputs only' });
  }
});
