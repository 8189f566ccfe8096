/**
 * Backend choice and fallback (the onnxruntime-js contract, STYLE.md): a
 * backend whose init or session creation fails is skipped with a logged
 * reason, init runs once, an explicit list is honoured in its order, and an
 * unknown name lists the registered ones. Fake backends stand in for the
 * failures; the model is an Edgewatt Module so the real fallback (edgewatt)
 * needs no ONNX export.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Rng } from '../../src/engine/index.js';
import { Linear } from '../../src/nn/index.js';
import {
  createSession,
  infer,
  registerInferenceBackend,
  registeredInferenceBackends,
  unregisterInferenceBackend,
  type InferenceBackend,
} from '../../src/interop/session/index.js';

const model = new Linear(4, 2, { rng: new Rng(1) });

/** A backend that fails where told to, counting how often it is initialised. */
function fakeBackend(name: string, fail: { init?: string; create?: string }): InferenceBackend & { inits: number } {
  const b = {
    name,
    inits: 0,
    async init() {
      b.inits++;
      if (fail.init) throw new Error(fail.init);
    },
    async createHandler(): Promise<never> {
      throw new Error(fail.create ?? 'fake backend cannot run models');
    },
  };
  return b;
}

test('a backend whose init fails is skipped with its reason, and is initialised only once', async () => {
  const broken = fakeBackend('broken-init', { init: 'no prebuilt binary for riscv64' });
  registerInferenceBackend('broken-init', broken, 10);
  try {
    for (let i = 0; i < 2; i++) {
      const logs: string[] = [];
      const session = await createSession(model, { backends: ['broken-init', 'edgewatt'], inputShape: [4], logger: (m) => logs.push(m) });
      assert.equal(session.backend, 'edgewatt');
      assert.deepEqual(logs, ['broken-init unavailable: no prebuilt binary for riscv64; falling back to edgewatt']);
      await session.dispose();
    }
    assert.equal(broken.inits, 1, 'init must run once; its failure is remembered');
    const entry = registeredInferenceBackends().find((b) => b.name === 'broken-init');
    assert.equal(entry?.failure, 'no prebuilt binary for riscv64');
  } finally {
    unregisterInferenceBackend('broken-init');
  }
});

test('a backend that cannot create a session for the model is skipped with the reason', async () => {
  registerInferenceBackend('picky', fakeBackend('picky', { create: 'operator Gemm is not supported' }), 10);
  try {
    const logs: string[] = [];
    const session = await createSession(model, { backends: ['picky', 'edgewatt'], inputShape: [4], logger: (m) => logs.push(m) });
    assert.equal(session.backend, 'edgewatt');
    assert.equal(logs.length, 1);
    assert.match(logs[0]!, /^picky cannot run Linear module: operator Gemm is not supported; falling back to edgewatt$/);
    await session.dispose();
  } finally {
    unregisterInferenceBackend('picky');
  }
});

test('by default backends are tried by priority, and a failing top one falls back to the next', async () => {
  registerInferenceBackend('top', fakeBackend('top', { init: 'simulated outage' }), 100);
  try {
    const order = registeredInferenceBackends().map((b) => b.name);
    assert.deepEqual(order.slice(0, 4), ['top', 'onnxruntime-node', 'edgewatt', 'onnxruntime-web']);
    const logs: string[] = [];
    const session = await createSession(model, { inputShape: [4], logger: (m) => logs.push(m) });
    assert.equal(logs[0], 'top unavailable: simulated outage; falling back to onnxruntime-node');
    assert.equal(session.backend, 'onnxruntime-node');
    await session.dispose();
  } finally {
    unregisterInferenceBackend('top');
  }
});

test('a negative priority keeps a backend out of the default order; naming it still uses it', async () => {
  registerInferenceBackend('beta', fakeBackend('beta', { create: 'beta refuses' }), -1);
  try {
    assert.ok(!registeredInferenceBackends().filter((b) => b.priority >= 0).some((b) => b.name === 'beta'));
    await assert.rejects(createSession(model, { backends: ['beta'], inputShape: [4], logger: () => {} }), /no backend could run Linear module: beta: beta refuses/);
  } finally {
    unregisterInferenceBackend('beta');
  }
});

test('when every backend fails, the error lists each one and why', async () => {
  registerInferenceBackend('a', fakeBackend('a', { init: 'missing library' }), 5);
  registerInferenceBackend('b', fakeBackend('b', { create: 'unsupported op' }), 5);
  try {
    const logs: string[] = [];
    await assert.rejects(
      createSession(model, { backends: ['a', 'b'], inputShape: [4], logger: (m) => logs.push(m) }),
      { message: 'createSession: no backend could run Linear module: a: unavailable (missing library); b: unsupported op' },
    );
    assert.deepEqual(logs, ['a unavailable: missing library; falling back to b', 'b cannot run Linear module: unsupported op; no backend left to try']);
  } finally {
    unregisterInferenceBackend('a');
    unregisterInferenceBackend('b');
  }
});

test('an explicit backend list is honoured even over a higher-priority backend', async () => {
  const session = await createSession(model, { backends: ['edgewatt'], inputShape: [4] });
  assert.equal(session.backend, 'edgewatt');
  const y = await infer(session, new Float32Array([1, 2, 3, 4]), [1, 4]);
  assert.deepEqual(y.dims, [1, 2]);
  await session.dispose();
});

test('an unknown backend name is an error listing the registered backends', async () => {
  await assert.rejects(
    createSession(model, { backends: ['onnxruntime-gpu'], inputShape: [4] }),
    (e: Error) => e instanceof RangeError && /unknown backend "onnxruntime-gpu"; registered backends: onnxruntime-node, edgewatt, onnxruntime-web/.test(e.message),
  );
});
