/**
 * Mini-batch iteration over a Dataset: optional shuffling (a fresh order each
 * epoch, reproducible from the injected Rng), optional per-sample transform,
 * and batches packed into flat typed arrays for the trainer to wrap as
 * tensors. Semantics follow PyTorch's `DataLoader` (batch_size, shuffle,
 * drop_last, all defaulting the same way).
 *
 * Buffers are reused: the loader owns one set of batch arrays for full
 * batches and one for the short last batch, and every iteration writes into
 * them, so a training loop does not allocate per step. A yielded Batch (its
 * arrays and the object itself) is therefore valid only until the next batch
 * is requested; copy it (`x.slice()`) to keep it.
 */
import { Rng } from '../engine/random.js';
import { formatShape, sizeOf } from '../engine/shape.js';
import type { Dataset } from './dataset.js';
import type { Transform } from './transforms.js';

export interface Batch {
  /** Features, row-major `[size, ...sampleShape]`. */
  x: Float32Array;
  /** `[size, ...sampleShape]`. */
  shape: number[];
  /** Class indices, one per sample. */
  y: Int32Array;
  /** Number of samples in this batch (the last one may be short unless dropLast). */
  size: number;
}

export interface DataLoaderOptions {
  batchSize: number;
  /** Visit samples in a new random order each epoch. Default false. */
  shuffle?: boolean;
  /** Skip the last batch when it would hold fewer than batchSize samples. Default false. */
  dropLast?: boolean;
  /** Source of the shuffle order and of the transform's randomness. Default `new Rng(0)`. */
  rng?: Rng;
  /** Applied to each sample before it is copied into the batch. */
  transform?: Transform;
}

export class DataLoader implements Iterable<Batch> {
  readonly dataset: Dataset;
  readonly batchSize: number;
  readonly shuffle: boolean;
  readonly dropLast: boolean;
  private readonly rng: Rng;
  private readonly transform: Transform | undefined;
  private readonly sampleSize: number;
  private fullBatch: Batch | null = null;
  private tailBatch: Batch | null = null;
  /** Incremented per iteration; an older iterator that resumes would read clobbered buffers, so it throws. */
  private epoch = 0;

  constructor(dataset: Dataset, options: DataLoaderOptions) {
    if (!Number.isInteger(options.batchSize) || options.batchSize <= 0) {
      throw new RangeError(`DataLoader: options.batchSize must be a positive integer, got ${options.batchSize}`);
    }
    this.dataset = dataset;
    this.batchSize = options.batchSize;
    this.shuffle = options.shuffle ?? false;
    this.dropLast = options.dropLast ?? false;
    this.rng = options.rng ?? new Rng(0);
    this.transform = options.transform;
    this.sampleSize = sizeOf(dataset.sampleShape);
  }

  /** Number of batches one iteration yields. */
  get length(): number {
    const n = this.dataset.length;
    return this.dropLast ? Math.floor(n / this.batchSize) : Math.ceil(n / this.batchSize);
  }

  *[Symbol.iterator](): Iterator<Batch> {
    const epoch = ++this.epoch;
    const n = this.dataset.length;
    const order = new Int32Array(n);
    for (let i = 0; i < n; i++) order[i] = i;
    if (this.shuffle) this.rng.shuffle(order);
    const batches = this.length;
    for (let b = 0; b < batches; b++) {
      if (epoch !== this.epoch) {
        throw new Error('DataLoader: an earlier iteration was resumed after a new one started; both would share the same batch buffers');
      }
      const start = b * this.batchSize;
      const size = Math.min(this.batchSize, n - start);
      const batch = this.batchOf(size);
      for (let k = 0; k < size; k++) this.fill(batch, k, order[start + k]!);
      yield batch;
    }
  }

  /** The reusable Batch for `size` samples: the full one, or the (constant-size) short last one. */
  private batchOf(size: number): Batch {
    if (size === this.batchSize) return (this.fullBatch ??= this.allocate(size));
    if (this.tailBatch === null || this.tailBatch.size !== size) this.tailBatch = this.allocate(size);
    return this.tailBatch;
  }

  private allocate(size: number): Batch {
    return {
      x: new Float32Array(size * this.sampleSize),
      shape: [size, ...this.dataset.sampleShape],
      y: new Int32Array(size),
      size,
    };
  }

  private fill(batch: Batch, slot: number, index: number): void {
    const sample = this.dataset.get(index);
    const x = this.transform ? this.transform(sample.x, this.dataset.sampleShape, this.rng) : sample.x;
    if (x.length !== this.sampleSize) {
      const what = this.transform ? 'after the transform' : 'from the dataset';
      throw new RangeError(
        `DataLoader: sample ${index} has ${x.length} values ${what}, expected ${this.sampleSize} for sampleShape ${formatShape(this.dataset.sampleShape)}`,
      );
    }
    batch.x.set(x, slot * this.sampleSize);
    batch.y[slot] = sample.y;
  }
}
