/**
 * The zoo's ResNet-8 on every inference backend: the Module run directly by
 * Edgewatt is the reference; its ONNX export run by onnxruntime-node,
 * onnxruntime-web and by Edgewatt again (through importOnnx) must agree with
 * it to 1e-4, at batch 2, from ONNX bytes and from an .onnx file path.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { Rng } from '../../src/engine/index.js';
import { createModel } from '../../src/nn/index.js';
import { exportOnnx } from '../../src/interop/onnx/export/index.js';
import { createSession, infer } from '../../src/interop/session/index.js';

const TOL = 1e-4;
const BATCH = 2;
const SHAPE = [3, 32, 32];

function maxAbsDiff(a: Float32Array, b: Float32Array): number {
  assert.equal(a.length, b.length);
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i]! - b[i]!));
  return worst;
}

test('ResNet-8: onnxruntime-node, onnxruntime-web and edgewatt (via importOnnx) agree with the Module', async () => {
  const model = createModel('resnet8');
  const rng = new Rng(21);
  const x = Float32Array.from({ length: BATCH * 3 * 32 * 32 }, () => 2 * rng.next() - 1);
  const dims = [BATCH, ...SHAPE];

  const direct = await createSession(model, { backends: ['edgewatt'] }); // the zoo model carries its input shape
  const want = await infer(direct, x, dims);
  assert.deepEqual(want.dims, [BATCH, 10]);
  await direct.dispose();

  const bytes = exportOnnx(model, { inputShape: SHAPE, batch: 'dynamic' });
  const dir = await mkdtemp(join(tmpdir(), 'edgewatt-session-'));
  const file = join(dir, 'resnet8.onnx');
  await writeFile(file, bytes);
  try {
    for (const backend of ['onnxruntime-node', 'onnxruntime-web', 'edgewatt']) {
      for (const source of [bytes, file]) {
        const session = await createSession(source, { backends: [backend] });
        assert.equal(session.backend, backend);
        assert.deepEqual(session.inputs, [{ name: 'input', dims: [null, ...SHAPE] }], `${backend}: declared input`);
        const got = await infer(session, x, dims);
        assert.deepEqual(got.dims, want.dims, `${backend}: output dims`);
        const diff = maxAbsDiff(got.data, want.data);
        assert.ok(diff <= TOL, `${backend} from ${typeof source === 'string' ? 'a file' : 'bytes'}: max |diff| ${diff} > ${TOL}`);
        await session.dispose();
      }
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
    model.dispose();
  }
});
