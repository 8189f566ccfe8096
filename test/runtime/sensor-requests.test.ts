/**
 * sensorRequests: a stream becomes the requests a device would have made —
 * the windows and scaling of training (checked against the HAR training
 * pipeline itself on a real recording), arrival at a window's last reading,
 * a deadline one hop later — and every mismatch between stream and model is
 * an error naming both sides.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import type { SensorInput } from '../../src/compress/ladder/manifest.js';
import { loadHarDataset } from '../../src/data/har-dataset.js';
import { readSensorStream } from '../../src/data/sensor-stream.js';
import { channelColumns, sensorRequests, type SensorReadings } from '../../src/runtime/sensor-requests.js';
import { sharedDataPath, skipUnlessShared } from '../helpers/shared-data.js';

const input: SensorInput = {
  layout: 'channels-first',
  sampleRateHz: 10,
  strideSamples: 2,
  channels: [
    { name: 'a', unit: 'mg', scale: 0.001, mean: 1, std: 2 },
    { name: 'b', unit: 'mg', scale: 0.001, mean: 0, std: 1 },
  ],
};

/** Column a = 1000·t, column b = −1000·t (in mg) for t = 0..n−1. */
function stream(n: number, channels: string[] | null = ['a', 'b'], rate = 10): SensorReadings {
  const values = new Float32Array(n * 2);
  for (let t = 0; t < n; t++) {
    values[2 * t] = 1000 * t;
    values[2 * t + 1] = -1000 * t;
  }
  return { source: 'test.csv', channels, sampleRateHz: rate, values, length: n, timeS: null };
}

test('windows are channels-first, scaled (raw·scale − mean)/std, arrive at their last reading and are due one hop later', () => {
  const r = sensorRequests(stream(9), input, 4);
  // Starts 0, 2, 4 (a 4th window would need reading 9).
  assert.equal(r.requests.length, 3);
  const w1 = r.requests[1]!;
  assert.equal(w1.id, 'w1');
  assert.deepEqual([...w1.input], [(2 - 1) / 2, (3 - 1) / 2, (4 - 1) / 2, (5 - 1) / 2, -2, -3, -4, -5]);
  assert.ok(Math.abs(w1.arrivalS - 0.5) < 1e-12, 'readings 2..5: the last arrives at 5 / 10 Hz');
  assert.ok(Math.abs(w1.deadlineS - (0.5 + 0.2)) < 1e-12, 'due before the next window: stride 2 / 10 Hz');
  assert.equal(w1.criticality, 'normal');
  assert.ok(Math.abs(r.durationS - 0.8) < 1e-12);
});

test('options: stride, deadline, criticality, a cap; time-stamped streams use their own times', () => {
  const r = sensorRequests(stream(9), input, 4, { strideSamples: 1, relativeDeadlineS: 1, criticality: 'critical', maxRequests: 4, idPrefix: 's' });
  assert.deepEqual(r.requests.map((q) => q.id), ['s0', 's1', 's2', 's3']);
  assert.ok(r.requests.every((q) => q.criticality === 'critical' && Math.abs(q.deadlineS - q.arrivalS - 1) < 1e-12));
  const timed = { ...stream(6), timeS: Float64Array.of(0, 0.1, 0.2, 5, 5.1, 5.2) };
  assert.deepEqual(sensorRequests(timed, input, 4).requests.map((q) => q.arrivalS), [5, 5.2]);
});

test('channels are matched by name (in any column order) or by position when the stream names none', () => {
  const swapped = stream(5, ['b', 'a']);
  assert.deepEqual(channelColumns(swapped, input), [1, 0]);
  const r = sensorRequests(swapped, input, 4);
  // Model channel a now reads column 1, which holds −1000·t.
  assert.equal(r.requests[0]!.input[1], (-1 - 1) / 2);
  assert.deepEqual(channelColumns(stream(5, null), input), [0, 1]);
});

test('mismatches name both sides: a missing channel, a wrong column count, another rate, too short a stream', () => {
  assert.throws(() => sensorRequests(stream(9, ['a', 'c']), input, 4), /test\.csv: the model reads channels "a", "b", but the stream's columns are "a", "c" \(missing "b"\)/);
  const one = { ...stream(9, null), values: new Float32Array(9), length: 9 };
  assert.throws(() => sensorRequests(one, input, 4), /the stream has 1 unnamed column; the model reads 2 channels \(a, b\)/);
  assert.throws(() => sensorRequests(stream(9, ['a', 'b'], 20), input, 4), /sampled at 20 Hz but the model was trained on 10 Hz/);
  assert.throws(() => sensorRequests(stream(3), input, 4), /3 readings, fewer than one window of 4/);
  assert.throws(() => sensorRequests(stream(9), input, 4, { strideSamples: 0 }), /stride must be a positive whole number/);
});

test('a window with an invalid reading (NaN) is left out and counted', () => {
  const s = stream(9);
  s.values[2 * 3] = NaN;
  const r = sensorRequests(s, input, 4);
  // Reading 3 lies in windows starting at 0 and 2.
  assert.deepEqual(r.requests.map((q) => q.id), ['w2']);
  assert.equal(r.skippedInvalid, 2);
});

test('real HAR: a held-out recording windowed for serving equals the training pipeline’s validation windows of it', { skip: skipUnlessShared('har-stm32') }, () => {
  const dir = sharedDataPath('har-stm32');
  const har = loadHarDataset(dir, { seed: 0 });
  const first = har.valFiles[0]!;
  const harInput: SensorInput = {
    layout: 'channels-first', sampleRateHz: har.sampleRateHz, strideSamples: har.stride,
    channels: (['x', 'y', 'z'] as const).map((name, i) => ({ name, unit: 'mg', scale: 1e-3, mean: har.stats.meanG[i]!, std: har.stats.stdG[i]! })),
  };
  const r = sensorRequests(readSensorStream(join(dir, first)), harInput, har.windowLength);
  const size = 3 * har.windowLength;
  let worst = 0;
  r.requests.forEach((q, k) => {
    const { x } = har.val.get(k);
    for (let i = 0; i < size; i++) worst = Math.max(worst, Math.abs(q.input[i]! - x[i]!));
  });
  assert.equal(r.requests.length, Math.floor((1000 - har.windowLength) / har.stride) + 1);
  assert.ok(worst < 1e-5, `largest difference from the training windows: ${worst}`);
});

