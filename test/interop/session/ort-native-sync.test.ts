/**
 * The onnxruntime-node backend's native synchronous entry
 * (backends/ort-native.ts): the model is loaded into one session of
 * onnxruntime-node's native binding and its `run` is called at the call.
 * Pinned on the installed onnxruntime-node — the entry is taken, gives what
 * the public `InferenceSession.run` gives on zoo models, reports the same
 * names and metadata, rejects a native error and disposes — and on stand-in
 * binding modules: a missing member falls back to the public session with
 * the reason, and raw metadata converts as onnxruntime-node's backend.js does.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Rng } from '../../../src/engine/index.js';
import { cnn1d, resnet8, type Module } from '../../../src/nn/index.js';
import { exportOnnx } from '../../../src/interop/onnx/export/index.js';
import { createOnnxruntimeNodeBackend, type OnnxruntimeNodeHandler } from '../../../src/interop/session/backends/onnxruntime-node.js';
import { nativeBindingOf, openNativeSession, type OrtNativeBinding } from '../../../src/interop/session/backends/ort-native.js';
import type { OrtTensorLike } from '../../../src/interop/session/backends/ort-handler.js';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const OPTIONS = { executionProviders: ['cpu'], intraOpNumThreads: 1 };

async function nodeHandler(bytes: Uint8Array, loadBinding?: () => unknown): Promise<OnnxruntimeNodeHandler> {
  const backend = createOnnxruntimeNodeBackend(loadBinding !== undefined ? { loadBinding } : {});
  await backend.init();
  return (await backend.createHandler({ label: '<bytes>', onnxBytes: async () => bytes }, { inputName: 'input', outputName: 'output', intraOpNumThreads: 1 })) as OnnxruntimeNodeHandler;
}

function zoo(name: string, make: () => Module, inputShape: number[]): { name: string; bytes: Uint8Array; inputShape: number[] } {
  const model = make();
  model.eval();
  const bytes = exportOnnx(model, { inputShape });
  model.dispose();
  return { name, bytes, inputShape };
}

test('onnxruntime-node: the installed binding has what the native entry needs, and the backend takes it', async () => {
  assert.equal(typeof nativeBindingOf(require('onnxruntime-node/dist/binding.js')), 'object');
  const { bytes } = zoo('cnn1d', cnn1d, [3, 26]);
  const h = await nodeHandler(bytes);
  try {
    assert.equal(h.entry, 'native-sync');
    assert.equal(h.nativeSyncUnavailable, undefined);
    assert.deepEqual(h.inputs, [{ name: 'input', dims: [null, 3, 26] }]);
  } finally {
    await h.dispose();
  }
});

test('onnxruntime-node: the native entry gives what InferenceSession.run gives, on cnn1d and ResNet-8, input by input', async () => {
  const ort = await import('onnxruntime-node');
  const rng = new Rng(17);
  for (const { name, bytes, inputShape } of [zoo('cnn1d', cnn1d, [3, 26]), zoo('resnet8', resnet8, [3, 32, 32])]) {
    const pub = await ort.InferenceSession.create(bytes, OPTIONS);
    const h = await nodeHandler(bytes);
    try {
      assert.equal(h.entry, 'native-sync');
      assert.deepEqual(h.inputNames, pub.inputNames, name);
      assert.deepEqual(h.outputNames, pub.outputNames, name);
      const dims = [1, ...inputShape];
      const size = inputShape.reduce((a, b) => a * b, 1);
      const prepared = h.prepare!('input', dims);
      for (let k = 0; k < 4; k++) {
        const x = Float32Array.from({ length: size }, () => 4 * rng.next() - 2);
        const want = (await pub.run({ input: new ort.Tensor('float32', x, dims) }))['output']!;
        for (const got of [(await h.run({ input: { data: x, dims } }))['output']!, (await prepared(x))['output']!]) {
          // onnxruntime's own output tensors, handed over as they are (the model declares float32 outputs).
          assert.ok(got instanceof ort.Tensor, `${name}: an ort.Tensor`);
          assert.deepEqual(got.dims, want.dims, `${name}: dims`);
          assert.deepEqual(got.data, want.data, `${name} input ${k}: the same values as InferenceSession.run`);
        }
      }
    } finally {
      await h.dispose();
      await pub.release();
    }
  }
});

test('onnxruntime-node: the native session reports the names and metadata the public session does', async () => {
  const ort = await import('onnxruntime-node');
  const native = nativeBindingOf(require('onnxruntime-node/dist/binding.js'));
  assert.ok(typeof native === 'object');
  const { bytes } = zoo('resnet8', resnet8, [3, 32, 32]);
  const pub = await ort.InferenceSession.create(bytes, OPTIONS);
  const s = openNativeSession(native, bytes, OPTIONS, '<bytes>');
  try {
    assert.deepEqual(s.inputNames, pub.inputNames);
    assert.deepEqual(s.outputNames, pub.outputNames);
    assert.deepEqual(s.inputMetadata, pub.inputMetadata);
    assert.deepEqual(s.outputMetadata, pub.outputMetadata);
  } finally {
    await s.release();
    await pub.release();
  }
});

test('onnxruntime-node: a native error rejects the promise, from run and from a prepared run, and throws nothing', async () => {
  const { bytes } = zoo('cnn1d', cnn1d, [3, 26]);
  const h = await nodeHandler(bytes);
  try {
    // [1, 3, 25] against the declared [N, 3, 26]: the session layer would refuse it; the handler trusts it, onnxruntime does not.
    const bad = { data: new Float32Array(75), dims: [1, 3, 25] };
    let viaRun: Promise<unknown> | undefined;
    let viaPrepared: Promise<unknown> | undefined;
    assert.doesNotThrow(() => {
      viaRun = h.run({ input: bad });
      viaPrepared = h.prepare!('input', bad.dims)(bad.data);
    });
    await assert.rejects(viaRun!, /invalid dimensions for input: input/);
    await assert.rejects(viaPrepared!, /invalid dimensions for input: input/);
    // The session still runs after the error.
    const y = (await h.run({ input: { data: new Float32Array(78), dims: [1, 3, 26] } }))['output']!;
    assert.deepEqual(y.dims, [1, 3]);
  } finally {
    await h.dispose();
  }
});

test('onnxruntime-node: dispose releases the native session; a run after it and a second dispose reject', async () => {
  const { bytes } = zoo('cnn1d', cnn1d, [3, 26]);
  const h = await nodeHandler(bytes);
  await h.run({ input: { data: new Float32Array(78), dims: [1, 3, 26] } });
  await h.dispose();
  await assert.rejects(h.run({ input: { data: new Float32Array(78), dims: [1, 3, 26] } }), /Session already disposed/);
  await assert.rejects(h.dispose(), /Session already disposed/);
});

/** The real binding module with one member taken away or replaced. */
function bindingWithout(member: 'initOrt' | 'binding' | 'InferenceSession' | 'loadModel' | 'run' | 'dispose' | 'outputMetadata'): unknown {
  const real = require('onnxruntime-node/dist/binding.js') as OrtNativeBinding;
  if (member === 'initOrt') return { binding: real.binding };
  if (member === 'binding') return { initOrt: real.initOrt };
  if (member === 'InferenceSession') return { initOrt: real.initOrt, binding: {} };
  // A class with every other member (stubs that are never called: the entry is not taken).
  const proto: Record<string, unknown> = { loadModel() {}, run() {}, dispose() {} };
  delete proto[member];
  const members = { ...proto, inputMetadata: [] as unknown[], outputMetadata: [] as unknown[] };
  if (member === 'outputMetadata') delete (members as Record<string, unknown>)['outputMetadata'];
  function FakeSession(): void {}
  FakeSession.prototype = members;
  return { initOrt: real.initOrt, binding: { InferenceSession: FakeSession } };
}

