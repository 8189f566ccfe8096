import { test } from 'node:test';
import assert from 'node:assert/strict';
import { measureModuleLatency, measureOnnxLatency } from '../../../src/compress/ladder/measure-latency.js';
import { latencySchema } from '../../../src/compress/ladder/manifest.js';
import { exportOnnx } from '../../../src/interop/index.js';
import { cnn1d } from '../../../src/nn/index.js';

test('module latency is the median of the timed runs after warm-up (injected clock)', async () => {
  // Each call of the clock advances 1 ms more than the last: run i (after 2 warm-ups) takes (2i + 1)-ish ms.
  let t = 0;
  let step = 0;
  const clock = () => (t += ++step / 1000);
  const r = await measureModuleLatency(cnn1d(), [3, 26], 'edgewatt', { runs: 5, warmup: 2, clock });
  assert.equal(r.runs, 5);
  // Durations are clock(end) - clock(start) = step of the end call: 2, 4, 6, 8, 10 ms.
  assert.ok(Math.abs(r.medianMs - 6) < 1e-9, String(r.medianMs));
  assert.ok(Math.abs(r.p90Ms! - 10) < 1e-9, String(r.p90Ms));
  assert.equal(latencySchema.safeParse(r).success, true);
  await assert.rejects(measureModuleLatency(cnn1d(), [3, 26], 'edgewatt', { runs: 0 }), /runs must be a positive integer/);
});

test('onnx latency runs the file on onnxruntime-node', async () => {
  const model = cnn1d();
  const bytes = await exportOnnx(model, { inputShape: [3, 26] });
  const r = await measureOnnxLatency(bytes, [3, 26], { runs: 3, warmup: 1 });
  assert.equal(r.backend, 'onnxruntime-node');
  assert.ok(r.medianMs > 0 && Number.isFinite(r.medianMs));
});
