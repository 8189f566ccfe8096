/**
 * Synthetic stand-in for CIFAR-10 in the real binary layout (see cifar10.ts):
 * data_batch_1..5.bin, test_batch.bin and batches.meta.txt, so tests, demos
 * and `edgewatt train cifar10` run the real reader without the 160 MB
 * download. It is GENERATED data: the textures make no claim to look like
 * the real classes, and accuracy on them says nothing about real CIFAR-10.
 *
 * The class is carried by texture alone: a sinusoidal grating of one of four
 * orientations at a coarse or a fine period (8 classes), a plaid or a set of
 * concentric rings. Everything else is drawn per image from distributions
 * shared by all classes: the two colours the texture alternates between, its
 * contrast, orientation jitter, period, phase, the region of the frame it
 * covers, an illumination ramp, one occluding distractor (a blob or a bar)
 * and per-pixel noise. So colour is no shortcut, no two images of a class are
 * alike, and the classes overlap: neighbouring orientations and the two
 * period ranges share their tails, and at the low end of the contrast range
 * the texture sinks into the noise.
 *
 * Version 1 (one colour pair and pattern per class, high contrast) was
 * trivially separable: every rung of the compressed ResNet-8 ladder scored
 * 100% top-1, so compression looked free of accuracy cost. The knobs below
 * were set from what they model (sensor noise, low-contrast scenes, partial
 * framing, occlusion) so that a small CNN's accuracy is not saturated; they
 * were not fitted to a target accuracy, and the figure they give says
 * nothing about real CIFAR-10.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Rng } from '../engine/random.js';
import { writeFileAtomicSync } from '../io/atomic-write.js';
import {
  cifar10ImageSize,
  cifar10MetaFile,
  cifar10NumClasses,
  cifar10PixelBytes,
  cifar10RecordBytes,
  cifar10TestFiles,
  cifar10TrainFiles,
} from './cifar10.js';

/**
 * Generator version: part of the cache folder name `edgewatt train cifar10`
 * writes to, so data from an older generator is never reused. Bump it with
 * any change to what a seed produces.
 */
export const SYNTHETIC_CIFAR10_VERSION = 2;

/** The real class names, in label order, as batches.meta.txt lists them. */
export const cifar10ClassNames = ['airplane', 'automobile', 'bird', 'cat', 'deer', 'dog', 'frog', 'horse', 'ship', 'truck'] as const;

type Texture =
  | { kind: 'grating'; orientationRad: number; periodPx: readonly [number, number] }
  | { kind: 'plaid' }
  | { kind: 'rings' };

/** Coarse grating period range (px, drawn log-uniformly): overlaps FINE_PERIOD_PX in 6.5-7 px, as apparent size overlaps between near and far objects. */
const COARSE_PERIOD_PX = [6.5, 11] as const;
/** Fine grating period range (px): 3.5 px stays above the 2 px Nyquist limit of the 32 px grid. */
const FINE_PERIOD_PX = [3.5, 7] as const;
/** Plaid and ring periods span both ranges, so scale tells them nothing. */
const ANY_PERIOD_PX = [FINE_PERIOD_PX[0], COARSE_PERIOD_PX[1]] as const;

const deg = Math.PI / 180;
const ORIENTATIONS_RAD = [0, 45 * deg, 90 * deg, 135 * deg] as const;

/** Label → texture: four orientations × two scales, then a plaid and rings (label order as cifar10ClassNames). */
const CLASS_TEXTURES: readonly Texture[] = [
  ...ORIENTATIONS_RAD.map((orientationRad): Texture => ({ kind: 'grating', orientationRad, periodPx: COARSE_PERIOD_PX })),
  ...ORIENTATIONS_RAD.map((orientationRad): Texture => ({ kind: 'grating', orientationRad, periodPx: FINE_PERIOD_PX })),
  { kind: 'plaid' },
  { kind: 'rings' },
];

