import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { Rng } from '../../src/engine/random.js';
import { FileFormatError } from '../../src/io/file-format-error.js';
import { decodeWfdbAnnotations, encodeWfdbAnnotations } from '../../src/data/wfdb/annotations.js';
import { aamiNormalSymbols, beatWindows } from '../../src/data/wfdb/beats.js';
import { decodeFormat212, encodeFormat212 } from '../../src/data/wfdb/format212.js';
import { parseWfdbHeader } from '../../src/data/wfdb/header.js';
import { parseWfdbRecord, readWfdbAnnotations, readWfdbRecord } from '../../src/data/wfdb/record.js';
import { synthesizeWfdbRecord, writeSyntheticWfdb } from '../../src/data/wfdb/synthetic.js';

const root = mkdtempSync(join(tmpdir(), 'edgewatt-wfdb-'));
after(() => rmSync(root, { recursive: true, force: true }));

test('format 212: the signal(5) bit layout, sign extension, odd counts, round trip', () => {
  // Samples 0x123 and -1 (0xfff): byte0 = 0x23, byte1 = high nibble of b (0xf) << 4 | high nibble of a (0x1), byte2 = 0xff.
  assert.deepEqual([...encodeFormat212([0x123, -1])], [0x23, 0xf1, 0xff]);
  assert.deepEqual([...decodeFormat212(Uint8Array.from([0x23, 0xf1, 0xff]), 2, 'mem')], [0x123, -1]);
  assert.deepEqual([...decodeFormat212(Uint8Array.from([0x00, 0x08]), 1, 'mem')], [-2048]);
  const rng = new Rng(3);
  const values = Array.from({ length: 1001 }, () => rng.int(4096) - 2048);
  assert.deepEqual([...decodeFormat212(encodeFormat212(values), values.length, 'mem')], values);
  assert.throws(() => decodeFormat212(new Uint8Array(5), 4, 'short.dat'), (e: unknown) => e instanceof FileFormatError && e.file === 'short.dat' && /needs 6 bytes/.test(e.message));
  assert.throws(() => decodeFormat212(new Uint8Array(9), 4, 'long.dat'), /3 bytes after the 4 samples/);
});

test('header(5): defaults, (baseline), /units, comments anywhere, and errors with line numbers', () => {
  const h = parseWfdbHeader('# c1\nrec 3 500 10\n\na.dat 212 100(-5)/uV 12 3 7 0 0 lead I\n# c2\na.dat 212\nb.dat 16 0/mmHg\n', 'x.hea');
  assert.equal(h.samplingFrequencyHz, 500);
  assert.deepEqual(h.comments, ['c1', 'c2']);
  const [s0, s1, s2] = h.signals;
  assert.deepEqual([s0!.gain, s0!.baseline, s0!.units, s0!.adcZero, s0!.initialValue, s0!.description], [100, -5, 'uV', 3, 7, 'lead I']);
  assert.deepEqual([s1!.gain, s1!.calibrated, s1!.baseline, s1!.units, s1!.initialValue, s1!.checksum], [200, false, 0, 'mV', undefined, undefined]);
  assert.deepEqual([s2!.format, s2!.gain, s2!.units], [16, 200, 'mmHg']);
  assert.equal(parseWfdbHeader('r 1\nf.dat 212\n', 'y').samplingFrequencyHz, 250, 'header(5) default frequency');
  const err = (text: string) => {
    try { parseWfdbHeader(text, 'bad.hea'); } catch (e) { return e as FileFormatError; }
    assert.fail('expected an error');
  };
  assert.match(err('r 2 360\nf.dat 212\n').message, /declares 2 signals but 1 signal lines/);
  const e = err('r 1 360\nf.dat 212 abc\n');
  assert.deepEqual([e.file, e.field, e.offset, e.offsetUnit], ['bad.hea', 'signal 0 gain', 2, 'line']);
  assert.match(err('r/3 2\n').message, /multi-segment/);
  assert.match(err('r 1 -5\nf.dat 212\n').message, /sampling frequency/);
});

