/**
 * Synthetic stand-in for the STM32 HAR dataset: the same folder layout and
 * CSV text format (see har.ts), filled from simple per-class signal models,
 * so tests and demos exercise the real reader without the shared data.
 *
 * The models are deliberately crude; they make the classes separable by
 * cadence and intensity, which is what a pipeline test needs, and make no
 * claim to realism beyond the constants cited below.
 *  - stationary: gravity in a random orientation plus sensor/posture noise;
 *  - walking: gravity plus a ~1.9 Hz periodic component (step cadence);
 *  - running: gravity plus a ~2.9 Hz component of larger amplitude.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Rng } from '../engine/random.js';
import { writeFileAtomicSync } from '../io/atomic-write.js';
import { harClasses, type HarClass } from './har.js';

/** 1 g in milli-g, the unit of the CSV files. */
const GRAVITY_MG = 1000;
/** LSM6DSL full scale of the recordings ("Range: [-4000 mg; 4000 mg]" in the dataset README). */
const FULL_SCALE_MG = 4000;

interface ActivityModel {
  /** Step frequency range, Hz; each recording draws uniformly from it. */
  cadenceHz: [number, number];
  /** Amplitude of the fundamental, milli-g. Chosen, not measured: walking well below running. */
  amplitudeMg: number;
  /** Second harmonic relative to the fundamental (heel strike makes the wave non-sinusoidal). */
  harmonic: number;
  /** Per-sample Gaussian noise, milli-g. Chosen so that classes overlap a little. */
  noiseMg: number;
}

const MODELS: { readonly [C in HarClass]: ActivityModel } = {
  // Normal walking pace averages 1.87 Hz (sd 0.19) — Pachi & Ji 2005,
  // "Frequency and velocity of people walking", The Structural Engineer 83(3).
  walking: { cadenceHz: [1.7, 2.1], amplitudeMg: 350, harmonic: 0.4, noiseMg: 60 },
  // Preferred running step rate is about 170 steps/min (~2.8 Hz) — Heiderscheit
  // et al. 2011, "Effects of step rate manipulation on joint mechanics during
  // running", Med. Sci. Sports Exerc. 43(2).
  running: { cadenceHz: [2.6, 3.2], amplitudeMg: 1200, harmonic: 0.5, noiseMg: 150 },
  stationary: { cadenceHz: [0, 0], amplitudeMg: 0, harmonic: 0, noiseMg: 20 },
};

/** One recording `[steps, 3]` in whole milli-g, clipped to the sensor's full scale. */
export function synthesizeHarRecording(className: HarClass, steps: number, rng: Rng, sampleRateHz = 26): Float32Array {
  if (!Number.isInteger(steps) || steps < 0) throw new RangeError(`synthesizeHarRecording: steps must be a non-negative integer, got ${steps}`);
  if (!(sampleRateHz > 0)) throw new RangeError(`synthesizeHarRecording: sampleRateHz must be positive, got ${sampleRateHz}`);
  const model = MODELS[className];
  // The board was worn on the wrist, held, on the arm or in a pocket (README),
  // so gravity and the motion axis point anywhere: draw both per recording.
  const gravity = randomDirection(rng).map((v) => v * GRAVITY_MG);
  const motion = randomDirection(rng).map((v) => v * model.amplitudeMg);
  const cadence = model.cadenceHz[0] + rng.next() * (model.cadenceHz[1] - model.cadenceHz[0]);
  const phase = rng.next() * 2 * Math.PI;
  const out = new Float32Array(steps * 3);
  for (let t = 0; t < steps; t++) {
    const angle = (2 * Math.PI * cadence * t) / sampleRateHz + phase;
    const wave = Math.sin(angle) + model.harmonic * Math.sin(2 * angle);
    for (let axis = 0; axis < 3; axis++) {
      const v = gravity[axis]! + motion[axis]! * wave + model.noiseMg * rng.normal();
      out[t * 3 + axis] = Math.max(-FULL_SCALE_MG, Math.min(FULL_SCALE_MG, Math.round(v)));
    }
  }
  return out;
}

/** The dataset's text format: no header, ` -276,   -85,  -309` (x padded to 5 characters, y and z to 6). */
export function formatHarCsv(samples: Float32Array): string {
  if (samples.length % 3 !== 0) throw new RangeError(`formatHarCsv: ${samples.length} values is not a whole number of [x, y, z] rows`);
  const lines: string[] = [];
  for (let i = 0; i < samples.length; i += 3) {
    lines.push(`${fmt(samples[i]!, 5)},${fmt(samples[i + 1]!, 6)},${fmt(samples[i + 2]!, 6)}`);
  }
  return lines.length === 0 ? '' : lines.join('\n') + '\n';
}

export interface SyntheticHarOptions {
  /** Recordings written per class. Default 4. */
  recordingsPerClass?: number;
  /** Time steps per recording. Default 260 (10 s at 26 Hz). */
  samplesPerRecording?: number;
  /** Default 26, the real dataset's rate; it also goes into the file names. */
  sampleRateHz?: number;
  /** Default `new Rng(0)`. */
  rng?: Rng;
}

/**
 * Write `<dir>/<class>/<class>_NN_<rate>Hz_4g_mg.csv` for every class and
 * return the written files relative to `dir`. Each file is written to a
 * temporary name and renamed into place, so a reader never sees half a file.
 * Existing files with other names are left alone.
 */
export function writeSyntheticHar(dir: string, options: SyntheticHarOptions = {}): string[] {
  const perClass = options.recordingsPerClass ?? 4;
  const steps = options.samplesPerRecording ?? 260;
  const rate = options.sampleRateHz ?? 26;
  const rng = options.rng ?? new Rng(0);
  if (!Number.isInteger(perClass) || perClass < 0 || perClass > 99) {
    throw new RangeError(`writeSyntheticHar: recordingsPerClass must be an integer in [0, 99] (two-digit file numbers), got ${perClass}`);
  }
  const written: string[] = [];
  for (const className of harClasses) {
    mkdirSync(join(dir, className), { recursive: true });
    for (let k = 1; k <= perClass; k++) {
      const file = `${className}/${className}_${String(k).padStart(2, '0')}_${rate}Hz_4g_mg.csv`;
      writeFileAtomicSync(join(dir, file), formatHarCsv(synthesizeHarRecording(className, steps, rng, rate)));
      written.push(file);
    }
  }
  return written;
}

function randomDirection(rng: Rng): number[] {
  for (;;) {
    const v = [rng.normal(), rng.normal(), rng.normal()];
    const norm = Math.hypot(v[0]!, v[1]!, v[2]!);
    if (norm > 1e-6) return v.map((x) => x / norm);
  }
}

function fmt(v: number, width: number): string {
  return String(Math.round(v)).padStart(width);
}
