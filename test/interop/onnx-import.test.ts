/**
 * ONNX import parity: every test graph runs in onnxruntime-node and in
 * Edgewatt on the same feeds. Float graphs must agree to 1e-5; quantized
 * outputs (integers) to 1 LSB.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { importOnnx, SUPPORTED_ONNX_OPS } from '../../src/interop/onnx/import/index.js';
import { parity } from './onnx-test-models-ort.js';
import { opModels } from './onnx-test-models-ops.js';
import {
  convTransposeModel, movementModel, qdqConvModel, qlinearConvModel, qlinearMatMulModel, resizeModel, smallCnnModel, type TestModel,
} from './onnx-test-models.js';

const FLOAT_TOL = 1e-5;

async function expectParity(t: { diagnostic(msg: string): void }, m: TestModel, tol: number): Promise<void> {
  const p = await parity(m);
  t.diagnostic(`${m.name}: max |diff| ${p.maxAbsDiff.toExponential(2)} over ${p.elements} elements (${p.differing} differ)`);
  assert.ok(p.maxAbsDiff <= tol, `${m.name}: max |edgewatt - onnxruntime| = ${p.maxAbsDiff} > ${tol}`);
}

test('small CNN (Conv+BN+Relu+MaxPool+Gemm+Softmax) matches onnxruntime', async (t) => {
  await expectParity(t, smallCnnModel(), FLOAT_TOL);
});

test('ConvTranspose (strided, padded, output_padding, groups) matches onnxruntime', async (t) => {
  await expectParity(t, convTransposeModel(), FLOAT_TOL);
});

test('Resize nearest/linear with scales and sizes, 2-D and 1-D, matches onnxruntime', async (t) => {
  const cases = [
    resizeModel(3, { mode: 'nearest', coord: 'asymmetric', scales: [1, 1, 2, 3], nearestMode: 'floor' }),
    resizeModel(3, { mode: 'nearest', coord: 'half_pixel', scales: [1, 1, 1.5, 0.6] }),
    resizeModel(3, { mode: 'nearest', coord: 'align_corners', sizes: [1, 2, 7, 9], nearestMode: 'round_prefer_ceil' }),
    resizeModel(3, { mode: 'linear', coord: 'half_pixel', scales: [1, 1, 2, 2] }),
    resizeModel(3, { mode: 'linear', coord: 'align_corners', sizes: [1, 2, 7, 3] }),
    resizeModel(3, { mode: 'linear', coord: 'pytorch_half_pixel', sizes: [1, 2, 1, 8] }),
    resizeModel(3, { mode: 'linear', coord: 'asymmetric', scales: [1, 1, 0.5, 1.6] }),
    // 1-D signals [N, C, L] (the sensor VAE decoder's upsampling).
    resizeModel(3, { mode: 'nearest', coord: 'asymmetric', scales: [1, 1, 2], nearestMode: 'floor' }),
    resizeModel(3, { mode: 'linear', coord: 'half_pixel', sizes: [1, 2, 9] }),
  ];
  for (const m of cases) await expectParity(t, m, FLOAT_TOL);
});

test('Transpose/Reshape(0, -1)/Concat/Unsqueeze/Slice/Squeeze matches onnxruntime', async (t) => {
  await expectParity(t, movementModel(), FLOAT_TOL);
});

test('QDQ conv graph (QuantizeLinear -> DequantizeLinear -> Conv, per-channel int8 weights) matches onnxruntime', async (t) => {
  await expectParity(t, qdqConvModel(), FLOAT_TOL);
});

test('QLinearConv (uint8 activations, int8 per-channel weights, int32 bias) is within 1 LSB of onnxruntime', async (t) => {
  await expectParity(t, qlinearConvModel(), 1);
});

test('QLinearMatMul (uint8 activations, int8 per-column weights) is within 1 LSB of onnxruntime', async (t) => {
  await expectParity(t, qlinearMatMulModel(), 1);
});

test('single-op graphs match onnxruntime', async (t) => {
  for (const m of opModels()) await t.test(m.name, async (tt) => expectParity(tt, m, FLOAT_TOL));
});

test('every op in SUPPORTED_ONNX_OPS is exercised by a parity graph', () => {
  const models = [smallCnnModel(), convTransposeModel(), movementModel(), qdqConvModel(), qlinearConvModel(), qlinearMatMulModel(), resizeModel(3, { mode: 'nearest', coord: 'asymmetric', scales: [1, 1, 2, 2] }), ...opModels()];
  const used = new Set(models.flatMap((m) => importOnnx(m.bytes).graph.nodes.map((n) => n.ctx.opType)));
  assert.deepEqual(SUPPORTED_ONNX_OPS.filter((op) => !used.has(op)), []);
});
