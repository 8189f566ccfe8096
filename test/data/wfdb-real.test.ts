/**
 * MIT-BIH Arrhythmia Database record 100 from the shared data folder
 * (ecg-mitbih/100.hea, .dat, .atr; PhysioNet, ODC-By 1.0). Skipped, with the
 * reason, when the folder is absent. The counts (2,239 N, 33 A, 1 V; one '+'
 * rhythm annotation) are the MIT-BIH directory's figures for record 100; the
 * first samples are decoded by hand from the raw bytes below, not by the reader.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { beatWindows } from '../../src/data/wfdb/beats.js';
import { readWfdbAnnotations, readWfdbRecord, wfdbSignalIndex, type WfdbRecord } from '../../src/data/wfdb/record.js';
import type { WfdbAnnotation } from '../../src/data/wfdb/annotations.js';
import { sharedDataPath, skipUnlessShared } from '../helpers/shared-data.js';

const skip = skipUnlessShared('ecg-mitbih', '100.hea');
const headerPath = sharedDataPath('ecg-mitbih', '100.hea');
let cachedRecord: WfdbRecord | undefined;
let cachedAnn: WfdbAnnotation[] | undefined;
const record = () => (cachedRecord ??= readWfdbRecord(headerPath));
const annotations = () => (cachedAnn ??= readWfdbAnnotations(headerPath));

test('100.hea: record line after the leading comment, two 212 signals with their calibration', { skip }, () => {
  const h = record().header;
  assert.equal(h.record, '100');
  assert.equal(h.samplingFrequencyHz, 360);
  assert.equal(h.samplesPerSignal, 650_000);
  assert.deepEqual(h.comments, ['unnecessary comment', '69 M 1085 1629 x1', 'Aldomet, Inderal']);
  assert.deepEqual(h.signals.map((s) => s.description), ['MLII', 'V5']);
  for (const s of h.signals) {
    assert.equal(s.file, '100.dat');
    assert.equal(s.format, 212);
    assert.equal(s.gain, 200);
    assert.equal(s.adcResolution, 11);
    assert.equal(s.adcZero, 1024);
    assert.equal(s.baseline, 1024, 'no (baseline) in the gain field: baseline = ADC zero');
    assert.equal(s.units, 'mV', 'no /units: mV');
  }
  assert.deepEqual(h.signals.map((s) => [s.initialValue, s.checksum]), [[995, -22131], [1011, 20052]]);
});

test('100.dat: first samples match a hand decoding of the raw 212 bytes; checksums verified', { skip }, () => {
  const raw = readFileSync(sharedDataPath('ecg-mitbih', '100.dat'));
  const rec = record();
  assert.equal(rec.length, 650_000);
  const mlii = rec.signals[wfdbSignalIndex(rec, 'MLII')]!;
  const v5 = rec.signals[wfdbSignalIndex(rec, 'V5')]!;
  // Frame k (one MLII and one V5 sample) is bytes 3k..3k+2: MLII = low 12 bits of
  // the first little-endian pair, V5 = high nibble of byte 1 above byte 2.
  const hand = (k: number): [number, number] => {
    const [b0, b1, b2] = [raw[3 * k]!, raw[3 * k + 1]!, raw[3 * k + 2]!];
    const s12 = (v: number) => (v >= 2048 ? v - 4096 : v);
    return [s12(b0 + (b1 % 16) * 256), s12(b2 + Math.floor(b1 / 16) * 256)];
  };
  assert.deepEqual([raw[0], raw[1], raw[2]], [0xe3, 0x33, 0xf3]);
  assert.deepEqual(hand(0), [995, 1011]);
  for (const k of [0, 1, 2, 3, 10, 77, 100_000, 649_999]) {
    const [a, b] = hand(k);
    assert.equal(mlii.adc[k], a, `MLII adc at ${k}`);
    assert.equal(v5.adc[k], b, `V5 adc at ${k}`);
    assert.ok(Math.abs(mlii.physical[k]! - (a - 1024) / 200) < 1e-6, `MLII mV at ${k}`);
  }
  assert.ok(Math.abs(mlii.physical[0]! - -0.145) < 1e-6, '(995 - 1024) / 200 mV');
  assert.equal(mlii.invalidSamples + v5.invalidSamples, 0);
});

test('100.atr: 2,239 N, 33 A and 1 V beats; one rhythm annotation "+" with aux "(N"', { skip }, () => {
  const ann = annotations();
  const count = (pred: (a: WfdbAnnotation) => boolean) => ann.filter(pred).length;
  assert.equal(count((a) => a.isBeat && a.symbol === 'N'), 2239);
  assert.equal(count((a) => a.isBeat && a.symbol === 'A'), 33);
  assert.equal(count((a) => a.isBeat && a.symbol === 'V'), 1);
  assert.equal(count((a) => a.isBeat), 2273, 'no other beat types');
  const nonBeats = ann.filter((a) => !a.isBeat);
  assert.deepEqual(nonBeats.map((a) => [a.symbol, a.sample, a.aux]), [['+', 18, '(N']]);
  assert.deepEqual(ann.slice(1, 3).map((a) => [a.symbol, a.sample]), [['N', 77], ['N', 370]]);
  for (let i = 1; i < ann.length; i++) assert.ok(ann[i]!.sample >= ann[i - 1]!.sample, 'time never decreases');
  assert.ok(ann[ann.length - 1]!.sample < 650_000, 'annotations fall inside the record');
});

test('100: beat windows around each beat, N vs abnormal, edge beats skipped and counted', { skip }, () => {
  const rec = record();
  const ann = annotations();
  const w = beatWindows(rec, ann, { leads: ['MLII'] });
  assert.equal(w.beforeSamples, 90, '0.25 s at 360 Hz');
  assert.equal(w.afterSamples, 162, '0.45 s at 360 Hz');
  const fits = ann.filter((a) => a.isBeat && a.sample >= 90 && a.sample + 162 <= rec.length);
  assert.equal(w.dataset.length, fits.length);
  assert.equal(w.skippedAtEdges, 2273 - fits.length);
  assert.ok(w.skippedAtEdges >= 1, 'the first beat (sample 77) is too close to the start');
  assert.deepEqual(w.nonBeatCounts, { '+': 1 });
  assert.deepEqual(w.dataset.sampleShape, [1, 252]);
  const abnormal = [...Array(w.dataset.length).keys()].filter((i) => w.dataset.get(i).y === 1).length;
  assert.equal(abnormal, (w.beatCounts['A'] ?? 0) + (w.beatCounts['V'] ?? 0));
  // Window k starts 90 samples before its beat.
  const k = 5;
  const x = w.dataset.get(k).x;
  const mlii = rec.signals[0]!.physical;
  assert.equal(x[90], mlii[w.beatSamples[k]!]);
  assert.equal(x[0], mlii[w.beatSamples[k]! - 90]);
  const both = beatWindows(rec, ann, { leads: ['MLII', 'V5'], beforeS: 0.1, afterS: 0.1 });
  assert.deepEqual(both.dataset.sampleShape, [2, 72]);
  // Lead 1 (V5) starts at offset 72; its beat sample is 36 further.
  assert.equal(both.dataset.get(0).x[72 + 36], rec.signals[1]!.physical[both.beatSamples[0]!]);
});