test('synthetic record round trip: header, 212 samples, checksums, annotations with SKIP, SUB and AUX', () => {
  const dir = join(root, 'rt');
  const { record: truth, headerPath } = writeSyntheticWfdb(dir, { rng: new Rng(7) });
  assert.deepEqual(readdirSync(dir).sort(), ['syn.atr', 'syn.dat', 'syn.hea'], 'no temp files left');
  const rec = readWfdbRecord(headerPath);
  assert.equal(rec.length, truth.adc[0]!.length);
  assert.deepEqual(rec.signals.map((s) => s.adc), truth.adc);
  assert.ok(Math.abs(rec.signals[0]!.physical[10]! - (truth.adc[0]![10]! - 1024) / 200) < 1e-6);
  // The SKIP control word (code 59) must really be in the file: the pause is > 1023 samples.
  const atr = truth.files.atr;
  // Walk the words as annot(5) lays them out, stepping over SKIP and AUX payloads.
  const codes: number[] = [];
  for (let i = 0; i + 1 < atr.length; ) {
    const word = atr[i]! | (atr[i + 1]! << 8);
    codes.push(word >> 10);
    i += 2 + (word >> 10 === 59 ? 4 : 0) + (word >> 10 === 63 ? (word & 0x3ff) + (word & 1) : 0);
  }
  for (const c of [59, 61, 63]) assert.ok(codes.includes(c), `control code ${c} written`);
  const ann = readWfdbAnnotations(headerPath);
  assert.deepEqual(ann.map((a) => [a.sample, a.code]), truth.annotations.map((a) => [a.sample, a.code]));
  assert.equal(ann[0]!.aux, '(N');
  assert.equal(ann.filter((a) => a.subtype === 1).length, 1);
  assert.deepEqual(decodeWfdbAnnotations(encodeWfdbAnnotations(truth.annotations), 'mem'), ann);
});

test('corruption is caught: checksum, initial value, missing data file, annotation truncation', () => {
  const syn = synthesizeWfdbRecord({ beats: 6 });
  const files = (dat: Uint8Array) => new Map([['syn.dat', dat]]);
  const flipped = syn.files.dat.slice();
  flipped[301]! ^= 0x01; // changes one sample of one lead away from the first frame
  assert.throws(() => parseWfdbRecord(syn.files.hea, files(flipped), 'syn.hea'), (e: unknown) => e instanceof FileFormatError && /checksum/.test(e.field));
  const first = syn.files.dat.slice();
  first[0]! ^= 0x04;
  assert.throws(() => parseWfdbRecord(syn.files.hea, files(first), 'syn.hea'), (e: unknown) => e instanceof FileFormatError && /initial value/.test(e.field));
  assert.throws(() => parseWfdbRecord(syn.files.hea, new Map(), 'syn.hea'), /syn\.dat is named by the header but was not found/);
  assert.throws(() => decodeWfdbAnnotations(syn.files.atr.subarray(0, syn.files.atr.length - 2), 'a.atr'), /without the 0x0000 end/);
  assert.throws(() => decodeWfdbAnnotations(Uint8Array.from([0x01, 0xf4, 0, 0]), 'a.atr'), /modifier word before the first annotation/);
  assert.throws(() => decodeWfdbAnnotations(Uint8Array.from([0x00, 0xd4, 0, 0]), 'a.atr'), /code 53 is neither/);
  const dir = join(root, 'bad');
  writeSyntheticWfdb(dir, { record: 'r1', beats: 4 });
  writeFileSync(join(dir, 'r1.hea'), 'r1 2 360\n../r1.dat 212\nr1.dat 212\n');
  assert.throws(() => readWfdbRecord(join(dir, 'r1')), /must be a path inside the header's folder/);
});

test('beat windows on the synthetic record: labels, AAMI mapping option, edges skipped and counted', () => {
  const dir = join(root, 'beats');
  const { record: truth, headerPath } = writeSyntheticWfdb(dir, { beats: 30, abnormalEvery: 5 });
  const rec = readWfdbRecord(headerPath);
  const ann = readWfdbAnnotations(headerPath);
  const w = beatWindows(rec, ann);
  assert.equal(w.dataset.length, 30);
  assert.equal(w.skippedAtEdges, 0);
  assert.deepEqual(w.beatCounts, { N: 24, V: 6 });
  assert.deepEqual(w.nonBeatCounts, { '+': 1, '~': 1 });
  const labels = Array.from({ length: 30 }, (_, i) => w.dataset.get(i).y);
  assert.deepEqual(labels, w.symbols.map((s) => (s === 'N' ? 0 : 1)));
  assert.deepEqual(w.dataset.sampleShape, [2, 252]);
  // PVCs are built with a taller R wave: the window's peak at the beat is higher.
  const peak = (i: number) => w.dataset.get(i).x[90]!;
  const vIdx = w.symbols.indexOf('V');
  assert.ok(peak(vIdx) > peak(0) + 0.3, `PVC peak ${peak(vIdx)} vs normal ${peak(0)}`);
  // A 1 s pre-window does not fit the first beat at 0.6 s.
  const wide = beatWindows(rec, ann, { beforeS: 1, afterS: 0.2, normalSymbols: aamiNormalSymbols });
  assert.equal(wide.skippedAtEdges, 1);
  assert.equal(wide.dataset.length, 29);
  assert.equal(truth.annotations.filter((a) => a.code === 1 || a.code === 5).length, 30);
});
