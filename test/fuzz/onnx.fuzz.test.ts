/**
 * Fuzzing the ONNX importer: mutated copies of small valid models are
 * imported and, when accepted, run on zeros of their declared input shapes.
 * The contract: only FileFormatError or UnsupportedOnnxError, never a raw
 * RangeError/TypeError, never a hang; absurd dims are rejected before any
 * allocation (MAX_ELEMENTS).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { noGrad, tidy, zeros } from '../../src/engine/index.js';
import { FileFormatError } from '../../src/io/file-format-error.js';
import { importOnnx, UnsupportedOnnxError } from '../../src/interop/onnx/import/index.js';
import { fuzzReader } from '../helpers/fuzz.js';
import { movementModel, qlinearConvModel, smallCnnModel } from '../interop/onnx-test-models.js';

function importAndRun(bytes: Uint8Array): void {
  const m = importOnnx(bytes, 'fuzz.onnx');
  noGrad(() => tidy(() => {
    const feeds = Object.fromEntries(m.inputNames.map((n, i) => [n, zeros(m.inputShapes[i]!.map((d) => d ?? 1))]));
    m.run(feeds);
  }));
  m.dispose();
}

test('ONNX import + run survives 1500 mutated models with typed errors only', async (t) => {
  const t0 = performance.now();
  const report = await fuzzReader('onnx', {
    seeds: [smallCnnModel().bytes, qlinearConvModel().bytes, movementModel().bytes],
    read: importAndRun,
    allowed: [FileFormatError, UnsupportedOnnxError],
    count: 1500,
    seed: 7,
    perInputMs: 2000,
  });
  const seconds = (performance.now() - t0) / 1000;
  t.diagnostic(`${report.accepted} accepted and run, ${report.rejected} rejected with typed errors, ${seconds.toFixed(1)} s`);
  assert.equal(report.inputs, 1500);
  // Both outcomes must occur, or the mutations are not reaching the parser / the runner.
  assert.ok(report.accepted > 0 && report.rejected > 0, `accepted ${report.accepted}, rejected ${report.rejected}`);
  assert.ok(seconds < 15, `fuzzing took ${seconds.toFixed(1)} s`);
});
