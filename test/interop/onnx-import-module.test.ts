/**
 * The imported graph as a Module and as an exportable: parameters/buffers and
 * their names, lossless round trip through toOnnxModel, forward/run, the
 * unsupported-op report and the file errors.
 */
import assert from 'node:assert/strict';
import { mkdtemp, writeFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { noGrad, tensor, tidy, zeros } from '../../src/engine/index.js';
import { FileFormatError } from '../../src/io/file-format-error.js';
import { importOnnx, readOnnxFile, UnsupportedOnnxError } from '../../src/interop/onnx/import/index.js';
import { attr, decodeModel, decodeTensor, encodeModel, valueInfo } from '../../src/interop/onnx/proto.js';
import { runEdgewatt } from './onnx-test-models-ort.js';
import { floatInit, graphModel, int64Init, node, qlinearConvModel, smallCnnModel, withNodes, type TestModel } from './onnx-test-models.js';

/** Raw little-endian bytes of every initializer, by name. */
function initializerBytes(bytes: Uint8Array): Map<string, string> {
  const m = decodeModel(bytes, 'x.onnx');
  return new Map(m.graph!.initializer!.map((t) => {
    const d = decodeTensor(t, 'x.onnx');
    return [d.name, `${d.dataType}:${d.dims.join('x')}:${Buffer.from(d.data.buffer, d.data.byteOffset, d.data.byteLength).toString('hex')}`];
  }));
}

function roundTrip(m: TestModel): void {
  const a = importOnnx(m.bytes, 'a.onnx');
  const again = encodeModel(a.toOnnxModel());
  assert.deepEqual(initializerBytes(again), initializerBytes(m.bytes), `${m.name}: initializers changed in the round trip`);
  const b = importOnnx(again, 'b.onnx');
  assert.deepEqual(runEdgewatt(b, m.feeds), runEdgewatt(a, m.feeds), `${m.name}: outputs changed in the round trip`);
}

test('float initializers become parameters with sanitized names; quantized ones become buffers', () => {
  const cnn = importOnnx(smallCnnModel().bytes);
  assert.deepEqual(cnn.namedParameters().map(([n]) => n), ['conv1_weight', 'conv1_bias', 'bn_scale', 'bn_bias', 'bn_mean', 'bn_var', 'fc_weight', 'fc_bias']);
  assert.deepEqual(cnn.inputNames, ['x']);
  assert.deepEqual(cnn.inputShapes, [[null, 3, 8, 8]]);
  const q = importOnnx(qlinearConvModel().bytes);
  assert.deepEqual(q.namedBuffers().map(([n]) => n), ['x_zp', 'w', 'w_zp', 'y_zp', 'bias']);
  assert.equal(q.elementType('y'), 2 /* UINT8 */);
});

test('round trip importOnnx -> toOnnxModel -> encodeModel -> importOnnx keeps initializer bytes and outputs', () => {
  roundTrip(smallCnnModel());
  roundTrip(qlinearConvModel());
});

test('toOnnxModel writes current parameter values under the original ONNX names', () => {
  const m = smallCnnModel();
  const a = importOnnx(m.bytes);
  const [, bias] = a.namedParameters().find(([n]) => n === 'fc_bias')!;
  bias.view().fill(0.5);
  const exported = decodeModel(encodeModel(a.toOnnxModel()), 'e.onnx');
  const fc = exported.graph!.initializer!.find((t) => t.name === 'fc.bias')!;
  assert.deepEqual([...decodeTensor(fc, 'e.onnx').data], new Array(10).fill(0.5));
  assert.throws(() => a.toOnnxModel({ opset: 11 }), /opset 17.*opset 11/);
});

test('forward runs the first input to the first output; run checks input names and shapes', () => {
  const m = importOnnx(smallCnnModel().bytes, 'cnn.onnx');
  noGrad(() => tidy(() => {
    const y = m.forward(zeros([3, 3, 8, 8]));
    assert.deepEqual(y.shape, [3, 10]);
    // Softmax rows sum to 1.
    for (let r = 0; r < 3; r++) assert.ok(Math.abs([...y.toArray().slice(r * 10, r * 10 + 10)].reduce((s, v) => s + v, 0) - 1) < 1e-6);
    assert.throws(() => m.run({ x: zeros([1, 3, 9, 8]) }), /cnn\.onnx: input "x" has shape \[1, 3, 9, 8\], the model expects \[\?, 3, 8, 8\]/);
    assert.throws(() => m.run({ z: zeros([1, 3, 8, 8]) }), /unknown input\(s\) "z"/);
  }));
});

test('autograd flows through an imported graph (fine-tuning)', () => {
  const m = importOnnx(smallCnnModel().bytes);
  tidy(() => {
    const loss = m.forward(tensor(new Float32Array(2 * 3 * 64).fill(0.3), [2, 3, 8, 8])).mul(tensor([[1, 0, 0, 0, 0, 0, 0, 0, 0, 0], [0, 1, 0, 0, 0, 0, 0, 0, 0, 0]])).sum();
    loss.backward();
  });
  const g = m.namedParameters().find(([n]) => n === 'fc_weight')![1].grad;
  assert.ok(g && g.toArray().some((v) => v !== 0));
  m.zeroGrad();
});

test('unsupported ops: one error lists every op type with all its nodes', () => {
  const base = smallCnnModel().bytes;
  const bytes = withNodes(base, [
    node('LSTM', ['y'], ['l1'], [], 'lstm_1'), node('LSTM', ['l1'], ['l2'], [], 'lstm_2'), node('NonMaxSuppression', ['l2'], ['n'], [], 'nms'),
  ]);
  const err = (() => { try { importOnnx(bytes, 'model.onnx'); } catch (e) { return e; } return undefined; })();
  assert.ok(err instanceof UnsupportedOnnxError);
  assert.equal(err.message, 'model.onnx: 2 unsupported op types: LSTM (nodes: lstm_1, lstm_2), NonMaxSuppression (nodes: nms)');
  assert.deepEqual(err.unsupported.map((u) => [u.opType, u.nodes]), [['LSTM', ['lstm_1', 'lstm_2']], ['NonMaxSuppression', ['nms']]]);
});

test('supported ops with unsupported attributes are listed with the reason', () => {
  const bytes = graphModel({
    inputs: [{ name: 'x', dims: [1, 1, 4, 4] }], outputs: [{ name: 'y' }],
    initializers: [floatInit('roi', [0], new Float32Array(0)), floatInit('scales', [4], Float32Array.of(1, 1, 2, 2))],
    nodes: [node('Resize', ['x', 'roi', 'scales'], ['r'], [attr.string('mode', 'cubic')], 'up'), node('Pad', ['r'], ['y'], [attr.string('mode', 'reflect'), attr.ints('pads', [0, 0, 1, 1, 0, 0, 1, 1])], 'pad')],
    opset: 10,
  });
  assert.throws(() => importOnnx(bytes, 'm.onnx'), (e: unknown) => e instanceof UnsupportedOnnxError && /Resize \(nodes: up\): attribute mode="cubic" \(supported: "nearest", "linear"\), Pad \(nodes: pad\): mode "reflect"/.test(e.message));
});

test('file errors name the file, node and input', () => {
  const dangling = graphModel({ inputs: [{ name: 'x', dims: [2] }], outputs: [{ name: 'y' }], nodes: [node('Add', ['x', 'ghost'], ['y'], [], 'add1')] });
  assert.throws(() => importOnnx(dangling, 'd.onnx'), (e: unknown) => e instanceof FileFormatError && e.message.startsWith('d.onnx: node "add1" (Add).input[1]: "ghost" is not produced'));
  const dynamicShape = graphModel({ inputs: [{ name: 'x', dims: [2, 3] }, { name: 's', dims: [2], type: 7 }], outputs: [{ name: 'y' }], nodes: [node('Reshape', ['x', 's'], ['y'], [], 'rs')] });
  assert.throws(() => importOnnx(dynamicShape, 'r.onnx'), /r\.onnx: 1 unsupported op type: Reshape \(nodes: rs\): input 1 \(shape, "s"\) is computed at run time/);
  const huge = encodeModel({ irVersion: 8, opsetImport: [{ domain: '', version: 17 }], graph: { node: [node('Relu', ['x'], ['y'])], input: [valueInfo('x', [1 << 20, 1 << 20])], output: [valueInfo('y', [])] } });
  assert.throws(() => importOnnx(huge, 'h.onnx'), (e: unknown) => e instanceof FileFormatError && /more than the 2\^28/.test(e.message));
  const truncated = smallCnnModel().bytes.subarray(0, 300);
  assert.throws(() => importOnnx(truncated, 't.onnx'), FileFormatError);
  const badKernel = graphModel({ inputs: [{ name: 'x', dims: [1, 1, 2, 2] }], outputs: [{ name: 'y' }], initializers: [floatInit('w', [1, 1, 5, 5], new Float32Array(25))], nodes: [node('Conv', ['x', 'w'], ['y'], [], 'big')] });
  const m = importOnnx(badKernel, 'k.onnx');
  assert.throws(() => noGrad(() => tidy(() => m.forward(zeros([1, 1, 2, 2])))), (e: unknown) => e instanceof FileFormatError && e.message.startsWith('k.onnx: node "big" (Conv): cannot run on inputs [1, 1, 2, 2], [1, 1, 5, 5]'));
});

test('readOnnxFile reads a model from disk and names the path in errors', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'edgewatt-onnx-'));
  try {
    const path = join(dir, 'm.onnx');
    await writeFile(path, graphModel({ inputs: [{ name: 'x', dims: [2, 3] }], outputs: [{ name: 'y' }], initializers: [int64Init('s', [3, 2])], nodes: [node('Reshape', ['x', 's'], ['y'])] }));
    const m = await readOnnxFile(path);
    assert.deepEqual(noGrad(() => tidy(() => [...m.forward(tensor([[1, 2, 3], [4, 5, 6]])).shape])), [3, 2]);
    await writeFile(path, new Uint8Array([0x0a, 0xff, 0xff]));
    await assert.rejects(readOnnxFile(path), (e: unknown) => e instanceof FileFormatError && e.file === path);
  } finally {
    await rm(dir, { recursive: true });
  }
});

