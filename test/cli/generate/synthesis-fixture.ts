/**
 * A SynthesisResult built by hand for the generate tests: HAR-shaped (three
 * classes, channels x, y, z) with windows of 8 readings whose every value
 * says where it sits — class k, window j, channel c, reading t hold
 * ±(k + j/10 + c/100 + t/1000), real windows positive, synthetic negative —
 * so a CSV row or a chart panel can be checked cell by cell. The work of
 * each precision is a real small SensorVae's summary, so the energy model
 * prices it as it would a trained one.
 */
import { workFromSummary, type InferenceWork } from '../../../src/energy/index.js';
import type { CodecPrecision } from '../../../src/generative/precision/codec-variants.js';
import { encoderHalf } from '../../../src/generative/precision/latent-codec.js';
import type { SynthesisQuality, SynthesisResult } from '../../../src/generative/synthesis/synthesis-result.js';
import { sensorVae, summarize } from '../../../src/nn/index.js';

export const L = 8;
export const CHANNELS = ['x', 'y', 'z'];

export function cell(k: number, j: number, c: number, t: number): number {
  return k + j / 10 + c / 100 + t / 1000;
}

function windowsOf(classes: number, n: number | readonly number[], sign: number): Float32Array[][] {
  return Array.from({ length: classes }, (_, k) => Array.from({ length: typeof n === 'number' ? n : n[k]! }, (_, j) => Float32Array.from({ length: CHANNELS.length * L }, (_, i) => sign * cell(k, j, Math.floor(i / L), i % L))));
}

function workOf(classes: number, precision: CodecPrecision): { encoder: InferenceWork; decoder: InferenceWork } {
  const vae = sensorVae({ inputChannels: CHANNELS.length, inputLength: L, width: 4, stages: 3, latent: 2, classes, seed: 1 });
  const o = precision === 'fp32' ? {} : { precision: 'int8' as const };
  return {
    encoder: workFromSummary(summarize(encoderHalf(vae), [CHANNELS.length + classes, L]), o),
    decoder: workFromSummary(summarize(vae.decoder, [2 + classes]), o),
  };
}

export interface FixtureOptions {
  classes?: string[];
  /** Windows of each class (or of class k) in `samples` (absent: no samples, as without --samples). */
  samplesPerClass?: number | readonly number[];
}

export function handBuiltResult(o: FixtureOptions = {}): SynthesisResult {
  const classes = o.classes ?? ['running', 'stationary', 'walking'];
  const K = classes.length;
  const conditional = K > 1;
  const quality = (precision: CodecPrecision, mmd2: number, tstr: number, weightBytes: number): SynthesisQuality => ({
    precision, mmd2, psdDistance: 0.5, discriminativeAccuracy: 0.91,
    tstr: conditional ? tstr : null, trtr: conditional ? 0.84 : null, tstrGapPts: conditional ? (0.84 - tstr) * 100 : null,
    weightBytes, samplerBytes: 2048, variant: { work: workOf(conditional ? K : 0, precision), bits: null },
    examples: windowsOf(K, 3, -1),
    ...(o.samplesPerClass !== undefined ? { samples: windowsOf(K, o.samplesPerClass, -1) } : {}),
  });
  return {
    task: 'har', classes, channels: CHANNELS, sampleRateHz: 26, windowLength: L,
    counts: { train: 4514, validation: 1098 },
    training: { epochs: [1, 2, 3].map((epoch) => ({ epoch, beta: 1, trainReconstruction: 30 - epoch, trainKl: 2, valLoss: 31 - epoch, seconds: 1 })), bestEpoch: 3, stoppedByBudget: false },
    realExamples: windowsOf(K, 4, 1),
    results: [quality('fp32', 0.012345, 0.7, 129024), quality('int8', 0.0234, 0.65, 38176)],
  };
}
