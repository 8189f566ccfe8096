import { test } from 'node:test';
import assert from 'node:assert/strict';
import { edgewattInt8Pair, INT8_INFER_SHAPES } from './edgewatt/int8-infer.js';
import { int8InferSuite } from './suites/int8-infer.js';

test('the int8-infer contenders open and run a batch-1 float (batch norm folded) and integer forward of the HAR cnn1d', async () => {
  const pair = await edgewattInt8Pair('cnn1d');
  const f32 = await pair.f32();
  const int8 = await pair.int8();
  try {
    f32.step();
    int8.step();
  } finally {
    f32.dispose();
    int8.dispose();
  }
  assert.deepEqual(INT8_INFER_SHAPES.cnn1d, [3, 26]);
});

test('the int8-infer suite records both models against the float path, with the goal on ResNet-8 only', async () => {
  const records = await int8InferSuite.run({ quick: true, log: () => {} });
  assert.deepEqual(records.map((r) => r.name), ['resnet8_int8_infer_b1', 'cnn1d_int8_infer_b1']);
  for (const r of records) {
    assert.equal(r.status, 'ok');
    assert.ok(r.value! > 0 && r.baseline_value! > 0, `${r.name}: both paths measured`);
  }
  assert.equal(records[0]!.goal?.target, 1.5);
  assert.equal(records[1]!.goal, null);
});
