/**
 * The MCU profiles against MLPerf Tiny, out of sample (issue 5): each
 * profile's stored coefficients are re-derived here from the published
 * results by the stated protocol — an engine's per-class structure from
 * results on ANOTHER board (X-CUBE-AI: the other Nucleo; TFLM reference:
 * the PCL Scepu02), each board's cycle scale and power on
 * ONE result per engine — and every result not used for fitting must be
 * predicted within ±15%, except the known misses listed below, which the
 * test pins so that the documentation (docs/energy-model.md) stays true.
 * Results measured at another supply voltage (Krai's L4R5 at 3.0 V) are
 * kept out of every fit and predicted at their voltage.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { calibrationReport, fitBoardToResult, fitCyclesPerMac, loadDeviceProfile, type DeviceProfile } from '../../src/energy/index.js';
import { publishedWork } from '../../src/cli/profile/profile-rows.js';

const TOLERANCE = 0.15;
/**
 * TFLM's reference kernels take their per-class structure from a RISC-V
 * board (PCL Scepu02), where dense layers cost 0.52× a conv MAC; on the
 * Cortex-M4F the published ratio is 0.68×, so the dense AD model is
 * predicted 23% fast. (Priced uniformly per MAC, as before this structure
 * was used, KWS missed by −18% and AD by +48%.)
 */
const KNOWN_MISSES = ['l4r5-tflm-ad', 'l4r5-xcubeai-ad-3v0'];
/*
 * l4r5-xcubeai-ad-3v0: Krai's X-CUBE-AI AD energy at 3.0 V is predicted
 * +16.4%. Most of it is the 1.8 V model's AD miss (l4r5-xcubeai-ad, +14.4%,
 * within the tolerance); the rest is that Krai's AD energy rose 1.639× from
 * 1.8 V, not the LDO's 1.667× (−1.7%). The supply term alone is checked
 * per model in the test below.
 */

const l4 = loadDeviceProfile('nucleo-l4r5zi');
const u5 = loadDeviceProfile('nucleo-u575zi');

/** Per-class cycles per MAC from zoo-model results, each with the clock it ran at. */
function structureOf(results: readonly (Parameters<typeof publishedWork>[0] & { latencyMs: number; frequencyHz: number })[]) {
  return fitCyclesPerMac(results.map((r) => ({ work: publishedWork(r), cycles: r.latencyMs * 1e-3 * r.frequencyHz })), 'int8');
}

/**
 * An engine's structure from a board's own published results at its
 * nominal clock and measured supply (the ST submission's three; Krai's
 * re-run of the same engine at 3.0 V only checks the supply term).
 */
function structureFrom(p: DeviceProfile, engine: string) {
  const frequencyHz = p.power.opPoints.find((o) => o.id === p.power.nominalOpPoint)!.frequencyHz;
  return structureOf(p.published.filter((r) => r.engine === engine && r.supplyV === undefined).map((r) => ({ ...r, latencyMs: r.latencyMs!, frequencyHz })));
}

function close(actual: number, expected: number, what: string): void {
  assert.ok(Math.abs(actual / expected - 1) < 1e-9, `${what}: stored ${actual}, re-derived ${expected}`);
}

test('the stored MCU coefficients are what the calibration protocol gives', () => {
  const byId = (p: DeviceProfile, id: string) => p.published.find((r) => r.id === id)!;
  // U575: X-CUBE-AI structure from the L4R5's results, scale and C on u575-xcubeai-kws.
  const u5Structure = structureFrom(l4, 'x-cube-ai-7.3');
  const u5Base: DeviceProfile = { ...u5, engines: { 'x-cube-ai-7.3': { ...u5.engines['x-cube-ai-7.3']!, cyclesPerMac: { int8: u5Structure } } as DeviceProfile['engines'][string] } };
  const u5Fit = fitBoardToResult(u5Base, 'x-cube-ai-7.3', byId(u5, 'u575-xcubeai-kws'), publishedWork(byId(u5, 'u575-xcubeai-kws')));
  const stored = u5.engines['x-cube-ai-7.3']!;
  assert.equal(stored.kind, 'cycles');
  if (stored.kind !== 'cycles' || u5Fit.engine.kind !== 'cycles') return;
  for (const c of ['conv', 'depthwise', 'dense'] as const) close(stored.cyclesPerMac.int8![c]!, u5Fit.engine.cyclesPerMac.int8![c]!, `u575 ${c}`);
  close(u5.power.switchedCapacitanceF, u5Fit.switchedCapacitanceF, 'u575 C');
  // L4R5: TFLM structure from the other board's results (structureResults), scale and C on l4r5-tflm-ic.
  const ref = l4.engines['tflm-reference']!;
  if (ref.kind !== 'cycles') return assert.fail('tflm-reference must be a cycles engine');
  const others = l4.calibration.structureResults.filter((r) => r.engine === 'tflm-reference');
  assert.equal(others.length, 3, 'the TFLM structure comes from three results on another board');
  for (const r of others) assert.ok(!l4.published.some((q) => q.id === r.id), `${r.id} must not be one of this board's own results`);
  const refStructure = structureOf(others);
  const refBase: DeviceProfile = { ...l4, engines: { ...l4.engines, 'tflm-reference': { ...ref, cyclesPerMac: { int8: refStructure } } } };
  const refFit = fitBoardToResult(refBase, 'tflm-reference', byId(l4, 'l4r5-tflm-ic'), publishedWork(byId(l4, 'l4r5-tflm-ic')));
  close(l4.power.switchedCapacitanceF, refFit.switchedCapacitanceF, 'l4r5 C');
  if (refFit.engine.kind !== 'cycles') return;
  for (const c of ['conv', 'depthwise', 'dense'] as const) close(ref.cyclesPerMac.int8![c]!, refFit.engine.cyclesPerMac.int8![c]!, `l4r5 tflm ${c}`);
  // L4R5 X-CUBE-AI: structure from the U575's results, scale and activity on l4r5-xcubeai-kws.
  const xca = l4.engines['x-cube-ai-7.3']!;
  if (xca.kind !== 'cycles') return assert.fail('x-cube-ai-7.3 must be a cycles engine');
  const l4Base: DeviceProfile = { ...l4, engines: { ...l4.engines, 'x-cube-ai-7.3': { ...xca, cyclesPerMac: { int8: structureFrom(u5, 'x-cube-ai-7.3') }, activity: 1 } } };
  const xFit = fitBoardToResult(l4Base, 'x-cube-ai-7.3', byId(l4, 'l4r5-xcubeai-kws'), publishedWork(byId(l4, 'l4r5-xcubeai-kws')));
  if (xFit.engine.kind !== 'cycles') return;
  for (const c of ['conv', 'depthwise', 'dense'] as const) close(xca.cyclesPerMac.int8![c]!, xFit.engine.cyclesPerMac.int8![c]!, `l4r5 xca ${c}`);
  close(xca.activity, xFit.activity, 'l4r5 xca activity');
});

