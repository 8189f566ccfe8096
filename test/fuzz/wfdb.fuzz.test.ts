/**
 * Mutation fuzzing of the WFDB readers (header, format 212 signal file with
 * its header, MIT annotations): each must return or throw FileFormatError,
 * on the same byte-level entry points the file readers use.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FileFormatError } from '../../src/io/file-format-error.js';
import { decodeWfdbAnnotations } from '../../src/data/wfdb/annotations.js';
import { parseWfdbHeader } from '../../src/data/wfdb/header.js';
import { parseWfdbRecord } from '../../src/data/wfdb/record.js';
import { synthesizeWfdbRecord } from '../../src/data/wfdb/synthetic.js';
import { Rng } from '../../src/engine/random.js';
import { fuzzReader } from '../helpers/fuzz.js';

const syn = synthesizeWfdbRecord({ beats: 5, rng: new Rng(11) });
const latin1 = (b: Uint8Array) => Buffer.from(b).toString('latin1');
const bytes = (s: string) => Uint8Array.from(Buffer.from(s, 'latin1'));
// A second header seed with the optional fields left out (defaults, no checksum) and a +offset.
const sparse = `# sparse\nsyn 2 360\nsyn.dat 212\nsyn.dat 212 100(3)/uV 12 0\n`;
const allowed = [FileFormatError];

test('fuzz: WFDB header text', async () => {
  const r = await fuzzReader('wfdb header', { seeds: [bytes(syn.files.hea), bytes(sparse)], read: (b) => parseWfdbHeader(latin1(b), 'f.hea'), allowed, count: 1500 });
  assert.ok(r.accepted > 0 && r.rejected > 0, `both outcomes seen: ${JSON.stringify(r)}`);
});

test('fuzz: format 212 signal file under its header (checksums, lengths)', async () => {
  const read = (hea: string) => (b: Uint8Array) => parseWfdbRecord(hea, new Map([['syn.dat', b]]), 'f.hea');
  const r1 = await fuzzReader('wfdb 212 data', { seeds: [syn.files.dat], read: read(syn.files.hea), allowed, count: 1000 });
  // Without checksums and sample count, more mutations decode: the decoder itself is exercised further.
  const r2 = await fuzzReader('wfdb 212 data, lax header', { seeds: [syn.files.dat], read: read(sparse), allowed, count: 1000, seed: 2 });
  assert.ok(r1.rejected > 0 && r2.accepted > 0, `${JSON.stringify(r1)} ${JSON.stringify(r2)}`);
});

test('fuzz: header mutated against a fixed data file', async () => {
  const dat = new Map([['syn.dat', syn.files.dat]]);
  const r = await fuzzReader('wfdb record header', { seeds: [bytes(syn.files.hea)], read: (b) => parseWfdbRecord(latin1(b), dat, 'f.hea'), allowed, count: 1000, seed: 3 });
  assert.ok(r.rejected > 0, JSON.stringify(r));
});

test('fuzz: MIT annotation file', async () => {
  const r = await fuzzReader('wfdb annotations', { seeds: [syn.files.atr], read: (b) => decodeWfdbAnnotations(b, 'f.atr'), allowed, count: 2000, seed: 4 });
  assert.ok(r.accepted > 0 && r.rejected > 0, JSON.stringify(r));
});
