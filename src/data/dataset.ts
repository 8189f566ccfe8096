/**
 * The dataset contract: a random-access list of (features, label) samples of
 * one fixed shape. The data layer deals in plain typed arrays because tensors
 * belong to the engine; the trainer turns batches (see dataloader.ts) into
 * tensors. Modelled on PyTorch's map-style `Dataset` (`__len__` +
 * `__getitem__`), which is all a shuffling loader needs.
 */
import { formatShape, sizeOf } from '../engine/shape.js';

export interface Sample {
  /**
   * Features, row-major in `sampleShape`. May be a view into the dataset's
   * storage: callers must not write to it (transforms write into their own
   * buffers, see transforms.ts).
   */
  x: Float32Array;
  /** Class index in [0, numClasses). */
  y: number;
}

export interface Dataset {
  readonly length: number;
  /** Shape of one sample's `x`, e.g. [3, 32, 32] (CHW) or [3, 26] (channels, time). */
  readonly sampleShape: readonly number[];
  /** Number of classes, when the labels are class indices. */
  readonly numClasses?: number;
  get(i: number): Sample;
}

export interface ArrayDatasetOptions {
  /** Declared class count; labels are checked against it. Defaults to max label + 1. */
  numClasses?: number;
}

/**
 * Samples stored back to back in one flat Float32Array, `[N, ...sampleShape]`.
 * `get` returns a view (no copy), so a dataset of windows or images costs one
 * allocation however many samples it holds.
 */
export class ArrayDataset implements Dataset {
  readonly length: number;
  readonly sampleShape: readonly number[];
  readonly numClasses: number;
  private readonly data: Float32Array;
  private readonly labels: Int32Array;
  private readonly sampleSize: number;

  constructor(data: Float32Array, labels: ArrayLike<number>, sampleShape: readonly number[], options: ArrayDatasetOptions = {}) {
    for (const d of sampleShape) {
      if (!Number.isInteger(d) || d <= 0) {
        throw new RangeError(`ArrayDataset: sampleShape must hold positive integers, got ${formatShape(sampleShape)}`);
      }
    }
    const sampleSize = sizeOf(sampleShape);
    if (data.length !== labels.length * sampleSize) {
      throw new RangeError(
        `ArrayDataset: data has ${data.length} values but ${labels.length} labels x sampleShape ` +
          `${formatShape(sampleShape)} (${sampleSize} values each) needs ${labels.length * sampleSize}`,
      );
    }
    let maxLabel = -1;
    for (let i = 0; i < labels.length; i++) {
      const y = labels[i]!;
      if (!Number.isInteger(y) || y < 0) {
        throw new RangeError(`ArrayDataset: labels[${i}] must be a non-negative integer class index, got ${y}`);
      }
      if (y > maxLabel) maxLabel = y;
    }
    const numClasses = options.numClasses ?? maxLabel + 1;
    if (!Number.isInteger(numClasses) || numClasses < 0) {
      throw new RangeError(`ArrayDataset: numClasses must be a non-negative integer, got ${numClasses}`);
    }
    if (maxLabel >= numClasses) {
      throw new RangeError(`ArrayDataset: label ${maxLabel} is out of range for numClasses ${numClasses}`);
    }
    this.data = data;
    this.labels = Int32Array.from(labels);
    this.sampleShape = Object.freeze([...sampleShape]);
    this.sampleSize = sampleSize;
    this.length = labels.length;
    this.numClasses = numClasses;
  }

  get(i: number): Sample {
    checkIndex('ArrayDataset', i, this.length);
    const start = i * this.sampleSize;
    return { x: this.data.subarray(start, start + this.sampleSize), y: this.labels[i]! };
  }
}

/** A view of `ds` holding the samples at `indices`, in that order (repeats allowed). */
export function subset(ds: Dataset, indices: ArrayLike<number>): Dataset {
  const picked = Int32Array.from(indices);
  for (let k = 0; k < picked.length; k++) {
    if (!Number.isInteger(indices[k]!) || picked[k]! < 0 || picked[k]! >= ds.length) {
      throw new RangeError(`subset: indices[${k}] = ${indices[k]} is not an index into a dataset of length ${ds.length}`);
    }
  }
  return {
    length: picked.length,
    sampleShape: ds.sampleShape,
    numClasses: ds.numClasses,
    get(i: number): Sample {
      checkIndex('subset', i, picked.length);
      return ds.get(picked[i]!);
    },
  };
}

function checkIndex(where: string, i: number, length: number): void {
  if (!Number.isInteger(i) || i < 0 || i >= length) {
    throw new RangeError(`${where}: index ${i} is out of range for length ${length}`);
  }
}
