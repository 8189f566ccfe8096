/**
 * Mutation fuzzing of the CSV time-series and NAB readers: each input must
 * parse or throw FileFormatError (csv-parse's own errors included, wrapped).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FileFormatError } from '../../src/io/file-format-error.js';
import { parseCsvTimeSeries } from '../../src/data/csv-timeseries.js';
import { parseNabStream, parseNabWindows } from '../../src/data/nab.js';
import { synthesizeNab } from '../../src/data/nab-synthetic.js';
import { fuzzReader } from '../helpers/fuzz.js';

const text = (b: Uint8Array) => new TextDecoder().decode(b);
const bytes = (s: string) => new TextEncoder().encode(s);
const nab = synthesizeNab({ samples: 60, windows: [[10, 14], [40, 41]] });
const generic = 'time,a,b\n0,1.5,2\n1,1.25,-3e2\n2,"4",5\n3.5,6,7\n';
const allowed = [FileFormatError];

test('fuzz: generic CSV time series (strict and drop modes)', async () => {
  const r1 = await fuzzReader('csv time series', { seeds: [bytes(nab.csv), bytes(generic)], read: (b) => parseCsvTimeSeries(text(b), 'f.csv'), allowed, count: 1500 });
  const r2 = await fuzzReader('csv time series, drop', { seeds: [bytes(nab.csv)], read: (b) => parseCsvTimeSeries(text(b), 'f.csv', { outOfOrder: 'drop', valueColumns: ['value'] }), allowed, count: 1000, seed: 2 });
  assert.ok(r1.accepted > 0 && r1.rejected > 0 && r2.accepted > 0, `${JSON.stringify(r1)} ${JSON.stringify(r2)}`);
});

test('fuzz: NAB label windows JSON', async () => {
  const r = await fuzzReader('nab windows', { seeds: [bytes(nab.windowsJson)], read: (b) => parseNabWindows(text(b), 'w.json'), allowed, count: 1000, seed: 3 });
  assert.ok(r.accepted > 0 && r.rejected > 0, JSON.stringify(r));
});

test('fuzz: NAB stream CSV against its windows', async () => {
  const labels = parseNabWindows(nab.windowsJson, 'w.json');
  const r = await fuzzReader('nab stream', { seeds: [bytes(nab.csv)], read: (b) => parseNabStream(text(b), 'f.csv', labels, nab.key), allowed, count: 1000, seed: 4 });
  assert.ok(r.accepted > 0 && r.rejected > 0, JSON.stringify(r));
});
