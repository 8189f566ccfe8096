/**
 * ladderDeviceCosts: a ladder's variants priced on a device profile are the
 * energy model's estimates of their recorded work (nothing re-derived), a
 * rung the engine cannot run is listed with why instead of priced, and the
 * idle power is the profile's. FixedVariantController beside it: the static
 * deployment baseline.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { LadderManifest, LadderVariant } from '../../src/compress/ladder/manifest.js';
import { estimateInference, loadDeviceProfile, workFromLadderFigures } from '../../src/energy/index.js';
import { ladderDeviceCosts } from '../../src/runtime/device-costs.js';
import { FixedVariantController } from '../../src/runtime/fixed-variant-controller.js';
import type { ControllerState } from '../../src/runtime/controller.js';

function variant(id: string, kind: LadderVariant['kind'], macsByPrecision: Record<string, number>, weightBytes: number): LadderVariant {
  return {
    id, kind, file: `${id}.onnx`, sha256: '0'.repeat(64), weightBytes, fileBytes: weightBytes, params: 1, macs: Object.values(macsByPrecision).reduce((a, b) => a + b, 0),
    macsByPrecision, quality: null, latency: [], recipe: {},
    work: { opClassMacs: { conv: 20_000, depthwise: 0, dense: 6_000 }, outputs: 3_000, layers: 4, activationBytes: 8_000, peakActivationBytes: 2_000 },
  };
}

const manifest: LadderManifest = {
  format: 'edgewatt-ladder', version: 1,
  model: { name: 'cnn1d', inputShape: [3, 26], inputName: 'input', outputName: 'output', numClasses: 3, task: 'har' },
  createdAt: '2026-11-22T10:00:00.000Z',
  variants: [variant('fp32', 'fp32', { float32: 26_000 }, 8_400), variant('int8', 'int8', { int8: 26_000 }, 2_700), variant('int4', 'int4', { int8: 6_000, int4: 20_000 }, 2_000)],
};

test('on a Raspberry Pi 4 every rung is priced as estimateInference prices its work; idle power is the profile’s', () => {
  const pi = loadDeviceProfile('raspberry-pi-4');
  const c = ladderDeviceCosts(manifest, pi);
  assert.equal(c.device, 'raspberry-pi-4');
  assert.equal(c.engine, pi.defaultEngine);
  assert.equal(c.idlePowerW, pi.power.idleW);
  assert.equal(c.unsupported.size, 0);
  for (const v of manifest.variants) {
    const want = estimateInference(pi, workFromLadderFigures(v).work);
    assert.equal(c.costOf(v.id).energyJ, want.energyJ);
    assert.equal(c.latencyS(v.id), want.latencyS);
  }
  assert.ok(c.costOf('int8').energyJ < c.costOf('fp32').energyJ, 'int8 is cheaper than fp32 on a Cortex-A72');
  assert.throws(() => c.costOf('int2'), /unknown variant "int2"; the ladder has "fp32", "int8", "int4"/);
});

test('on an int8-only MCU engine the float rung is unsupported, with the engine’s reason; costOf names it', () => {
  const c = ladderDeviceCosts(manifest, loadDeviceProfile('nucleo-l4r5zi'));
  assert.deepEqual([...c.variants.keys()], ['int8', 'int4']);
  assert.match(c.unsupported.get('fp32')!, /float32/);
  assert.throws(() => c.costOf('fp32'), /variant "fp32" cannot run on nucleo-l4r5zi \(engine x-cube-ai-7\.3\): .*float32/);
  assert.ok(c.variants.get('int8')!.fit.fits);
});

test('an unknown engine or operating point is one error, not every variant unsupported', () => {
  const pi = loadDeviceProfile('raspberry-pi-4');
  assert.throws(() => ladderDeviceCosts(manifest, pi, { engine: 'tensorrt' }), /unknown engine "tensorrt"; it has /);
  assert.throws(() => ladderDeviceCosts(manifest, pi, { opPoint: '9GHz' }), /9GHz/);
});

test('FixedVariantController serves every request on its variant and refuses one that is not there', () => {
  const state = { candidates: [{ id: 'fp32' }, { id: 'int8' }] } as unknown as ControllerState;
  assert.deepEqual(new FixedVariantController('int8').decide(state), { variantId: 'int8' });
  assert.throws(() => new FixedVariantController('int2').decide(state), /variant "int2" is not served here; the variants are "fp32", "int8"/);
  assert.throws(() => new FixedVariantController(''), /variantId must be a variant id/);
});
