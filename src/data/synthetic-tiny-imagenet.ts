/**
 * Synthetic stand-in for Tiny-ImageNet-200 in its real folder layout (see
 * tiny-imagenet-layout.ts), with JPEGs encoded by jpeg-js, so tests and
 * demos run the real reader, decoder and cache without the 240 MB download.
 *
 * Each class is a hue drawn as stripes of a class-specific orientation over
 * a darker background, plus per-pixel noise: separable by colour and by
 * shape. words.txt also lists ids that are not classes, as the real one
 * covers all of WordNet.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import jpeg from 'jpeg-js';
import { Rng } from '../engine/random.js';
import { writeFileAtomicSync } from '../io/atomic-write.js';

export interface SyntheticTinyImageNetOptions {
  /** Number of classes. Default 4 (the real set has 200). */
  classes?: number;
  /** Training images per class. Default 6 (real: 500). */
  trainPerClass?: number;
  /** Validation images per class. Default 3 (real: 50). */
  valPerClass?: number;
  /** Image side, pixels. Default 64, the real size. */
  size?: number;
  /**
   * jpeg-js encoder quality, 1-100. Default 90: high enough that decoded
   * colours stay within a few levels of the drawn ones, which tests rely on.
   */
  quality?: number;
  /** Default `new Rng(0)`. */
  rng?: Rng;
}

export interface SyntheticTinyImageNet {
  wnids: string[];
  /** Relative paths of the written images. */
  files: string[];
  /** The label (index into `wnids`) of each validation image, in val_annotations.txt order. */
  valLabels: number[];
}

/** A WordNet-style id: "n" and eight digits, like the real n01443537. Numbered from n10000000 to avoid real ids. */
export function syntheticWnid(k: number): string {
  return `n${10_000_000 + k}`;
}

/** The RGB colour drawn for class `k` of `classes`: evenly spaced hues at full saturation. */
export function syntheticClassColour(k: number, classes: number): [number, number, number] {
  return hueToRgb(k / classes);
}

/** One image of class `k`, as RGBA bytes (what jpeg-js encode takes). */
export function synthesizeTinyImageNetImage(k: number, classes: number, size: number, rng: Rng): Uint8Array {
  const fg = syntheticClassColour(k, classes);
  const bg = fg.map((v) => Math.round(v * 0.25));
  // Four stripe orientations: rows, columns and the two diagonals.
  const [dy, dx] = ([[1, 0], [0, 1], [1, 1], [1, -1]] as const)[k % 4]!;
  const periodPx = Math.max(2, Math.round(size / 8));
  const phase = rng.int(periodPx);
  const out = new Uint8Array(size * size * 4);
  for (let row = 0; row < size; row++) {
    for (let col = 0; col < size; col++) {
      const t = (((dy * row + dx * col + phase) % periodPx) + periodPx) % periodPx;
      const colour = t < periodPx / 2 ? fg : bg;
      const at = 4 * (row * size + col);
      for (let c = 0; c < 3; c++) out[at + c] = clampByte(colour[c]! + 6 * rng.normal());
      out[at + 3] = 255;
    }
  }
  return out;
}

/**
 * Write `<dir>/wnids.txt`, `words.txt`, `train/<wnid>/images/<wnid>_<k>.JPEG`,
 * `val/images/val_<k>.JPEG` and `val/val_annotations.txt`, each file
 * atomically. Validation images are shuffled across classes, as in the real
 * set, so a reader that assumed grouping would be caught.
 */
export function writeSyntheticTinyImageNet(dir: string, options: SyntheticTinyImageNetOptions = {}): SyntheticTinyImageNet {
  const classes = options.classes ?? 4;
  const trainPerClass = options.trainPerClass ?? 6;
  const valPerClass = options.valPerClass ?? 3;
  const size = options.size ?? 64;
  const quality = options.quality ?? 90;
  const rng = options.rng ?? new Rng(0);
  for (const [name, v, min] of [['classes', classes, 1], ['trainPerClass', trainPerClass, 0], ['valPerClass', valPerClass, 0], ['size', size, 1]] as const) {
    if (!Number.isInteger(v) || v < min) throw new RangeError(`writeSyntheticTinyImageNet: options.${name} must be an integer >= ${min}, got ${v}`);
  }
  if (!(quality >= 1 && quality <= 100)) throw new RangeError(`writeSyntheticTinyImageNet: options.quality must be in [1, 100], got ${quality}`);

  const wnids = Array.from({ length: classes }, (_, k) => syntheticWnid(k));
  mkdirSync(join(dir, 'val', 'images'), { recursive: true });
  writeFileAtomicSync(join(dir, 'wnids.txt'), wnids.join('\n') + '\n');
  // Two extra ids that are not classes, the second before the first class so order is not assumed.
  const words = [`${syntheticWnid(classes)}\tnot a class`, ...wnids.map((w, k) => `${w}\tsynthetic class ${k}, stripes`), `${syntheticWnid(classes + 1)}\talso not a class`];
  writeFileAtomicSync(join(dir, 'words.txt'), words.join('\n') + '\n');

  const files: string[] = [];
  const writeImage = (file: string, k: number) => {
    const rgba = synthesizeTinyImageNetImage(k, classes, size, rng);
    writeFileAtomicSync(join(dir, file), jpeg.encode({ data: rgba, width: size, height: size }, quality).data);
    files.push(file);
  };
  wnids.forEach((wnid, k) => {
    mkdirSync(join(dir, 'train', wnid, 'images'), { recursive: true });
    for (let i = 0; i < trainPerClass; i++) writeImage(`train/${wnid}/images/${wnid}_${i}.JPEG`, k);
  });

  const valLabels = Array.from({ length: classes * valPerClass }, (_, i) => i % classes);
  rng.shuffle(valLabels);
  const annotations = valLabels.map((k, i) => {
    writeImage(`val/images/val_${i}.JPEG`, k);
    const x0 = rng.int(size), y0 = rng.int(size);
    return [`val_${i}.JPEG`, wnids[k], x0, y0, x0 + rng.int(size - x0), y0 + rng.int(size - y0)].join('\t');
  });
  writeFileAtomicSync(join(dir, 'val', 'val_annotations.txt'), annotations.map((l) => l + '\n').join(''));
  return { wnids, files, valLabels };
}

/** HSV (h, 1, 1) to RGB bytes; h in [0, 1). */
function hueToRgb(h: number): [number, number, number] {
  const f = (n: number) => {
    const k = (n + h * 6) % 6;
    return clampByte(255 * (1 - Math.max(0, Math.min(k, 4 - k, 1))));
  };
  return [f(5), f(3), f(1)];
}

function clampByte(v: number): number {
  return Math.max(0, Math.min(255, Math.round(v)));
}