/** Std of the per-image orientation jitter (rad): 12° puts ~6% of gratings past the 22.5° midpoint to a neighbouring orientation class. */
const ORIENTATION_JITTER_RAD = 12 * deg;
/** Texture contrast, drawn uniformly: the fraction of the two colours' difference the texture swings through; low-contrast scenes sit at the bottom. */
const CONTRAST_RANGE = [0.1, 0.8] as const;
/** Std of the per-pixel noise (levels, 0-255): a noisy small sensor, comparable to a low-contrast texture's amplitude. */
const NOISE_LEVELS = 24;
/** Peak-to-peak illumination ramp across the frame (levels), drawn uniformly up to this: uneven lighting, which carries no class. */
const SHADING_LEVELS = 40;
/** Texture region (and ring centre): within this range (px) of the 32 px frame, so the texture is off-centre at times. */
const REGION_CENTRE_PX = [8, 24] as const;
/** Semi-axes of the texture region (px): from a third of the frame to more than all of it (partial framing). */
const REGION_SEMI_AXIS_PX = [9, 24] as const;
/** Width of the region's soft edge (px), so its outline is not a sharp cue of its own. */
const REGION_EDGE_PX = 3;
/** Distractor blob radius (px): large enough to hide part of the texture, too small to hide all of it. */
const BLOB_RADIUS_PX = [3, 7] as const;
/** Distractor bar length and thickness (px): a straight edge at a random angle, which can mimic a grating stripe. */
const BAR_LENGTH_PX = [12, 28] as const;
const BAR_THICKNESS_PX = [1.5, 3.5] as const;

type Rgb = [number, number, number];

/** One CHW [3, 32, 32] image of class `label`, drawn from `rng`. */
export function synthesizeCifar10Image(label: number, rng: Rng): Uint8Array {
  if (!Number.isInteger(label) || label < 0 || label >= cifar10NumClasses) {
    throw new RangeError(`synthesizeCifar10Image: label must be an integer 0-${cifar10NumClasses - 1}, got ${label}`);
  }
  const size = cifar10ImageSize;
  const texture = textureField(CLASS_TEXTURES[label]!, rng);
  // The texture swings between colours a and b around their mean; colours are shared by all classes.
  const a = randomColour(rng), b = randomColour(rng);
  const contrast = uniform(rng, CONTRAST_RANGE);
  const mean: Rgb = [(a[0] + b[0]) / 2, (a[1] + b[1]) / 2, (a[2] + b[2]) / 2];
  const swing: Rgb = [(a[0] - b[0]) / 2 * contrast, (a[1] - b[1]) / 2 * contrast, (a[2] - b[2]) / 2 * contrast];
  const region = ellipseRegion(rng);
  const shade = shadingRamp(rng);
  const distractor = drawDistractor(rng);
  const out = new Uint8Array(cifar10PixelBytes);
  for (let row = 0; row < size; row++) {
    for (let col = 0; col < size; col++) {
      const occluder = distractor.covers(row, col);
      const t = texture(row, col) * region(row, col);
      const light = shade(row, col);
      for (let c = 0; c < 3; c++) {
        const base = occluder ? distractor.colour[c]! : mean[c]! + swing[c]! * t;
        const v = base + light + NOISE_LEVELS * rng.normal();
        out[c * size * size + row * size + col] = Math.max(0, Math.min(255, Math.round(v)));
      }
    }
  }
  return out;
}

