/**
 * Shared by the generative tests: windows of noisy sines (a distribution a
 * small VAE learns in a few epochs: one shape, a random phase), a small VAE
 * over them, and the synthetic WFDB record and NAB stream as the readers
 * would return them.
 */
import { Rng } from '../../src/engine/index.js';
import { decodeWfdbAnnotations, parseNabStream, parseNabWindows, parseWfdbRecord, synthesizeNab, synthesizeWfdbRecord, type NabStream, type SyntheticNabOptions, type SyntheticWfdbOptions, type WfdbAnnotation, type WfdbRecord } from '../../src/data/index.js';
import { sensorVae, type SensorVae, type SensorVaeConfig } from '../../src/nn/index.js';
import type { WindowSet } from '../../src/generative/metrics/index.js';
import { trainVae } from '../../src/generative/vae/train-vae.js';

export interface SineOptions {
  /** Periods per window; default 2. */
  cycles?: number;
  /** Standard deviation of the added Gaussian noise; default 0.1. */
  noise?: number;
  /** Default 1. */
  amplitude?: number;
  /** Added to every sample; default 0. */
  offset?: number;
}

/** `count` one-channel windows of `length` samples: a sine of random phase plus noise. */
export function noisySines(count: number, length: number, rng: Rng, o: SineOptions = {}): WindowSet {
  const cycles = o.cycles ?? 2;
  const noise = o.noise ?? 0.1;
  const amplitude = o.amplitude ?? 1;
  const offset = o.offset ?? 0;
  const data = new Float32Array(count * length);
  for (let w = 0; w < count; w++) {
    const phase = rng.next() * 2 * Math.PI;
    for (let t = 0; t < length; t++) data[w * length + t] = offset + amplitude * Math.sin((2 * Math.PI * cycles * t) / length + phase) + noise * rng.normal();
  }
  return { data, count, channels: 1, length };
}

/** A VAE over [1, 32] windows small enough to train in a fraction of a second. */
export const SMALL_VAE: Partial<SensorVaeConfig> = { inputChannels: 1, inputLength: 32, width: 8, stages: 2, latent: 4, seed: 1 };

/**
 * SMALL_VAE trained for `epochs` on 256 noisy sines (batch 32, lr 3e-3: the
 * reconstruction falls from ~7 to ~1.8 in 6 epochs), with the training windows.
 */
export async function trainedSmallVae(epochs = 6): Promise<{ vae: SensorVae; train: WindowSet }> {
  const vae = sensorVae(SMALL_VAE);
  const train = noisySines(256, 32, new Rng(11));
  await trainVae(vae, { windows: train }, new Rng(12), { epochs, batchSize: 32, lr: 3e-3, warmupEpochs: 1 });
  return { vae, train };
}

/** The synthetic two-lead record (MLII, V5; a PVC every 7th beat) parsed from its bytes, as readWfdbRecord would return it. */
export function syntheticEcg(options: SyntheticWfdbOptions = {}): { record: WfdbRecord; annotations: WfdbAnnotation[] } {
  const syn = synthesizeWfdbRecord(options);
  const record = parseWfdbRecord(syn.files.hea, new Map([[`${syn.header.record}.dat`, syn.files.dat]]), `${syn.header.record}.hea`);
  return { record, annotations: decodeWfdbAnnotations(syn.files.atr, `${syn.header.record}.atr`) };
}

/** A synthetic NAB stream parsed from its CSV and label JSON, with the raw values it was made from. */
export function syntheticNabStream(options: SyntheticNabOptions = {}): { stream: NabStream; values: Float64Array; windows: readonly [number, number][] } {
  const nab = synthesizeNab(options);
  const stream = parseNabStream(nab.csv, 'synthetic.csv', parseNabWindows(nab.windowsJson, 'combined_windows.json'), nab.key);
  return { stream, values: nab.values, windows: nab.windows };
}

/** Largest |a − b| over two equally long arrays. */
export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new RangeError(`maxAbsDiff: lengths ${a.length} and ${b.length} differ`);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
}
