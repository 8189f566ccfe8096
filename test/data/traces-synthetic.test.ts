/** The synthetic trace writers produce files the real readers accept, with the values they wrote. */
import test from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readBatteryDischarge, readMidc, readPsm3 } from '../../src/data/index.js';
import { clearSkyGhi, formatBatteryDischarge, formatMidc, formatPsm3, writeSyntheticTrace } from '../../src/data/traces/synthetic-traces.js';

const day = new Date(Date.UTC(2018, 9, 14));

test('clear-sky day: zero at night, peak at solar noon equal to Haurwitz at the noon zenith', () => {
  const { elapsedS, ghiWPerM2 } = clearSkyGhi({ latitudeDeg: 40, dayOfYear: 172 });
  assert.equal(elapsedS.length, 1440);
  assert.equal(ghiWPerM2[0], 0);
  let peak = 0;
  for (let i = 1; i < ghiWPerM2.length; i++) if (ghiWPerM2[i]! > ghiWPerM2[peak]!) peak = i;
  assert.equal(elapsedS[peak], 12 * 3600);
  // Day 172: declination 23.45·sin(360·456/365) = 23.45° (within 0.01°); noon zenith = 40 - 23.45.
  const cosZ = Math.cos((40 - 23.45) * Math.PI / 180);
  assert.ok(Math.abs(ghiWPerM2[peak]! - 1098 * cosZ * Math.exp(-0.057 / cosZ)) < 0.5, `${ghiWPerM2[peak]}`);
});

test('MIDC, PSM3 (both layouts) and battery CSVs written here read back through the real readers', () => {
  const dir = mkdtempSync(join(tmpdir(), 'edgewatt-traces-'));
  try {
    const trace = clearSkyGhi();
    writeSyntheticTrace(join(dir, 'midc.txt'), formatMidc(day, trace));
    const midc = readMidc(join(dir, 'midc.txt'));
    assert.equal(midc.timeZone, 'MST');
    assert.equal(midc.ghiWPerM2.length, 1440);
    assert.equal(midc.elapsedS[1439], 1439 * 60);
    for (let i = 0; i < 1440; i += 97) assert.ok(Math.abs(midc.ghiWPerM2[i]! - trace.ghiWPerM2[i]!) <= 5e-4);

    const half = clearSkyGhi({ stepS: 1800 });
    for (const withMetadata of [true, false]) {
      writeSyntheticTrace(join(dir, 'psm3.csv'), formatPsm3(day, half, withMetadata));
      const p = readPsm3(join(dir, 'psm3.csv'));
      assert.equal(p.layout, withMetadata ? 'metadata' : 'header-only');
      assert.equal(p.utcOffsetS, withMetadata ? -7 * 3600 : undefined);
      assert.equal(p.ghiWPerM2.length, 48);
      assert.ok(Math.abs(p.ghiWPerM2[24]! - half.ghiWPerM2[24]!) <= 0.05);
    }

    writeSyntheticTrace(join(dir, 'bat.csv'), formatBatteryDischarge({ currentA: 2.6, capacityAh: 2.6 }));
    const b = readBatteryDischarge(join(dir, 'bat.csv'));
    assert.equal(b.durationS, 3600, '1C for one hour');
    assert.ok(Math.abs(b.totalChargeC - 2.6 * 3600) < 1e-6);
    for (let i = 2; i < b.voltageV.length; i++) assert.ok(b.voltageV[i]! < b.voltageV[i - 1]!, 'voltage falls during a constant-current discharge');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