test('intermediates are freed by last use: repeated runs do not grow live tensors', async () => {
  const { memoryStats } = await import('../../src/engine/index.js');
  const m = importOnnx(smallCnnModel().bytes);
  const run = () => noGrad(() => { const x = zeros([1, 3, 8, 8]); m.forward(x).dispose(); x.dispose(); });
  run();
  const before = memoryStats().liveBytes;
  for (let i = 0; i < 5; i++) run();
  assert.equal(memoryStats().liveBytes, before);
});

test('gradients flow through pass-through nodes (Identity) to the initializers', () => {
  const bytes = graphModel({
    nodes: [node('MatMul', ['x', 'W'], ['h']), node('Identity', ['h'], ['y'])],
    inputs: [{ name: 'x', dims: [1, 2] }],
    outputs: [{ name: 'y', dims: [1, 2] }],
    initializers: [floatInit('W', [2, 2], Float32Array.from([1, 2, 3, 4]))],
  });
  const m = importOnnx(bytes, 'identity.onnx');
  tidy(() => {
    m.forward(tensor(Float32Array.from([1, 1]), [1, 2])).sum().backward();
  });
  const [w] = m.parameters();
  // d(sum(x·W))/dW = xᵀ·1 = all ones for x = [1, 1].
  assert.deepEqual([...w!.grad!.toArray()], [1, 1, 1, 1]);
  m.dispose();
});
