/**
 * One model, every inference backend, the same numbers: a hand-built ONNX
 * MatMul + Add + Relu graph and the equivalent Edgewatt Linear + ReLU are run
 * on onnxruntime-node, onnxruntime-web and Edgewatt, and compared with the
 * closed form relu(x·Wᵀ + b) computed here in float64 (the trusted
 * reference, STYLE.md §10).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { memoryStats, Rng } from '../../src/engine/index.js';
import { Linear, ReLU, Sequential } from '../../src/nn/index.js';
import { DataType, encodeModel, encodeTensor, IR_VERSION, OPSET, valueInfo } from '../../src/interop/onnx/proto.js';
import { createSession, infer, type EdgewattSession } from '../../src/interop/session/index.js';

const IN = 16;
const OUT = 8;
const BATCH = 5;
const TOL = 1e-4;
const BACKENDS = ['onnxruntime-node', 'onnxruntime-web', 'edgewatt'] as const;

/** A Linear(IN, OUT) + ReLU and its weights as plain arrays. */
function denseModel(): { model: Sequential; w: Float32Array; b: Float32Array } {
  const lin = new Linear(IN, OUT, { rng: new Rng(7) });
  const model = new Sequential([lin, new ReLU()]);
  return { model, w: lin.weight.toArray() as Float32Array, b: lin.bias!.toArray() as Float32Array };
}

/** The same layer as an ONNX graph: MatMul(input, Wᵀ) → Add(b) → Relu, batch axis symbolic. */
function denseOnnx(w: Float32Array, b: Float32Array): Uint8Array {
  const wT = new Float32Array(IN * OUT);
  for (let o = 0; o < OUT; o++) for (let i = 0; i < IN; i++) wT[i * OUT + o] = w[o * IN + i]!;
  return encodeModel({
    irVersion: IR_VERSION,
    opsetImport: [{ domain: '', version: OPSET }],
    producerName: 'edgewatt-test',
    graph: {
      name: 'dense',
      node: [
        { opType: 'MatMul', input: ['input', 'wT'], output: ['mm'], name: 'matmul' },
        { opType: 'Add', input: ['mm', 'b'], output: ['pre'], name: 'add' },
        { opType: 'Relu', input: ['pre'], output: ['output'], name: 'relu' },
      ],
      initializer: [encodeTensor('wT', [IN, OUT], wT), encodeTensor('b', [OUT], b, DataType.FLOAT)],
      input: [valueInfo('input', [null, IN])],
      output: [valueInfo('output', [null, OUT])],
    },
  });
}

function reference(x: Float32Array, w: Float32Array, b: Float32Array, n: number): Float64Array {
  const y = new Float64Array(n * OUT);
  for (let r = 0; r < n; r++) {
    for (let o = 0; o < OUT; o++) {
      let s = b[o]!;
      for (let i = 0; i < IN; i++) s += x[r * IN + i]! * w[o * IN + i]!;
      y[r * OUT + o] = Math.max(0, s);
    }
  }
  return y;
}

function input(n: number, seed: number): Float32Array {
  const rng = new Rng(seed);
  return Float32Array.from({ length: n * IN }, () => 2 * rng.next() - 1);
}

function assertClose(got: Float32Array, want: Float64Array, what: string): void {
  assert.equal(got.length, want.length, `${what}: length`);
  let worst = 0;
  for (let i = 0; i < got.length; i++) worst = Math.max(worst, Math.abs(got[i]! - want[i]!));
  assert.ok(worst <= TOL, `${what}: max |diff| ${worst} > ${TOL}`);
}

async function check(session: EdgewattSession, w: Float32Array, b: Float32Array, what: string): Promise<void> {
  for (const n of [1, BATCH]) {
    const x = input(n, 100 + n);
    const y = await infer(session, x, [n, IN]);
    assert.deepEqual(y.dims, [n, OUT], `${what}: output dims at batch ${n}`);
    assertClose(y.data, reference(x, w, b, n), `${what} at batch ${n}`);
  }
}

test('ONNX bytes: every backend matches relu(x·Wᵀ + b) at batch 1 and 5', async () => {
  const { w, b } = denseModel();
  const bytes = denseOnnx(w, b);
  for (const name of BACKENDS) {
    const session = await createSession(bytes, { backends: [name] });
    assert.equal(session.backend, name);
    assert.deepEqual(session.inputNames, ['input']);
    assert.deepEqual(session.outputNames, ['output']);
    assert.deepEqual(session.inputs, [{ name: 'input', dims: [null, IN] }], `${name}: declared input`);
    await check(session, w, b, `${name} (ONNX bytes)`);
    await session.dispose();
  }
});

test('an Edgewatt Module: every backend matches (ORT backends run its ONNX export)', async () => {
  const { model, w, b } = denseModel();
  for (const name of BACKENDS) {
    const session = await createSession(model, { backends: [name], inputShape: [IN], intraOpNumThreads: 1 });
    assert.equal(session.backend, name);
    await check(session, w, b, `${name} (Module)`);
    await session.dispose();
  }
});

test('session.run returns the arrays the caller owns: a later call does not overwrite an earlier result', async () => {
  const { w, b } = denseModel();
  const bytes = denseOnnx(w, b);
  for (const name of BACKENDS) {
    const session = await createSession(bytes, { backends: [name] });
    const x1 = input(2, 1);
    const x2 = input(2, 2);
    const y1 = await infer(session, x1, [2, IN]);
    const kept = Float32Array.from(y1.data);
    const y2 = await infer(session, x2, [2, IN]);
    assert.deepEqual(y1.data, kept, `${name}: first result changed by the second call`);
    // The dims are handed over uncopied from onnxruntime's per-call output tensors: each call's are its own array.
    assert.notEqual(y2.dims, y1.dims, `${name}: two calls share one dims array`);
    assert.deepEqual(y1.dims, [2, OUT]);
    await session.dispose();
  }
});

test('the edgewatt handler releases every tensor it makes in a call (Module and imported ONNX)', async () => {
  const { model, w, b } = denseModel();
  for (const source of [model, denseOnnx(w, b)]) {
    const session = await createSession(source, { backends: ['edgewatt'], inputShape: [IN] });
    const x = input(BATCH, 3);
    await infer(session, x, [BATCH, IN]); // first call: pools warm up
    const before = memoryStats().liveBytes;
    for (let i = 0; i < 20; i++) await infer(session, x, [BATCH, IN]);
    assert.equal(memoryStats().liveBytes, before, `${source instanceof Uint8Array ? 'ONNX' : 'Module'}: live engine bytes grew across calls`);
    await session.dispose();
  }
});

test('infer accepts an Edgewatt tensor and a { data, dims } record', async () => {
  const { model, w, b } = denseModel();
  const session = await createSession(model, { backends: ['edgewatt'], inputShape: [IN] });
  const x = input(3, 9);
  const want = reference(x, w, b, 3);
  const { tensor } = await import('../../src/engine/index.js');
  const t = tensor(x, [3, IN]);
  assertClose((await infer(session, t)).data, want, 'Tensor input');
  t.dispose();
  assertClose((await infer(session, { data: x, dims: [3, IN] })).data, want, '{ data, dims } input');
  await session.dispose();
});
