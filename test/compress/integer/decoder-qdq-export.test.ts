/**
 * The QDQ export of decoder-style models against onnxruntime-node, with
 * the bound of qdq-export.test.ts (whose file comment says why one step):
 * end to end within 1 LSB of the integer path, for int8 and int4 weights
 * and a nested master at 8, 4 and 2 bits. Unflatten is a Reshape and the
 * nearest Upsample a Resize, both on the uint8 tensor between a
 * QuantizeLinear and the next DequantizeLinear: copies are never dequantized.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randn, Rng } from '../../../src/engine/index.js';
import { decodeModel } from '../../../src/interop/onnx/proto.js';
import { buildNestedModel, exportQdqOnnx, exportQdqOnnxModel, quantizeModel, type QuantizedModel } from '../../../src/compress/integer/index.js';
import { parityInLsb, runOrt } from './qdq-parity.js';
import { DECODER_CASES, type DecoderCase } from './decoder-models.js';
import { normalBatches, settleBatchNorm } from './helpers.js';

/** Float32 rounding of two dequantized outputs: far below a step (as qdq-export.test.ts). */
const LSB_ROUNDING = 1e-4;

function settled(c: DecoderCase, seed: number) {
  const rng = new Rng(seed);
  const model = c.build(rng);
  settleBatchNorm(model, rng, c.inputShape);
  return { model, rng, batches: normalBatches(rng, c.inputShape, 4, 64) };
}

for (const c of DECODER_CASES) {
  test(`${c.name}: onnxruntime runs the QDQ export within 1 LSB of the integer path (int8, int4 weights, nested at 8/4/2 bits)`, async (t) => {
    const { model, rng, batches } = settled(c, 21);
    const x = randn([32, ...c.inputShape], rng);
    const check = async (q: QuantizedModel, label: string) => {
      const { maxLsb, differing } = await parityInLsb(q, x);
      t.diagnostic(`${c.name} ${label}: max ${maxLsb.toFixed(3)} LSB, ${(100 * differing).toFixed(2)}% of outputs differ`);
      assert.ok(maxLsb <= 1 + LSB_ROUNDING, `${c.name} ${label}: max difference ${maxLsb.toFixed(3)} LSB (${(100 * differing).toFixed(2)}% of outputs differ)`);
    };
    for (const weightBits of [8, 4] as const) await check(quantizeModel(model, batches, { inputShape: c.inputShape, weightBits }), `int${weightBits}`);
    const nested = buildNestedModel(model, batches, { inputShape: c.inputShape });
    for (const bits of [8, 4, 2]) {
      nested.setBits(bits);
      await check(nested, `nested at ${bits} bits`);
    }
  });
}

test('Upsample is a nearest Resize and Unflatten a Reshape, both on uint8; onnxruntime still fuses every convolution', async () => {
  for (const c of DECODER_CASES) {
    const { model, rng, batches } = settled(c, 22);
    const q = quantizeModel(model, batches, { inputShape: c.inputShape });
    const nodes = exportQdqOnnxModel(q).graph!.node!;
    const producer = (value: string) => nodes.find((n) => n.output!.includes(value));
    const resizes = nodes.filter((n) => n.opType === 'Resize');
    assert.equal(resizes.length, 2, `${c.name}: one Resize per Upsample`);
    for (const r of resizes) {
      const attrs = new Map(r.attribute!.map((a) => [a.name!, new TextDecoder().decode(a.s!)]));
      assert.deepEqual([attrs.get('mode'), attrs.get('coordinate_transformation_mode'), attrs.get('nearest_mode')], ['nearest', 'asymmetric', 'floor']);
    }
    const reshapes = nodes.filter((n) => n.opType === 'Reshape' && n.name!.includes('unflatten'));
    assert.equal(reshapes.length, 1, `${c.name}: the Unflatten is one Reshape`);
    for (const n of [...resizes, ...reshapes]) {
      const from = producer(n.input![0]!);
      assert.ok(from && ['QuantizeLinear', 'Resize', 'Reshape'].includes(from.opType!), `${c.name}: ${n.name} reads ${from?.opType}, not a quantized tensor`);
    }

    const dir = mkdtempSync(join(tmpdir(), 'edgewatt-qdq-decoder-'));
    try {
      const path = join(dir, 'optimized.onnx');
      await runOrt(exportQdqOnnx(q), randn([2, ...c.inputShape], rng), { optimizedModelFilePath: path, graphOptimizationLevel: 'extended' });
      const ops = decodeModel(readFileSync(path), path).graph!.node!.map((n) => n.opType);
      const convs = q.namedModules().filter(([, m]) => m.typeName === 'QConv').length;
      assert.equal(ops.filter((o) => o === 'QLinearConv').length, convs, `${c.name}: optimized graph ${ops.join(', ')}`);
      assert.equal(ops.filter((o) => o === 'Conv').length, 0, `${c.name}: no float convolution is left`);
      assert.equal(ops.filter((o) => o === 'Resize').length, 2, `${c.name}: the Resizes stay on uint8`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
});
