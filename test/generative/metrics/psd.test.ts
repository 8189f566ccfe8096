/** Welch PSD against scipy.signal.welch, Parseval and a pure tone; the log-spectral distance (Welch 1967). */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Rng } from '../../../src/engine/random.js';
import { meanWindowPsd, psdDistance, welchPsd, windowSet, type WindowSet } from '../../../src/generative/metrics/index.js';

// x[t] = sin(2π·0.1t) + 0.5 cos(2π·0.27t) + 0.01t², t = 0..39, fs = 100 Hz: a
// tone pair with a trend, so detrending, overlap and scaling all matter.
const signal = Array.from({ length: 40 }, (_, t) => Math.sin(2 * Math.PI * 0.1 * t) + 0.5 * Math.cos(2 * Math.PI * 0.27 * t) + 0.01 * t * t);

function assertClose(actual: ArrayLike<number>, expected: number[], relative: number): void {
  assert.equal(actual.length, expected.length);
  for (let i = 0; i < expected.length; i++) {
    assert.ok(Math.abs(actual[i]! - expected[i]!) <= relative * Math.abs(expected[i]!), `bin ${i}: ${actual[i]} vs ${expected[i]}`);
  }
}

test('matches scipy.signal.welch(x, fs=100, nperseg=16): four half-overlapping segments', () => {
  // scipy 1.17.1: f, p = welch(x, fs=100, nperseg=16)
  const p = welchPsd(signal, 100, { segmentLength: 16 });
  assert.deepEqual(Array.from(p.frequenciesHz), [0, 6.25, 12.5, 18.75, 25, 31.25, 37.5, 43.75, 50]);
  assertClose(p.density, [
    0.014460974749715246, 0.16955199479717017, 0.043266349069499326, 0.004089388094869787, 0.012045399399552695,
    0.007170757952545997, 0.00011152990609443006, 5.201341846418246e-06, 6.883709122502463e-07,
  ], 1e-9);
});

test('matches scipy.signal.welch(x, fs=100, nperseg=32): one segment, trailing samples dropped', () => {
  // Default segment length = the largest power of two <= 40, i.e. 32.
  const p = welchPsd(signal, 100);
  assert.equal(p.segmentLength, 32);
  assertClose(p.density, [
    0.03243350506651113, 0.707397491312452, 0.0365967332176316, 0.12084763162715619, 0.04016957792585723,
    0.0005466569438896814, 0.00011251986681676272, 0.0004350839433473173, 0.014920441167901598, 0.022992327277757504,
    0.0015724810581630195, 1.3227143974591364e-05, 7.664246940519938e-07, 9.25679158266742e-08, 2.713908669593387e-08,
    1.4627244575327306e-08, 5.75232581100934e-09,
  ], 1e-9);
});

test('a pure tone peaks at its frequency bin', () => {
  const fs = 64;
  const tone = Array.from({ length: 256 }, (_, t) => 2 * Math.sin((2 * Math.PI * 8 * t) / fs));
  const p = welchPsd(tone, fs);
  const peak = p.density.indexOf(Math.max(...p.density));
  assert.equal(p.frequenciesHz[peak], 8);
  assert.equal(peak, 32); // 8 Hz / (64 Hz / 256)
});

test('Parseval: Σ PSD · Δf is the variance, for white noise and an off-bin tone', () => {
  const rng = new Rng(11);
  const noise = Array.from({ length: 8192 }, () => 3 + 2 * rng.normal());
  const mean = noise.reduce((a, b) => a + b, 0) / noise.length;
  const variance = noise.reduce((a, b) => a + (b - mean) ** 2, 0) / noise.length;
  const powerOf = (values: number[], fs: number, segmentLength: number): number => {
    const p = welchPsd(values, fs, { segmentLength });
    return p.density.reduce((a, b) => a + b, 0) * (fs / segmentLength);
  };
  const noisePower = powerOf(noise, 50, 256);
  assert.ok(Math.abs(noisePower / variance - 1) < 0.03, `noise: ${noisePower} vs variance ${variance}`);
  // Amplitude 3 → variance 4.5; 7.3 Hz is between bins (Δf = 0.78 Hz).
  const tone = Array.from({ length: 4096 }, (_, t) => 3 * Math.sin((2 * Math.PI * 7.3 * t) / 100 + 0.4));
  const tonePower = powerOf(tone, 100, 128);
  assert.ok(Math.abs(tonePower / 4.5 - 1) < 0.03, `tone: ${tonePower} vs 4.5`);
});

