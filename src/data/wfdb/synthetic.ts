/**
 * A synthetic two-lead ECG-like WFDB record (.hea, format 212 .dat with
 * correct checksums and initial values, MIT .atr), so tests run the real
 * reading code without the shared MIT-BIH files. The waveform is a sum of
 * Gaussian P, QRS and T bumps per beat (the idea of McSharry et al. 2003,
 * "A dynamical model for generating synthetic electrocardiogram signals",
 * IEEE TBME 50(3), without the ODE): realistic enough for windowing tests,
 * no claim beyond that. The annotations deliberately include an AUX rhythm
 * string, a SUB field and a pause longer than 1023 samples, so the writer
 * must emit a SKIP — every control code the reader handles gets exercised.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Rng } from '../../engine/random.js';
import { writeFileAtomicSync } from '../../io/atomic-write.js';
import { encodeWfdbAnnotations, type WfdbAnnotationInput } from './annotations.js';
import { encodeFormat212 } from './format212.js';
import { formatWfdbHeader, type WfdbHeader } from './header.js';
import { wfdbChecksum } from './signal-file.js';

export interface SyntheticWfdbOptions {
  record?: string;
  /** Default 360 Hz, the MIT-BIH rate. */
  samplingFrequencyHz?: number;
  /** Number of beats. Default 40. */
  beats?: number;
  /** Every `abnormalEvery`-th beat is a PVC ('V'); default 7. */
  abnormalEvery?: number;
  rng?: Rng;
}

export interface SyntheticWfdbRecord {
  header: WfdbHeader;
  /** Per lead, ADC units. */
  adc: Int16Array[];
  annotations: WfdbAnnotationInput[];
  files: { hea: string; dat: Uint8Array; atr: Uint8Array };
}

/** MIT-BIH conventions (100.hea): gain 200 adu/mV, 11-bit resolution, ADC zero 1024. */
const GAIN = 200;
const ADC_ZERO = 1024;
/**
 * Mean RR interval, s (75 bpm). One pause of 4 s holds a noise mark 3.2 s in:
 * 1152 samples at 360 Hz, beyond the 10-bit time field (1023), so a SKIP is needed.
 */
const RR_S = 0.8;
const PAUSE_S = 4;
const NOISE_IN_PAUSE_S = 3.2;

export function synthesizeWfdbRecord(options: SyntheticWfdbOptions = {}): SyntheticWfdbRecord {
  const fs = options.samplingFrequencyHz ?? 360;
  const beats = options.beats ?? 40;
  const every = options.abnormalEvery ?? 7;
  const rng = options.rng ?? new Rng(0);
  const record = options.record ?? 'syn';
  const pauseAfter = Math.floor((2 * beats) / 3);
  const beatTimes: number[] = [];
  let t = 0.6;
  for (let b = 0; b < beats; b++) {
    beatTimes.push(t);
    t += b === pauseAfter ? PAUSE_S : RR_S * (0.9 + 0.2 * rng.next());
  }
  const length = Math.round((t + 0.2) * fs);
  const leads = [new Float64Array(length), new Float64Array(length)];
  const annotations: WfdbAnnotationInput[] = [{ sample: 0, code: 28, aux: '(N' }];
  beatTimes.forEach((bt, b) => {
    const pvc = every > 0 && b % every === every - 1;
    const sample = Math.round(bt * fs);
    annotations.push({ sample, code: pvc ? 5 : 1, ...(b === 1 ? { subtype: 1 } : {}) });
    addBeat(leads[0]!, bt, fs, pvc, 1);
    addBeat(leads[1]!, bt, fs, pvc, 0.6);
  });
  annotations.push({ sample: Math.round((beatTimes[pauseAfter]! + NOISE_IN_PAUSE_S) * fs), code: 14 }); // '~' noise mark in the pause
  annotations.sort((a, b) => a.sample - b.sample);
  const adc = leads.map((lead) => Int16Array.from(lead, (mv) => Math.max(-2047, Math.min(2047, Math.round(ADC_ZERO + mv * GAIN + rng.normal())))));
  const interleaved = new Int16Array(length * 2);
  for (let i = 0; i < length; i++) {
    interleaved[2 * i] = adc[0]![i]!;
    interleaved[2 * i + 1] = adc[1]![i]!;
  }
  const header: WfdbHeader = {
    record,
    samplingFrequencyHz: fs,
    samplesPerSignal: length,
    baseTime: undefined,
    baseDate: undefined,
    comments: ['synthetic record written by edgewatt (src/data/wfdb/synthetic.ts)'],
    signals: ['MLII', 'V5'].map((description, c) => ({
      file: `${record}.dat`, format: 212, byteOffset: 0, gain: GAIN, calibrated: true, baseline: ADC_ZERO, units: 'mV',
      adcResolution: 11, adcZero: ADC_ZERO, initialValue: adc[c]![0]!, checksum: wfdbChecksum(adc[c]!), blockSize: 0, description,
    })),
  };
  const files = { hea: formatWfdbHeader(header), dat: encodeFormat212(interleaved), atr: encodeWfdbAnnotations(annotations) };
  return { header, adc, annotations, files };
}

/** Writes `<dir>/<record>.hea|.dat|.atr` atomically; returns the record and the header path. */
export function writeSyntheticWfdb(dir: string, options: SyntheticWfdbOptions = {}): { record: SyntheticWfdbRecord; headerPath: string } {
  const record = synthesizeWfdbRecord(options);
  mkdirSync(dir, { recursive: true });
  const base = join(dir, record.header.record);
  writeFileAtomicSync(`${base}.dat`, record.files.dat);
  writeFileAtomicSync(`${base}.atr`, record.files.atr);
  writeFileAtomicSync(`${base}.hea`, record.files.hea);
  return { record, headerPath: `${base}.hea` };
}

/** Adds one beat's P, QRS and T waves (mV); PVCs have no P wave and a wide, tall QRS. */
function addBeat(out: Float64Array, beatS: number, fs: number, pvc: boolean, scale: number): void {
  const waves = pvc
    ? [{ at: 0, amp: 1.8, width: 0.045 }, { at: 0.3, amp: -0.5, width: 0.08 }]
    : [{ at: -0.2, amp: 0.12, width: 0.025 }, { at: -0.03, amp: -0.1, width: 0.01 }, { at: 0, amp: 1.1, width: 0.012 }, { at: 0.03, amp: -0.2, width: 0.01 }, { at: 0.25, amp: 0.3, width: 0.05 }];
  const from = Math.max(0, Math.floor((beatS - 0.5) * fs));
  const to = Math.min(out.length, Math.ceil((beatS + 0.6) * fs));
  for (let i = from; i < to; i++) {
    const dt = i / fs - beatS;
    for (const w of waves) out[i] = out[i]! + scale * w.amp * Math.exp(-((dt - w.at) ** 2) / (2 * w.width ** 2));
  }
}