test('a binding module without a member the native entry needs is refused, naming the member', () => {
  assert.match(String(nativeBindingOf(undefined)), /exports no object/);
  assert.match(String(nativeBindingOf(bindingWithout('initOrt'))), /no initOrt function/);
  assert.match(String(nativeBindingOf(bindingWithout('binding'))), /no binding object/);
  assert.match(String(nativeBindingOf(bindingWithout('InferenceSession'))), /binding\.InferenceSession is not a class/);
  for (const m of ['loadModel', 'run', 'dispose'] as const) assert.match(String(nativeBindingOf(bindingWithout(m))), new RegExp(`no ${m} method`));
  assert.match(String(nativeBindingOf(bindingWithout('outputMetadata'))), /no outputMetadata/);
});

test('onnxruntime-node: without the native entry the backend falls back to the backend handler, saying why, with the same outputs', async () => {
  const { bytes } = zoo('cnn1d', cnn1d, [3, 26]);
  const x = Float32Array.from({ length: 78 }, (_, i) => Math.sin(i));
  const native = await nodeHandler(bytes);
  const want = (await native.run({ input: { data: x, dims: [1, 3, 26] } }))['output']!;
  await native.dispose();
  const cases: [() => unknown, RegExp][] = [
    [() => bindingWithout('run'), /binding\.InferenceSession has no run method/],
    [
      () => {
        throw new Error('no such module');
      },
      /cannot load onnxruntime-node\/dist\/binding\.js: no such module/,
    ],
  ];
  for (const [loadBinding, why] of cases) {
    const h = await nodeHandler(bytes, loadBinding);
    try {
      assert.equal(h.entry, 'backend-handler');
      assert.match(h.nativeSyncUnavailable ?? '', why);
      const got = (await h.run({ input: { data: x, dims: [1, 3, 26] } }))['output']!;
      assert.deepEqual(got.data, want.data);
    } finally {
      await h.dispose();
    }
  }
});

