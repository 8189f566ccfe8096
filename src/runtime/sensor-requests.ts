/**
 * A recorded sensor stream as the requests a device would have made over
 * it: sliding windows of the model's length, each scaled exactly as in
 * training (the ladder manifest's `sensorInput`: x = (raw × scale − mean) / std,
 * channels-first), arriving when its last reading arrives and due before
 * the next window arrives (the device must keep up with its own sensor).
 * Pure: the stream is passed in as readings (src/data/sensor-stream.ts
 * reads the files), so tests and other sources can feed it directly.
 */
import type { SensorInput } from '../compress/ladder/manifest.js';
import { createRequest, type Criticality, type InferenceRequest } from './request.js';

/** What this needs of a stream (structurally src/data's SensorStream). */
export interface SensorReadings {
  readonly source: string;
  /** Column names, or null when the file names none (then matched by position). */
  readonly channels: readonly string[] | null;
  readonly sampleRateHz: number;
  /** Row-major `[length, columns]`. */
  readonly values: Float32Array;
  readonly length: number;
  /** Seconds of each reading since the first when time-stamped, else null (times from the rate). */
  readonly timeS: Float64Array | null;
}

export interface SensorRequestOptions {
  /** Readings between window starts; default the training stride (sensorInput.strideSamples). */
  strideSamples?: number;
  /** Seconds from a window's arrival to its deadline; default one hop (stride / rate): done before the next window. */
  relativeDeadlineS?: number;
  /** Default 'normal'. */
  criticality?: Criticality;
  /** At most this many requests (the first ones). */
  maxRequests?: number;
  /** Request ids are `<idPrefix><window index>`; default 'w'. */
  idPrefix?: string;
  /**
   * Tolerated relative mismatch of the stream's rate and the model's
   * (default 0.01): a model trained at 26 Hz fed 50 Hz readings sees
   * motions twice as fast as any it learned.
   */
  rateTolerance?: number;
}

export interface SensorRequests {
  readonly requests: InferenceRequest[];
  /** Stream column read for each model channel. */
  readonly columns: readonly number[];
  /** Windows left out because a reading in them was invalid (NaN). */
  readonly skippedInvalid: number;
  readonly strideSamples: number;
  readonly windowLength: number;
  /** Seconds of stream covered. */
  readonly durationS: number;
}

/**
 * Which stream column feeds each model channel: by name when both sides
 * name them, by position when the stream names none; the error lists what
 * the model wants and what the stream has.
 */
export function channelColumns(stream: Pick<SensorReadings, 'source' | 'channels' | 'values' | 'length'>, input: SensorInput): number[] {
  const want = input.channels.map((c) => c.name);
  const width = stream.length > 0 ? stream.values.length / stream.length : 0;
  if (stream.channels === null) {
    if (width !== want.length) {
      throw new RangeError(`${stream.source}: the stream has ${width} unnamed column${width === 1 ? '' : 's'}; the model reads ${want.length} channels (${want.join(', ')}) in that order`);
    }
    return want.map((_, i) => i);
  }
  const have = stream.channels;
  const missing = want.filter((n) => !have.includes(n));
  if (missing.length === 0) return want.map((n) => have.indexOf(n));
  // Unlike names but the same count is still most likely the same columns (a renamed header); do not guess.
  throw new RangeError(
    `${stream.source}: the model reads channels ${want.map((n) => `"${n}"`).join(', ')}, but the stream's columns are ${have.map((n) => `"${n}"`).join(', ')} (missing ${missing.map((n) => `"${n}"`).join(', ')}); rename the columns or rebuild the ladder from data with these names`,
  );
}

export function sensorRequests(stream: SensorReadings, input: SensorInput, windowLength: number, options: SensorRequestOptions = {}): SensorRequests {
  const who = `sensorRequests (${stream.source})`;
  const stride = options.strideSamples ?? input.strideSamples;
  if (!Number.isInteger(stride) || stride < 1) throw new RangeError(`${who}: the stride must be a positive whole number of readings, got ${stride}`);
  if (!Number.isInteger(windowLength) || windowLength < 1) throw new RangeError(`${who}: windowLength must be a positive integer, got ${windowLength}`);
  const tolerance = options.rateTolerance ?? 0.01;
  if (Math.abs(stream.sampleRateHz / input.sampleRateHz - 1) > tolerance) {
    throw new RangeError(`${who}: the stream is sampled at ${+stream.sampleRateHz.toFixed(4)} Hz but the model was trained on ${input.sampleRateHz} Hz readings; resample the stream first`);
  }
  if (stream.length < windowLength) {
    throw new RangeError(`${who}: the stream has ${stream.length} readings, fewer than one window of ${windowLength}`);
  }
  if (options.relativeDeadlineS !== undefined && !(options.relativeDeadlineS >= 0)) throw new RangeError(`${who}: relativeDeadlineS must be >= 0 s, got ${options.relativeDeadlineS}`);
  if (options.maxRequests !== undefined && !(Number.isInteger(options.maxRequests) && options.maxRequests >= 1)) throw new RangeError(`${who}: maxRequests must be a positive integer, got ${options.maxRequests}`);
  const columns = channelColumns(stream, input);
  const width = stream.values.length / stream.length;
  const timeOf = (i: number): number => (stream.timeS !== null ? stream.timeS[i]! : i / stream.sampleRateHz);
  const deadline = options.relativeDeadlineS ?? stride / input.sampleRateHz;
  const prefix = options.idPrefix ?? 'w';
  const count = Math.floor((stream.length - windowLength) / stride) + 1;
  const limit = Math.min(count, options.maxRequests ?? count);
  const requests: InferenceRequest[] = [];
  let skippedInvalid = 0;
  for (let k = 0; k < count && requests.length < limit; k++) {
    const start = k * stride;
    const x = new Float32Array(columns.length * windowLength);
    let valid = true;
    columns.forEach((col, c) => {
      const { scale, mean, std } = input.channels[c]!;
      for (let t = 0; t < windowLength; t++) {
        const raw = stream.values[(start + t) * width + col]!;
        if (Number.isNaN(raw)) valid = false;
        x[c * windowLength + t] = (raw * scale - mean) / std;
      }
    });
    if (!valid) {
      skippedInvalid++;
      continue;
    }
    requests.push(
      createRequest({ id: `${prefix}${k}`, input: x, arrivalS: timeOf(start + windowLength - 1), relativeDeadlineS: deadline, criticality: options.criticality ?? 'normal' }),
    );
  }
  return { requests, columns, skippedInvalid, strideSamples: stride, windowLength, durationS: timeOf(stream.length - 1) };
}