test('out of sample: every other MLPerf Tiny result within ±15% (latency and energy), the known misses pinned', () => {
  const misses: string[] = [];
  for (const p of [l4, u5]) {
    for (const row of calibrationReport(p, publishedWork)) {
      if (row.inSample) {
        assert.ok(Math.abs(row.latencyError!) < 1e-9 && Math.abs(row.energyError!) < 1e-9, `${row.result.id} was fitted on and must be exact`);
        continue;
      }
      const worst = Math.max(Math.abs(row.latencyError ?? 0), Math.abs(row.energyError ?? 0));
      if (worst > TOLERANCE) misses.push(row.result.id);
    }
  }
  assert.deepEqual(misses.sort(), [...KNOWN_MISSES].sort());
});

test('the issue\'s named checks: X-CUBE-AI image classification 10,682 µJ on the L4R5 and 3,642 µJ on the U575, predicted', () => {
  const pick = (p: DeviceProfile, id: string) => calibrationReport(p, publishedWork).find((r) => r.result.id === id)!;
  for (const [p, id, uj] of [[l4, 'l4r5-xcubeai-ic', 10681.623], [u5, 'u575-xcubeai-ic', 3641.998]] as const) {
    const r = pick(p, id);
    assert.equal(r.inSample, false);
    assert.equal(r.result.energyUj, uj);
    assert.ok(Math.abs(r.energyError!) <= TOLERANCE, `${id}: ${r.predictedEnergyUj} µJ vs ${uj}`);
  }
});

test('out of sample, the supply voltage: Krai\'s X-CUBE-AI 7.3 results on the L4R5 at 3.0 V, from the model fitted at 1.8 V', () => {
  // Krai ran the same engine (X-CUBE-AI v7.3.0) and models on the same board (STM32L4R5ZIT6U, 120 MHz, dual bank)
  // as the ST submission the profile is fitted on, at 3.0 V instead of 1.8 V (mlcommons/tiny_results_v1.1 closed/Krai).
  assert.equal(l4.supply?.regulator, 'ldo');
  assert.equal(l4.supply?.measuredAtV, 1.8);
  const rows = calibrationReport(l4, publishedWork);
  const row = (id: string) => rows.find((r) => r.result.id === id)!;
  for (const task of ['ic', 'kws', 'ad']) {
    const at18 = row(`l4r5-xcubeai-${task}`);
    const at30 = row(`l4r5-xcubeai-${task}-3v0`);
    assert.equal(at30.result.supplyV, 3.0);
    assert.equal(at30.result.engine, at18.result.engine);
    assert.equal(at30.result.model, at18.result.model);
    assert.equal(at30.inSample, false, `${at30.result.id} must stay out of sample`);
    // No refit: the same latency prediction, the energy scaled by the supply term only.
    assert.equal(at30.predictedLatencyMs, at18.predictedLatencyMs);
    const predictedRatio = at30.predictedEnergyUj / at18.predictedEnergyUj;
    assert.ok(Math.abs(predictedRatio - 3.0 / 1.8) < 1e-12, `${task}: the LDO prices 3.0 V at 3.0/1.8 of 1.8 V, got ${predictedRatio}`);
    // The supply term against the measurements: energy at 3.0 V over energy at 1.8 V, same engine, model and board.
    const measuredRatio = at30.result.energyUj! / at18.result.energyUj!;
    assert.ok(Math.abs(predictedRatio / measuredRatio - 1) <= TOLERANCE, `${task}: predicted ×${predictedRatio.toFixed(3)} from 1.8 V to 3.0 V, measured ×${measuredRatio.toFixed(3)}`);
    // Without a supply term (the 1.8 V energy at 3.0 V) every one of these would miss by ~40%: the check can fail.
    assert.ok(Math.abs(1 / measuredRatio - 1) > TOLERANCE);
  }
  // The energies themselves: IC and KWS within ±15%; AD is the pinned miss above.
  for (const id of ['l4r5-xcubeai-ic-3v0', 'l4r5-xcubeai-kws-3v0']) assert.ok(Math.abs(row(id).energyError!) <= TOLERANCE, `${id}: ${row(id).predictedEnergyUj} µJ vs ${row(id).result.energyUj}`);
});
