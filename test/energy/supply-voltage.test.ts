/**
 * The supply-voltage option of the energy estimate (src/energy/cost/
 * supply-scale.ts) on the hand-made fixture: an LDO board's energy scales
 * with V_DD and its latency does not; an SMPS board is priced from its
 * cited run currents and refused where it cites none; bad voltages and
 * inconsistent supply descriptions are refused naming the field.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { estimateInference, parseDeviceProfile, supplyScale, type InferenceWork } from '../../src/energy/index.js';
import type { FileFormatError } from '../../src/io/file-format-error.js';
import { clone, fixtureProfileJson } from './fixture-profile.js';

const work: InferenceWork = {
  layers: [{ name: 'a', opClass: 'conv', precision: 'int8', macs: 1000, outputs: 10, weightBytes: 100, activationBytes: 50 }],
  peakActivationBytes: 100,
  weightBytes: 100,
};

function withSupply(supply: Record<string, unknown>, extra: (p: Record<string, unknown>) => void = () => {}): Record<string, unknown> {
  const p = clone(fixtureProfileJson());
  p['supply'] = supply;
  (p['sources'] as Record<string, string>)['supply'] = 'test';
  extra(p);
  return p;
}

const fieldOf = (json: unknown): string => {
  try {
    parseDeviceProfile(json, 'p.json');
  } catch (e) {
    return (e as FileFormatError).field;
  }
  return assert.fail('expected the profile to be refused');
};

test('LDO: the energy drawn scales as V_DD / V_measured in every term; latency and cycles do not change', () => {
  const p = parseDeviceProfile(withSupply({ measuredAtV: 1.8, minV: 1.71, maxV: 3.6, regulator: 'ldo' }), 'ldo');
  const base = estimateInference(p, work);
  assert.deepEqual(estimateInference(p, work, { supplyV: 1.8 }), base, 'the measured supply is the default');
  const hi = estimateInference(p, work, { supplyV: 3.0 });
  assert.equal(hi.latencyS, base.latencyS);
  assert.equal(hi.cycles, base.cycles);
  for (const k of ['computeJ', 'memoryJ', 'staticJ', 'energyJ', 'averagePowerW'] as const) assert.ok(Math.abs(hi[k] / base[k] - 3.0 / 1.8) < 1e-12, `${k}: ${hi[k] / base[k]}`);
  // At a lower DVFS point too: the regulator, not the core voltage, decides the factor.
  const lo = estimateInference(p, work, { opPoint: 'low', supplyV: 3.0 });
  assert.ok(Math.abs(lo.energyJ / estimateInference(p, work, { opPoint: 'low' }).energyJ - 3.0 / 1.8) < 1e-12);
});

test('SMPS: priced from the cited run currents at the operating point, V·I(V) / (V_m·I(V_m)), linear between them', () => {
  const supply = { measuredAtV: 1.8, minV: 1.71, maxV: 3.6, regulator: 'smps', smpsRunCurrentA: { high: [{ voltageV: 1.8, currentA: 0.01 }, { voltageV: 3.0, currentA: 0.007 }] } };
  const p = parseDeviceProfile(withSupply(supply), 'smps');
  assert.ok(Math.abs(supplyScale(p, 'high', 3.0) - (3.0 * 0.007) / (1.8 * 0.01)) < 1e-12);
  assert.ok(Math.abs(supplyScale(p, 'high', 2.4) - (2.4 * 0.0085) / (1.8 * 0.01)) < 1e-12, 'halfway in V, halfway in current');
  const base = estimateInference(p, work);
  assert.ok(Math.abs(estimateInference(p, work, { supplyV: 3.0 }).energyJ / base.energyJ - 21 / 18) < 1e-12);
  assert.throws(() => estimateInference(p, work, { supplyV: 3.3 }), /supplyV 3\.3 V is outside the SMPS run currents the profile cites at high \(1\.8–3 V, supply\.smpsRunCurrentA\)/);
  assert.throws(() => estimateInference(p, work, { opPoint: 'low', supplyV: 3.0 }), /SMPS and the profile cites no run current versus V_DD at operating point low .* only its measured supply 1\.8 V can be priced/);
  assert.equal(estimateInference(p, work, { opPoint: 'low', supplyV: 1.8 }).energyJ, estimateInference(p, work, { opPoint: 'low' }).energyJ);
});

test('bad supply voltages are refused naming supplyV, the device and the range', () => {
  const p = parseDeviceProfile(withSupply({ measuredAtV: 1.8, minV: 1.71, maxV: 3.6, regulator: 'ldo' }), 'ldo');
  assert.throws(() => estimateInference(p, work, { supplyV: 5 }), /device test-board: supplyV 5 V is outside its supply range 1\.71–3\.6 V \(supply\.minV, supply\.maxV\)/);
  assert.throws(() => estimateInference(p, work, { supplyV: -1 }), /estimateInference: supplyV must be a positive number of volts, got -1/);
  assert.throws(() => estimateInference(p, work, { supplyV: Number.NaN }), /supplyV must be a positive number of volts, got NaN/);
  const none = parseDeviceProfile(fixtureProfileJson(), 'none');
  assert.throws(() => estimateInference(none, work, { supplyV: 3.0 }), /device test-board: its profile has no "supply" description .* supplyV 3 V cannot be priced/);
});

test('an inconsistent supply description, or a result at another voltage fitted on, is refused naming the field', () => {
  const ldo = { measuredAtV: 1.8, minV: 1.71, maxV: 3.6, regulator: 'ldo' };
  assert.equal(fieldOf(withSupply({ ...ldo, measuredAtV: 1.5 })), 'supply.measuredAtV');
  assert.equal(fieldOf(withSupply({ ...ldo, maxV: 1.7 })), 'supply.maxV');
  assert.equal(fieldOf(withSupply({ ...ldo, regulator: 'buck' })), 'supply.regulator');
  assert.equal(fieldOf(withSupply({ ...ldo, smpsRunCurrentA: { high: [{ voltageV: 1.8, currentA: 1 }, { voltageV: 3, currentA: 1 }] } })), 'supply.smpsRunCurrentA');
  const smps = (points: { voltageV: number; currentA: number }[], op = 'high') => withSupply({ ...ldo, regulator: 'smps', smpsRunCurrentA: { [op]: points } });
  assert.equal(fieldOf(smps([{ voltageV: 2.0, currentA: 1 }, { voltageV: 3, currentA: 1 }])), 'supply.smpsRunCurrentA.high', 'must cover the measured 1.8 V');
  assert.equal(fieldOf(smps([{ voltageV: 3, currentA: 1 }, { voltageV: 1.8, currentA: 1 }])), 'supply.smpsRunCurrentA.high.1.voltageV');
  assert.equal(fieldOf(smps([{ voltageV: 1.8, currentA: 1 }, { voltageV: 3, currentA: 1 }], 'turbo')), 'supply.smpsRunCurrentA.turbo');
  // The numbers of a supply description are coefficients: they must cite a source.
  const uncited = withSupply(ldo);
  delete (uncited['sources'] as Record<string, string>)['supply'];
  assert.equal(fieldOf(uncited), 'supply.measuredAtV');
  const result = { id: 'r3v', model: 'resnet8', inputShape: [3, 32, 32], precision: 'int8', engine: 'interp', latencyMs: 1, energyUj: 1, supplyV: 3.0, source: 'test' };
  const noSupply = clone(fixtureProfileJson());
  noSupply['published'] = [result];
  assert.equal(fieldOf(noSupply), 'published.0.supplyV');
  assert.equal(fieldOf(withSupply(ldo, (p) => { p['published'] = [{ ...result, supplyV: 4 }]; })), 'published.0.supplyV');
  assert.equal(fieldOf(withSupply(ldo, (p) => { p['published'] = [result]; (p['calibration'] as { fittedOn: string[] }).fittedOn = ['r3v']; })), 'published.0.supplyV');
  // At another voltage and not fitted on: a prediction, accepted.
  assert.equal(parseDeviceProfile(withSupply(ldo, (p) => { p['published'] = [result]; }), 'p.json').published[0]!.supplyV, 3.0);
});
