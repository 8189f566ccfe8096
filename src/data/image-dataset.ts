/**
 * Images kept as bytes, converted to float on access. A decoded image dataset
 * held as float32 costs four times its uint8 size: Tiny-ImageNet's 100,000
 * training images at 3 x 64 x 64 are 1.2 GB as bytes but 4.9 GB as float32,
 * more than an edge build machine has. The conversion (x / 255, then the
 * optional per-channel standardisation) is a few multiply-adds per value,
 * negligible beside a forward pass, so we pay it per `get` instead.
 */
import { formatShape, sizeOf } from '../engine/shape.js';
import type { Dataset, Sample } from './dataset.js';
import { checkMeanStd } from './transforms.js';

/** Per-channel standardisation applied after scaling to [0, 1]: `(x / 255 - mean[c]) / std[c]`. */
export interface ImageNormalization {
  readonly mean: readonly number[];
  readonly std: readonly number[];
}

/**
 * Write CHW bytes `src` as float32 into `dst`: scaled to [0, 1] and, with
 * `norm`, standardised per channel. `channels` splits `src` into equal planes.
 */
export function bytesToUnitFloat(src: Uint8Array, dst: Float32Array, channels: number, norm?: ImageNormalization): void {
  if (dst.length !== src.length) throw new RangeError(`bytesToUnitFloat: dst holds ${dst.length} values, src ${src.length}`);
  const plane = src.length / channels;
  if (!Number.isInteger(plane)) throw new RangeError(`bytesToUnitFloat: ${src.length} bytes do not split into ${channels} equal channel planes`);
  for (let c = 0; c < channels; c++) {
    // Fold 1/255 and the standardisation into one multiply-add per value.
    const scale = norm ? 1 / (255 * norm.std[c]!) : 1 / 255;
    const shift = norm ? -norm.mean[c]! / norm.std[c]! : 0;
    for (let i = c * plane, end = i + plane; i < end; i++) dst[i] = src[i]! * scale + shift;
  }
}

/** Throws a RangeError naming `where` unless `norm` has one finite mean and positive std per channel. */
export function checkNormalization(norm: ImageNormalization, channels: number, where: string): void {
  if (norm.mean.length !== channels || norm.std.length !== channels) {
    throw new RangeError(`${where}: normalize needs ${channels} means and ${channels} stds (one per channel), got ${norm.mean.length} and ${norm.std.length}`);
  }
  checkMeanStd(norm.mean, norm.std, `${where}: normalize.`);
}

export interface Uint8ImageDatasetOptions {
  numClasses: number;
  normalize?: ImageNormalization;
}

/**
 * A Dataset of CHW images stored as bytes, `[N, C, H, W]` back to back.
 * `get` returns a fresh Float32Array (not a view) that the caller owns.
 */
export class Uint8ImageDataset implements Dataset {
  readonly length: number;
  readonly sampleShape: readonly number[];
  readonly numClasses: number;
  /** The stored bytes, for callers that want them without conversion (export, statistics). */
  readonly pixels: Uint8Array;
  readonly labels: Int32Array;
  private readonly normalize: ImageNormalization | undefined;
  private readonly sampleSize: number;

  constructor(pixels: Uint8Array, labels: Int32Array, sampleShape: readonly number[], options: Uint8ImageDatasetOptions) {
    if (sampleShape.length !== 3 || !sampleShape.every((d) => Number.isInteger(d) && d > 0)) {
      throw new RangeError(`Uint8ImageDataset: sampleShape must be [C, H, W] of positive integers, got ${formatShape(sampleShape)}`);
    }
    const sampleSize = sizeOf(sampleShape);
    if (pixels.length !== labels.length * sampleSize) {
      throw new RangeError(`Uint8ImageDataset: ${pixels.length} bytes but ${labels.length} labels x ${formatShape(sampleShape)} needs ${labels.length * sampleSize}`);
    }
    const { numClasses } = options;
    if (!Number.isInteger(numClasses) || numClasses <= 0) throw new RangeError(`Uint8ImageDataset: numClasses must be a positive integer, got ${numClasses}`);
    labels.forEach((y, i) => {
      if (y < 0 || y >= numClasses) throw new RangeError(`Uint8ImageDataset: labels[${i}] = ${y} is out of range for numClasses ${numClasses}`);
    });
    if (options.normalize) checkNormalization(options.normalize, sampleShape[0]!, 'Uint8ImageDataset');
    this.pixels = pixels;
    this.labels = labels;
    this.sampleShape = Object.freeze([...sampleShape]);
    this.sampleSize = sampleSize;
    this.length = labels.length;
    this.numClasses = numClasses;
    this.normalize = options.normalize;
  }

  get(i: number): Sample {
    if (!Number.isInteger(i) || i < 0 || i >= this.length) {
      throw new RangeError(`Uint8ImageDataset: index ${i} is out of range for length ${this.length}`);
    }
    const start = i * this.sampleSize;
    const x = new Float32Array(this.sampleSize);
    bytesToUnitFloat(this.pixels.subarray(start, start + this.sampleSize), x, this.sampleShape[0]!, this.normalize);
    return { x, y: this.labels[i]! };
  }
}
