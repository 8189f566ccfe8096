/**
 * The energy model against values worked out by hand on the fixture
 * profile, DVFS scaling, and the memory fit.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { estimateInference, memoryFit, parseDeviceProfile, workFromLadderFigures, type InferenceWork } from '../../src/energy/index.js';
import { fixtureProfileJson } from './fixture-profile.js';

const profile = parseDeviceProfile(fixtureProfileJson(), 'fixture');
const work: InferenceWork = {
  layers: [
    { name: 'a', opClass: 'conv', precision: 'int8', macs: 1000, outputs: 10, weightBytes: 100, activationBytes: 50 },
    { name: 'b', opClass: 'depthwise', precision: 'int8', macs: 100, outputs: 10, weightBytes: 10, activationBytes: 20 },
    { name: 'c', opClass: 'elementwise', precision: 'int8', macs: 0, outputs: 10, weightBytes: 0, activationBytes: 20 },
  ],
  peakActivationBytes: 600,
  weightBytes: 110,
};

test('a cycles engine: cycles per MAC by class, per output and per layer; energy = α·C·V²·f·t + bytes·e + P_static·t', () => {
  const e = estimateInference(profile, work);
  // 1000·2 + 100·10 MACs, 30 outputs·5, 3 layers·100.
  const cycles = 2000 + 1000 + 150 + 300;
  assert.equal(e.cycles, cycles);
  const t = cycles / 100e6;
  assert.ok(Math.abs(e.latencyS - t) < 1e-15);
  const dynamicW = 1e-10 * 1 * 1 * 100e6;
  assert.ok(Math.abs(e.computeJ - dynamicW * t) < 1e-18);
  assert.ok(Math.abs(e.memoryJ - (110 * 2e-9 + 90 * 1e-9)) < 1e-18);
  assert.ok(Math.abs(e.staticJ - 0.01 * t) < 1e-18);
  assert.ok(Math.abs(e.energyJ - (e.computeJ + e.memoryJ + e.staticJ)) < 1e-18);
  assert.equal(e.measured, false);
});

test('a lower DVFS point: time scales with 1/f, dynamic power with V²·f, static with V', () => {
  const hi = estimateInference(profile, work);
  const lo = estimateInference(profile, work, { opPoint: 'low' });
  assert.ok(Math.abs(lo.latencyS / hi.latencyS - 2) < 1e-12);
  // compute energy per inference scales with V² (f cancels against time).
  assert.ok(Math.abs(lo.computeJ / hi.computeJ - 0.64) < 1e-12);
  assert.ok(Math.abs(lo.staticJ / hi.staticJ - 0.8 * 2) < 1e-12);
  assert.throws(() => estimateInference(profile, work, { opPoint: 'turbo' }), /unknown operating point "turbo"; it has high, low/);
});

test('a roofline engine: max(compute, memory) per layer plus overheads; threads and activity scale the dynamic power', () => {
  const fwork: InferenceWork = { ...work, layers: work.layers.map((l) => ({ ...l, precision: 'float32' as const })) };
  const e = estimateInference(profile, fwork, { engine: 'cpu' });
  const layerS = [Math.max(1000 / 1e9, 150 / 1e8), Math.max(100 / (1e9 * 0.5), 30 / 1e8), 20 / 1e8];
  const t = 1e-4 + layerS.reduce((a, b) => a + b, 0) + 3 * 1e-5;
  assert.ok(Math.abs(e.latencyS - t) < 1e-15);
  assert.ok(Math.abs(e.computeJ - 2 * 0.5 * 1e-10 * 100e6 * t) < 1e-18);
  assert.throws(() => estimateInference(profile, work, { engine: 'cpu' }), /runs in int8, which this engine has no rate for \(it has float32\)/);
  assert.throws(() => estimateInference(profile, work, { engine: 'gpu' }), /unknown engine "gpu"; it has interp, cpu/);
});

test('a measured latency replaces the modelled one in every term', () => {
  const e = estimateInference(profile, work, { measuredLatencyS: 1e-3 });
  assert.equal(e.latencyS, 1e-3);
  assert.equal(e.measured, true);
  assert.ok(Math.abs(e.staticJ - 1e-5) < 1e-18);
});

test('memory fit: weights against flash, activations against SRAM, with the reason when it does not fit', () => {
  assert.equal(memoryFit(profile, work).fits, true);
  const big = memoryFit(profile, { ...work, peakActivationBytes: 2000 });
  assert.equal(big.fits, false);
  assert.match(big.reason!, /activations need 2000 B of sram, the device has 1000 B/);
  assert.match(memoryFit(profile, { ...work, weightBytes: 20_000 }).reason!, /weights need 20000 B of flash/);
});

test('ladder figures: MACs split by class in proportion; without work records every MAC is conv and flagged approximate', () => {
  const { work: w, approximate } = workFromLadderFigures({ macsByPrecision: { int8: 300, int4: 100 }, weightBytes: 40, work: { opClassMacs: { conv: 300, depthwise: 0, dense: 100 }, outputs: 8, layers: 2, activationBytes: 16, peakActivationBytes: 12 } });
  assert.equal(approximate, false);
  const macs = (p: string, c: string) => w.layers.filter((l) => l.precision === p && l.opClass === c).reduce((s, l) => s + l.macs, 0);
  assert.equal(macs('int8', 'conv'), 225);
  assert.equal(macs('int4', 'dense'), 25);
  assert.equal(w.peakActivationBytes, 12);
  const old = workFromLadderFigures({ macsByPrecision: { float32: 50 }, weightBytes: 4 });
  assert.equal(old.approximate, true);
  assert.deepEqual(old.work.layers.map((l) => [l.opClass, l.macs]), [['conv', 50]]);
});

test('int4 and int2 weights run on the int8 kernels of an engine without sub-byte rates; float does not fall back', () => {
  const low = estimateInference(profile, { ...work, layers: work.layers.map((l) => ({ ...l, precision: 'int4' as const })) });
  assert.equal(low.cycles, estimateInference(profile, work).cycles);
  const f = { ...work, layers: work.layers.map((l) => ({ ...l, precision: 'float32' as const })) };
  assert.throws(() => estimateInference(profile, f), /runs in float32, which this engine has no rate for \(it has int8\)/);
});