/** A binding whose session reports `raw` as its metadata and records dispose. */
function fakeBinding(raw: unknown[]): { binding: OrtNativeBinding; disposed: () => number } {
  let disposed = 0;
  class Session {
    loadModel(): void {}
    run(): Record<string, OrtTensorLike> {
      return {};
    }
    dispose(): void {
      disposed++;
    }
    get inputMetadata(): unknown[] {
      return raw;
    }
    get outputMetadata(): unknown[] {
      return [];
    }
  }
  const found = nativeBindingOf({ initOrt: () => {}, binding: { InferenceSession: Session } });
  assert.ok(typeof found === 'object');
  return { binding: found, disposed: () => disposed };
}

test('raw metadata converts as backend.js does: -1 is the symbolic name; an unknown type or a bad dim is refused and the session disposed', () => {
  const ok = fakeBinding([
    { name: 'x', isTensor: true, type: 1, shape: [-1, 3, 26], symbolicDimensions: ['N', '', ''] },
    { name: 'ids', isTensor: true, type: 7, shape: [4], symbolicDimensions: [''] },
    { name: 'seq', isTensor: false, type: 0, shape: [], symbolicDimensions: [] },
  ]);
  const s = openNativeSession(ok.binding, new Uint8Array(1), {}, 'm.onnx');
  assert.deepEqual(s.inputNames, ['x', 'ids', 'seq']);
  assert.deepEqual(s.inputMetadata, [
    { name: 'x', isTensor: true, type: 'float32', shape: ['N', 3, 26] },
    { name: 'ids', isTensor: true, type: 'int64', shape: [4] },
    { name: 'seq', isTensor: false },
  ]);
  const badType = fakeBinding([{ name: 'x', isTensor: true, type: 14, shape: [1], symbolicDimensions: [''] }]);
  assert.throws(() => openNativeSession(badType.binding, new Uint8Array(1), {}, 'm.onnx'), /m\.onnx: input "x" has element type 14/);
  assert.equal(badType.disposed(), 1);
  const badDim = fakeBinding([{ name: 'x', isTensor: true, type: 1, shape: [2, -3], symbolicDimensions: ['', ''] }]);
  assert.throws(() => openNativeSession(badDim.binding, new Uint8Array(1), {}, 'm.onnx'), /input "x" has dimension -3 at index 1/);
  assert.equal(badDim.disposed(), 1);
});