/** `count` windows of `channels` channels, each a sine of `hz` with a random phase plus N(0, noise²). */
function toneWindows(count: number, channels: number, hz: number, noise: number, seed: number): WindowSet {
  const rng = new Rng(seed);
  const length = 128;
  const data = new Float32Array(count * channels * length);
  for (let row = 0; row < count * channels; row++) {
    const phase = 2 * Math.PI * rng.next();
    for (let t = 0; t < length; t++) data[row * length + t] = Math.sin((2 * Math.PI * hz * t) / 64 + phase) + noise * rng.normal();
  }
  return windowSet(data, count, channels, length);
}

test('psdDistance: 0 for identical sets, small for the same tone with other noise, larger for another tone', () => {
  const real = toneWindows(40, 2, 5, 0.1, 1);
  const clean = toneWindows(40, 2, 5, 0, 2);
  assert.equal(psdDistance(clean, clean, { sampleRateHz: 64 }).distance, 0);
  const identical = psdDistance(real, real, { sampleRateHz: 64 });
  assert.equal(identical.distance, 0);
  assert.deepEqual(Array.from(identical.perChannel), [0, 0]);
  const sameTone = psdDistance(real, toneWindows(40, 2, 5, 0.1, 3), { sampleRateHz: 64 });
  const otherTone = psdDistance(real, toneWindows(40, 2, 12, 0.1, 4), { sampleRateHz: 64 });
  assert.ok(sameTone.distance > 0, 'independent noise must give some distance');
  assert.ok(otherTone.distance > 3 * sameTone.distance, `other tone ${otherTone.distance} vs same tone ${sameTone.distance}`);
  assert.equal(otherTone.frequenciesHz.length, 65);
});

test('psdDistance: bins below densityFloor count as equal, so a clean tone is not judged on the noise-only bins', () => {
  const noisy = toneWindows(40, 1, 5, 0.1, 6);
  const clean = toneWindows(40, 1, 5, 0, 7);
  // Default floor (float32 rounding): the noise-only bins differ by many decades.
  const strict = psdDistance(noisy, clean, { sampleRateHz: 64 }).distance;
  assert.ok(strict > 5, `default floor: ${strict}`);
  // White noise of σ = 0.1 has density σ² / (fs/2) = 3.1e-4 /Hz; a floor at 10× that hides it.
  const floored = psdDistance(noisy, clean, { sampleRateHz: 64, densityFloor: 10 * (0.01 / 32) }).distance;
  assert.ok(floored < 0.1, `floor above the noise: ${floored}`);
  assert.throws(() => psdDistance(noisy, clean, { sampleRateHz: 64, densityFloor: 0 }), /options\.densityFloor must be a finite number > 0, got 0/);
});

test('meanWindowPsd averages the per-window PSDs of each channel', () => {
  const set = toneWindows(3, 2, 5, 0.2, 5);
  const mean = meanWindowPsd(set, 64, { segmentLength: 32 });
  const expected = new Float64Array(17);
  for (let w = 0; w < 3; w++) {
    const row = set.data.subarray((w * 2 + 1) * 128, (w * 2 + 2) * 128);
    welchPsd(row, 64, { segmentLength: 32 }).density.forEach((v, k) => (expected[k]! += v / 3));
  }
  assertClose(mean.density[1]!, Array.from(expected), 1e-12);
});

test('PSD functions refuse bad segment lengths, sample rates and mismatched sets', () => {
  assert.throws(() => welchPsd(signal, 100, { segmentLength: 24 }), /segmentLength must be a power of two <= the signal length 40, got 24/);
  assert.throws(() => welchPsd(signal, 100, { segmentLength: 64 }), /power of two <= the signal length 40, got 64/);
  assert.throws(() => welchPsd(signal, 0), /sampleRateHz must be a finite number > 0, got 0/);
  assert.throws(() => welchPsd([1], 10), /signals of 1 sample have no spectrum/);
  assert.throws(() => welchPsd([1, NaN, 2], 10), /signal\[1\] must be a finite number/);
  const a = toneWindows(2, 2, 5, 0, 1);
  assert.throws(() => psdDistance(a, toneWindows(2, 1, 5, 0, 1), { sampleRateHz: 64 }), /real has windows of 2 channels × 128 samples but synthetic has 1 × 128/);
  assert.throws(() => psdDistance(a, a, { sampleRateHz: -1 }), /options\.sampleRateHz must be a finite number > 0/);
});
