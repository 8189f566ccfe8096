/** Mutation fuzzing of the energy-trace readers (MIDC, PSM3 in both layouts, battery CSV). */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FileFormatError } from '../../src/io/file-format-error.js';
import { parseBatteryDischarge } from '../../src/data/traces/battery-discharge.js';
import { parseMidc } from '../../src/data/traces/midc.js';
import { parsePsm3 } from '../../src/data/traces/psm3.js';
import { fuzzReader } from '../helpers/fuzz.js';

const text = (b: Uint8Array) => new TextDecoder().decode(b);
const bytes = (s: string) => new TextEncoder().encode(s);
const allowed = [FileFormatError];
const rows = (n: number, row: (i: number) => string) => Array.from({ length: n }, (_, i) => row(i)).join('\n') + '\n';

const midc = 'DATE (MM/DD/YYYY),MST,Global PSP [W/m^2],Temperature @ 2m [deg C]\n' +
  rows(30, (i) => `10/14/2018,${String(6 + Math.floor(i / 6)).padStart(2, '0')}:${String((i % 6) * 10).padStart(2, '0')},${(i * 13.7 - 8).toFixed(4)},${(i * 0.1).toFixed(3)}`);
const psm3Body = 'Year,Month,Day,Hour,Minute,Temperature,DHI,DNI,GHI\n' + rows(30, (i) => `2017,1,${1 + Math.floor(i / 48)},${Math.floor(i / 2)},${(i % 2) * 30},${(-8 + i * 0.3).toFixed(1)},${i},${i * 2},${i * 3}`);
const psm3Meta = `Source,Location ID,Time Zone\nNSRDB,1244689,-7\n${psm3Body}`;
const battery = 't_s,current_a,voltage_v,temp_c,charge_as\n' + rows(30, (i) => `${i * 10},2.6008,${(4.18 - i * 0.02).toFixed(4)},25.${i % 10},${(i * 26.008).toFixed(2)}`);

test('fuzz: MIDC text', async () => {
  const r = await fuzzReader('midc', { seeds: [bytes(midc)], read: (b) => parseMidc(text(b), 'm.txt', { clampNegativeToZero: true }), allowed, count: 1000 });
  assert.ok(r.accepted > 0 && r.rejected > 0, JSON.stringify(r));
});

test('fuzz: PSM3 CSV, with and without metadata lines', async () => {
  const r = await fuzzReader('psm3', { seeds: [bytes(psm3Body), bytes(psm3Meta)], read: (b) => parsePsm3(text(b), 'p.csv'), allowed, count: 1500, seed: 2 });
  assert.ok(r.accepted > 0 && r.rejected > 0, JSON.stringify(r));
});

test('fuzz: battery discharge CSV', async () => {
  const r = await fuzzReader('battery', { seeds: [bytes(battery)], read: (b) => parseBatteryDischarge(text(b), 'b.csv'), allowed, count: 1000, seed: 3 });
  assert.ok(r.accepted > 0 && r.rejected > 0, JSON.stringify(r));
});