/** The class texture as a function of (row, col), RMS 1/√2 like a sine, its free parameters drawn per image. */
function textureField(texture: Texture, rng: Rng): (row: number, col: number) => number {
  const phase = rng.next() * 2 * Math.PI;
  switch (texture.kind) {
    case 'grating': {
      const theta = texture.orientationRad + ORIENTATION_JITTER_RAD * rng.normal();
      const k = (2 * Math.PI) / logUniform(rng, texture.periodPx);
      const kx = k * Math.cos(theta), ky = k * Math.sin(theta);
      return (row, col) => Math.sin(kx * col + ky * row + phase);
    }
    case 'plaid': {
      // Two orthogonal gratings multiplied: a checkerboard-like texture, at any rotation (it repeats every 90°).
      // The product's RMS is 1/2 against a grating's 1/√2; the √2 gain gives it the same RMS contrast.
      const theta = rng.next() * 90 * deg;
      const k = (2 * Math.PI) / logUniform(rng, ANY_PERIOD_PX);
      const phase2 = rng.next() * 2 * Math.PI;
      const c = Math.cos(theta), s = Math.sin(theta);
      return (row, col) => Math.SQRT2 * Math.sin(k * (c * col + s * row) + phase) * Math.sin(k * (c * row - s * col) + phase2);
    }
    case 'rings': {
      const cx = uniform(rng, REGION_CENTRE_PX), cy = uniform(rng, REGION_CENTRE_PX);
      const k = (2 * Math.PI) / logUniform(rng, ANY_PERIOD_PX);
      return (row, col) => Math.sin(k * Math.hypot(row - cy, col - cx) + phase);
    }
  }
  return texture satisfies never;
}

/** Weight in [0, 1]: 1 inside a random axis-aligned ellipse, falling to 0 over REGION_EDGE_PX outside it. */
function ellipseRegion(rng: Rng): (row: number, col: number) => number {
  const cx = uniform(rng, REGION_CENTRE_PX), cy = uniform(rng, REGION_CENTRE_PX);
  const rx = uniform(rng, REGION_SEMI_AXIS_PX), ry = uniform(rng, REGION_SEMI_AXIS_PX);
  const r = Math.min(rx, ry);
  return (row, col) => {
    // Distance outside the ellipse, in px along its smaller axis (approximate, which is all a soft edge needs).
    const d = (Math.hypot((col - cx) / rx, (row - cy) / ry) - 1) * r;
    return d <= 0 ? 1 : Math.max(0, 1 - d / REGION_EDGE_PX);
  };
}

/** A linear brightness ramp across the frame in a random direction, zero-mean over the frame. */
function shadingRamp(rng: Rng): (row: number, col: number) => number {
  const angle = rng.next() * 2 * Math.PI;
  const peakToPeak = rng.next() * SHADING_LEVELS;
  const half = (cifar10ImageSize - 1) / 2;
  // Projection onto the direction spans at most ±half·(|cos| + |sin|); scale so the full ramp is peakToPeak.
  const gain = peakToPeak / (2 * half * (Math.abs(Math.cos(angle)) + Math.abs(Math.sin(angle))));
  return (row, col) => gain * ((col - half) * Math.cos(angle) + (row - half) * Math.sin(angle));
}

interface Distractor {
  colour: Rgb;
  covers(row: number, col: number): boolean;
}

/** One occluding blob or bar of a random colour at a random place, independent of the class. */
function drawDistractor(rng: Rng): Distractor {
  const colour = randomColour(rng);
  const cx = rng.next() * cifar10ImageSize, cy = rng.next() * cifar10ImageSize;
  if (rng.next() < 0.5) {
    const r2 = uniform(rng, BLOB_RADIUS_PX) ** 2;
    return { colour, covers: (row, col) => (row - cy) ** 2 + (col - cx) ** 2 <= r2 };
  }
  const angle = rng.next() * Math.PI;
  const halfLength = uniform(rng, BAR_LENGTH_PX) / 2, halfThickness = uniform(rng, BAR_THICKNESS_PX) / 2;
  const ux = Math.cos(angle), uy = Math.sin(angle);
  return {
    colour,
    covers: (row, col) => {
      const along = (col - cx) * ux + (row - cy) * uy;
      const across = -(col - cx) * uy + (row - cy) * ux;
      return Math.abs(along) <= halfLength && Math.abs(across) <= halfThickness;
    },
  };
}

