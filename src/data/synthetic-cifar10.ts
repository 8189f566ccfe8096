/**
 * Synthetic stand-in for CIFAR-10 in the real binary layout (see cifar10.ts):
 * data_batch_1..5.bin, test_batch.bin and batches.meta.txt, so tests and demos
 * run the real reader without the 160 MB download.
 *
 * Each class is a pair of colours drawn in a class-specific pattern (stripes
 * of some orientation, a checkerboard or a disc) with a random phase and
 * per-pixel noise: learnable by a small CNN from either colour or shape,
 * never by memorising one image. The patterns make no claim to look like
 * the real classes.
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

/** The real class names, in label order, as batches.meta.txt lists them. */
export const cifar10ClassNames = ['airplane', 'automobile', 'bird', 'cat', 'deer', 'dog', 'frog', 'horse', 'ship', 'truck'] as const;

type Pattern = 'horizontal' | 'vertical' | 'diagonal' | 'checker' | 'disc';
const PATTERNS: readonly Pattern[] = ['horizontal', 'vertical', 'diagonal', 'checker', 'disc'];

/** Foreground and background colour per class (RGB, 0-255): ten hues, light on dark or dark on light. */
const COLOURS: readonly (readonly [readonly [number, number, number], readonly [number, number, number]])[] = [
  [[230, 40, 40], [20, 20, 60]],
  [[40, 200, 60], [60, 20, 20]],
  [[40, 80, 230], [200, 200, 160]],
  [[240, 220, 40], [40, 40, 40]],
  [[200, 60, 220], [220, 230, 220]],
  [[40, 220, 220], [120, 30, 30]],
  [[250, 140, 30], [20, 60, 90]],
  [[140, 140, 140], [250, 250, 250]],
  [[10, 10, 10], [120, 200, 120]],
  [[250, 250, 250], [150, 60, 200]],
];

/** Standard deviation of the per-pixel noise, in pixel levels (0-255): visible, but well below the colour contrast. */
const NOISE_LEVELS = 20;

/** One CHW [3, 32, 32] image of class `label`. */
export function synthesizeCifar10Image(label: number, rng: Rng): Uint8Array {
  if (!Number.isInteger(label) || label < 0 || label >= cifar10NumClasses) {
    throw new RangeError(`synthesizeCifar10Image: label must be an integer 0-${cifar10NumClasses - 1}, got ${label}`);
  }
  const size = cifar10ImageSize;
  const [fg, bg] = COLOURS[label]!;
  const pattern = PATTERNS[label % PATTERNS.length]!;
  // Labels 0-4 and 5-9 share patterns but differ in colour and stripe period.
  const periodPx = label < PATTERNS.length ? 8 : 4;
  const phase = rng.int(periodPx);
  const cx = 10 + rng.next() * 12, cy = 10 + rng.next() * 12, radius = 6 + rng.next() * 6;
  const out = new Uint8Array(cifar10PixelBytes);
  for (let row = 0; row < size; row++) {
    for (let col = 0; col < size; col++) {
      const on = inPattern(pattern, row, col, periodPx, phase, cx, cy, radius);
      const colour = on ? fg : bg;
      for (let c = 0; c < 3; c++) {
        const v = colour[c]! + NOISE_LEVELS * rng.normal();
        out[c * size * size + row * size + col] = Math.max(0, Math.min(255, Math.round(v)));
      }
    }
  }
  return out;
}

function inPattern(pattern: Pattern, row: number, col: number, periodPx: number, phase: number, cx: number, cy: number, radius: number): boolean {
  const half = periodPx / 2;
  switch (pattern) {
    case 'horizontal': return (row + phase) % periodPx < half;
    case 'vertical': return (col + phase) % periodPx < half;
    case 'diagonal': return (row + col + phase) % periodPx < half;
    case 'checker': return (Math.floor((row + phase) / half) + Math.floor((col + phase) / half)) % 2 === 0;
    case 'disc': return (row - cy) ** 2 + (col - cx) ** 2 <= radius ** 2;
  }
  return pattern satisfies never;
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
