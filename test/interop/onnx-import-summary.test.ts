/**
 * summarizeOnnx against hand-computed figures for the test graphs.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { importOnnx, summarizeOnnx } from '../../src/interop/onnx/import/index.js';
import { convTransposeModel, qlinearConvModel, qlinearMatMulModel, smallCnnModel } from './onnx-test-models.js';

test('small CNN summary: shapes, params, MACs and bytes per node', () => {
  const s = summarizeOnnx(importOnnx(smallCnnModel().bytes));
  assert.deepEqual(s.inputShapes, [[1, 3, 8, 8]]);
  const byName = Object.fromEntries(s.nodes.map((n) => [n.name, n]));
  // Conv: 8·8·8 outputs, each 3·3·3 MACs; 8·3·3·3 weights + 8 biases.
  assert.deepEqual(byName.conv1, { name: 'conv1', opType: 'Conv', outputShapes: [[1, 8, 8, 8]], params: 224, paramBytes: 224 * 4, macs: 512 * 27, precision: 'float32', outputBytes: 2048 });
  assert.equal(byName.bn!.params, 32);
  assert.equal(byName.bn!.paramBytes, 32 * 4);
  assert.deepEqual(byName.pool!.outputShapes, [[1, 8, 4, 4]]);
  // Gemm: M·N·K = 1·10·128.
  assert.equal(byName.fc!.macs, 1280);
  assert.equal(byName.fc!.params, 1290);
  assert.equal(s.totalParams, 224 + 32 + 1290);
  assert.deepEqual(s.macsByPrecision, { float32: 512 * 27 + 1280, int8: 0 });
  assert.equal(s.parameterBytes, 4 * (224 + 32 + 1290));
  // Live at once at worst: conv output (2048 B) and BN output (2048 B) while BN runs... the input (768 B) dies after conv.
  assert.equal(s.peakActivationBytes, 2048 * 2);
  const batch4 = summarizeOnnx(importOnnx(smallCnnModel().bytes), [4, 3, 8, 8]);
  assert.equal(batch4.totalMacs, 4 * s.totalMacs);
});

test('ConvTranspose MACs count input elements · Cout/group · kernel', () => {
  const s = summarizeOnnx(importOnnx(convTransposeModel().bytes));
  // x [1, 4, 5, 5], w [4, 3, 3, 3], group 2: 100 inputs, each scattered to 3·9 outputs.
  assert.equal(s.nodes[0]!.macs, 100 * 27);
  assert.deepEqual(s.nodes[0]!.outputShapes, [[1, 6, 10, 10]]);
});

test('quantized nodes count int8 MACs and one byte per uint8 output', () => {
  const c = summarizeOnnx(importOnnx(qlinearConvModel().bytes));
  // y [1, 5, 4, 4], each output 3·3·3 MACs; uint8 output = 80 bytes.
  assert.deepEqual(c.macsByPrecision, { float32: 0, int8: 80 * 27 });
  assert.equal(c.nodes[0]!.outputBytes, 80);
  // Initializer bytes: 3 float scales (12) + x_zp, y_zp (2) + int8 w (135) + w_zp (5) + int32 bias (20) + w_scale (20).
  assert.equal(c.parameterBytes, 4 + 1 + 135 + 20 + 5 + 4 + 1 + 20);
  const m = summarizeOnnx(importOnnx(qlinearMatMulModel().bytes));
  assert.equal(m.totalMacs, 3 * 6 * 16);
  assert.equal(m.macsByPrecision.int8, 3 * 6 * 16);
});