/** Each channel uniform over 0-255: the one colour distribution every class shares. */
function randomColour(rng: Rng): Rgb {
  return [rng.next() * 255, rng.next() * 255, rng.next() * 255];
}

function uniform(rng: Rng, [lo, hi]: readonly [number, number]): number {
  return lo + (hi - lo) * rng.next();
}

/** Log-uniform in [lo, hi]: scale is multiplicative, so each octave is equally likely. */
function logUniform(rng: Rng, [lo, hi]: readonly [number, number]): number {
  return lo * (hi / lo) ** rng.next();
}

/** Records in the binary layout: label byte then the 3072 CHW pixel bytes, per image. */
export function encodeCifar10Batch(labels: ArrayLike<number>, images: readonly Uint8Array[]): Uint8Array {
  if (labels.length !== images.length) throw new RangeError(`encodeCifar10Batch: ${labels.length} labels but ${images.length} images`);
  const out = new Uint8Array(labels.length * cifar10RecordBytes);
  for (let k = 0; k < labels.length; k++) {
    const label = labels[k]!;
    if (!Number.isInteger(label) || label < 0 || label >= cifar10NumClasses) {
      throw new RangeError(`encodeCifar10Batch: labels[${k}] must be an integer 0-${cifar10NumClasses - 1}, got ${label}`);
    }
    if (images[k]!.length !== cifar10PixelBytes) {
      throw new RangeError(`encodeCifar10Batch: images[${k}] has ${images[k]!.length} bytes, expected ${cifar10PixelBytes} (CHW 3 x 32 x 32)`);
    }
    out[k * cifar10RecordBytes] = label;
    out.set(images[k]!, k * cifar10RecordBytes + 1);
  }
  return out;
}

export interface SyntheticCifar10Options {
  /** Records in each of the five training batches. Default 100 (the real ones hold 10,000). */
  recordsPerTrainBatch?: number;
  /** Records in test_batch.bin. Default 100. */
  testRecords?: number;
  /** Default `new Rng(0)`. */
  rng?: Rng;
}

/**
 * Write the six batch files and batches.meta.txt into `dir` (created if
 * needed), each atomically, and return the names written. Labels cycle
 * through the classes in a shuffled order, so every batch is balanced.
 */
export function writeSyntheticCifar10(dir: string, options: SyntheticCifar10Options = {}): string[] {
  const perTrain = options.recordsPerTrainBatch ?? 100;
  const perTest = options.testRecords ?? 100;
  const rng = options.rng ?? new Rng(0);
  for (const [name, v] of [['recordsPerTrainBatch', perTrain], ['testRecords', perTest]] as const) {
    if (!Number.isInteger(v) || v < 0) throw new RangeError(`writeSyntheticCifar10: options.${name} must be a non-negative integer, got ${v}`);
  }
  mkdirSync(dir, { recursive: true });
  const written: string[] = [];
  const batches: [string, number][] = [...cifar10TrainFiles.map((f): [string, number] => [f, perTrain]), [cifar10TestFiles[0], perTest]];
  for (const [file, count] of batches) {
    const labels = balancedLabels(count, rng);
    const images = Array.from(labels, (y) => synthesizeCifar10Image(y, rng));
    writeFileAtomicSync(join(dir, file), encodeCifar10Batch(labels, images));
    written.push(file);
  }
  // The distributed file may end with blank lines after "truck"; write one so the reader is always tested on it.
  writeFileAtomicSync(join(dir, cifar10MetaFile), cifar10ClassNames.join('\n') + '\n\n');
  written.push(cifar10MetaFile);
  return written;
}

/** `count` labels, each class `floor` or `ceil` of count/10 times, in random order (Fisher-Yates). */
function balancedLabels(count: number, rng: Rng): Uint8Array {
  const labels = Uint8Array.from({ length: count }, (_, k) => k % cifar10NumClasses);
  for (let i = count - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [labels[i], labels[j]] = [labels[j]!, labels[i]!];
  }
  return labels;
}
