/**
 * Energy-trace readers: inline files for the layouts and errors, and the
 * shared solar and battery files (skipped when absent). Real values were read
 * off the files: midc_20181014.txt has 1,440 one-minute rows starting
 * "10/14/2018,00:00,-7.69272"; psm3_2017.csv starts with the header line (no
 * metadata) and has 17,520 half-hourly rows; lg18650_25C_ref_data.csv (the 1C,
 * 2.6 A reference discharge) ends at t = 3498 s with charge_as = 9098.64.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FileFormatError } from '../../src/io/file-format-error.js';
import { integrateChargeC, parseBatteryDischarge, readBatteryDischarge, coulombsPerAh } from '../../src/data/traces/battery-discharge.js';
import { parseMidc, readMidc } from '../../src/data/traces/midc.js';
import { parsePsm3, readPsm3 } from '../../src/data/traces/psm3.js';
import { sharedDataPath, skipUnlessShared } from '../helpers/shared-data.js';

const MIDC = 'DATE (MM/DD/YYYY),MST,Global PSP [W/m^2],Temperature @ 2m [deg C]\n10/14/2018,00:00,-7.5,1\n10/14/2018,00:01,0.25,1\n10/14/2018,12:00,600,9\n';

test('MIDC: MST clock times to UTC, raw GHI by default, clamping is explicit and counted', () => {
  const m = parseMidc(MIDC, 'm.txt');
  assert.equal(m.timeZone, 'MST');
  assert.equal(m.utcOffsetS, -25_200);
  assert.equal(m.timeS[0], Date.UTC(2018, 9, 14, 7, 0) / 1000, '00:00 MST is 07:00 UTC');
  assert.deepEqual([...m.elapsedS], [0, 60, 43_200]);
  assert.deepEqual([...m.ghiWPerM2], [-7.5, 0.25, 600]);
  assert.equal(m.clampedCount, 0);
  const c = parseMidc(MIDC, 'm.txt', { clampNegativeToZero: true });
  assert.deepEqual([...c.ghiWPerM2], [0, 0.25, 600]);
  assert.equal(c.clampedCount, 1);
  const e = (() => { try { parseMidc(MIDC.replace('00:01', '00:61'), 'm.txt'); } catch (x) { return x as FileFormatError; } assert.fail(); })();
  assert.deepEqual([e.field, e.offset, e.offsetUnit], ['date/time', 3, 'line']);
  assert.throws(() => parseMidc(MIDC.replace('MST', 'XYZ'), 'm.txt'), /zone one of/);
});

const PSM3_HEADER = 'Year,Month,Day,Hour,Minute,Temperature,DHI,DNI,GHI\n2017,1,1,0,0,-8.4,0,0,0\n2017,1,1,12,30,5.5,50,800,500\n';

test('PSM3: both layouts detected; metadata time zone applied; bad cells located', () => {
  const plain = parsePsm3(`,${PSM3_HEADER.split('\n').map((l, i) => (l === '' ? '' : i === 0 ? l : `${i - 1},${l}`)).join('\n')}`, 'p.csv');
  assert.equal(plain.layout, 'header-only');
  assert.equal(plain.utcOffsetS, undefined);
  assert.deepEqual([...plain.ghiWPerM2], [0, 500]);
  assert.deepEqual([...plain.dniWPerM2], [0, 800]);
  assert.deepEqual([...plain.dhiWPerM2], [0, 50]);
  assert.deepEqual([...plain.temperatureC], [-8.4, 5.5].map(Math.fround));
  assert.equal(plain.timeS[1]! - plain.timeS[0]!, 12.5 * 3600);
  const meta = parsePsm3(`Source,Location ID,Time Zone\nNSRDB,1244689,-7\n${PSM3_HEADER}`, 'm.csv');
  assert.equal(meta.layout, 'metadata');
  assert.equal(meta.utcOffsetS, -25_200);
  assert.equal(meta.metadata['Location ID'], '1244689');
  assert.equal(meta.timeS[0], Date.UTC(2017, 0, 1, 7) / 1000);
  const e = (() => { try { parsePsm3(`Source,Time Zone\nNSRDB,0\n${PSM3_HEADER.replace('800', 'x')}`, 'b.csv'); } catch (x) { return x as FileFormatError; } assert.fail(); })();
  assert.deepEqual([e.field, e.offset], ['DNI', 5], 'line numbers count the metadata lines');
  assert.throws(() => parsePsm3('Year,Month\n2017,1\n', 'c.csv'), /column "Day"/);
});

test('battery CSV: typed arrays, duration, charge in coulombs; bad rows located', () => {
  const b = parseBatteryDischarge('t_s,current_a,voltage_v,temp_c,charge_as\n0,0,4.2,25,0\n10,2,4.1,25,20\n20,2,4.0,26,40\n', 'b.csv');
  assert.equal(b.durationS, 20);
  assert.equal(b.totalChargeC, 40);
  assert.equal(integrateChargeC(b), 30, 'trapezoid: 10 s x 1 A + 10 s x 2 A');
  assert.deepEqual([...b.voltageV], [4.2, 4.1, 4.0].map(Math.fround));
  assert.throws(() => parseBatteryDischarge('t_s,current_a,voltage_v,temp_c,charge_as\n0,0,4.2,25,0\n0,2,4.1,25,20\n', 'b.csv'), (e: unknown) => e instanceof FileFormatError && e.offset === 3);
  assert.throws(() => parseBatteryDischarge('t_s,current_a,voltage_v,temp_c\n0,0,4.2,25\n', 'b.csv'), /charge_as/);
  assert.throws(() => parseBatteryDischarge('t_s,current_a,voltage_v,temp_c,charge_as\n', 'b.csv'), /no data rows/);
});

test('real MIDC day: 1,440 minutes of GHI, negative night offsets kept or clamped on request', { skip: skipUnlessShared('solar', 'midc_20181014.txt') }, () => {
  const path = sharedDataPath('solar', 'midc_20181014.txt');
  const m = readMidc(path);
  assert.equal(m.timeS.length, 1440);
  assert.ok(Math.abs(m.ghiWPerM2[0]! - -7.69272) < 1e-5);
  assert.equal(m.elapsedS[1439], 1439 * 60);
  const negatives = m.ghiWPerM2.filter((v) => v < 0).length;
  assert.ok(negatives > 0);
  const peak = Math.max(...m.ghiWPerM2);
  assert.ok(peak > 300 && peak < 1200, `plausible clear-ish October peak GHI, got ${peak}`);
  const c = readMidc(path, { clampNegativeToZero: true });
  assert.equal(c.clampedCount, negatives);
  assert.ok(c.ghiWPerM2.every((v) => v >= 0));
});

test('real PSM3 2017: header-only copy, 17,520 half-hours', { skip: skipUnlessShared('solar', 'psm3_2017.csv') }, () => {
  const p = readPsm3(sharedDataPath('solar', 'psm3_2017.csv'));
  assert.equal(p.layout, 'header-only');
  assert.equal(p.timeS.length, 17_520);
  assert.equal(p.timeS[1]! - p.timeS[0]!, 1800);
  assert.equal(p.timeS[0], Date.UTC(2017, 0, 1) / 1000);
  assert.ok(Math.abs(p.temperatureC[0]! - -8.4) < 1e-5);
  assert.ok(p.ghiWPerM2.every((v) => v >= 0) && Math.max(...p.ghiWPerM2) > 800);
});

test('real battery: the 1C reference discharge lasts 3,498 s and delivers 9,098.64 C (2.527 Ah)', { skip: skipUnlessShared('battery', 'lg18650_25C_ref_data.csv') }, () => {
  const b = readBatteryDischarge(sharedDataPath('battery', 'lg18650_25C_ref_data.csv'));
  assert.equal(b.timeS.length, 351);
  assert.equal(b.durationS, 3498);
  assert.equal(b.totalChargeC, 9098.64);
  assert.ok(Math.abs(b.totalChargeC / coulombsPerAh - 2.5274) < 1e-4);
  assert.ok(Math.abs(b.currentA[1]! - 2.6008) < 1e-4, '1C of a 2.6 Ah cell');
  // The logged cumulative charge agrees with integrating the current (within 0.5 %).
  assert.ok(Math.abs(integrateChargeC(b) / b.totalChargeC - 1) < 0.005, `integrated ${integrateChargeC(b)} C`);
  assert.ok(Math.abs(b.voltageV[b.voltageV.length - 1]! - 2.5) < 1e-6, 'cut-off voltage 2.5 V');
});
