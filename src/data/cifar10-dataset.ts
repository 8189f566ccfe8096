/**
 * CIFAR-10 batch files as one float32 NCHW ArrayDataset in [0, 1], optionally
 * standardised per channel. The records are streamed (cifar10.ts) straight
 * into the preallocated array, so peak memory is the dataset plus one chunk.
 *
 * Float32 storage is what ArrayDataset and the trainer take; it costs
 * 50,000 x 3072 x 4 bytes = 614 MB for the whole training set. Pass `limit`
 * (or fewer files) on small machines.
 */
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { ArrayDataset } from './dataset.js';
import {
  cifar10Channels,
  cifar10ImageSize,
  cifar10MetaFile,
  cifar10NumClasses,
  cifar10PixelBytes,
  cifar10RecordBytes,
  cifar10TestFiles,
  cifar10TrainFiles,
  readCifar10Meta,
  streamCifar10Records,
} from './cifar10.js';
import { bytesToUnitFloat, checkNormalization, type ImageNormalization } from './image-dataset.js';

export interface Cifar10DatasetOptions {
  /** 'train' reads data_batch_1..5.bin, 'test' reads test_batch.bin. Default 'train'. Ignored when `files` is given. */
  split?: 'train' | 'test';
  /** Batch files to read instead, relative to the folder (e.g. ['data_batch_1.bin']). */
  files?: readonly string[];
  /** Keep only the first `limit` records, across files in order. */
  limit?: number;
  /** Standardise each channel after scaling to [0, 1]. */
  normalize?: ImageNormalization;
  /** Records per read; see streamCifar10Records. */
  chunkRecords?: number;
}

export interface Cifar10Dataset {
  /** Samples `[3, 32, 32]`, labels 0-9. */
  dataset: ArrayDataset;
  /** From batches.meta.txt, in label order. */
  classNames: string[];
  /** The batch files read, relative to the folder. */
  files: string[];
}

/** Read the CIFAR-10 binary folder `dir` (see cifar10.ts for the layout). */
export async function loadCifar10(dir: string, options: Cifar10DatasetOptions = {}): Promise<Cifar10Dataset> {
  const files = [...(options.files ?? (options.split === 'test' ? cifar10TestFiles : cifar10TrainFiles))];
  if (options.split !== undefined && options.split !== 'train' && options.split !== 'test') {
    throw new RangeError(`loadCifar10: options.split must be 'train' or 'test', got ${JSON.stringify(options.split)}`);
  }
  if (files.length === 0) throw new RangeError('loadCifar10: options.files is empty; name at least one batch file');
  const limit = options.limit ?? Infinity;
  if (limit !== Infinity && (!Number.isInteger(limit) || limit < 0)) {
    throw new RangeError(`loadCifar10: options.limit must be a non-negative integer, got ${limit}`);
  }
  if (options.normalize) checkNormalization(options.normalize, cifar10Channels, 'loadCifar10');

  const classNames = await readCifar10Meta(join(dir, cifar10MetaFile));
  // Sizes first, so the dataset is one allocation; streamCifar10Records
  // re-checks each size and rejects a partial record before yielding.
  let available = 0;
  for (const file of files) available += Math.floor((await stat(join(dir, file))).size / cifar10RecordBytes);
  const count = Math.min(available, limit);

  const data = new Float32Array(count * cifar10PixelBytes);
  const labels = new Uint8Array(count);
  let n = 0;
  for (const file of files) {
    if (n === count) break;
    const stream = options.chunkRecords === undefined ? {} : { chunkRecords: options.chunkRecords };
    for await (const record of streamCifar10Records(join(dir, file), stream)) {
      bytesToUnitFloat(record.pixels, data.subarray(n * cifar10PixelBytes, (n + 1) * cifar10PixelBytes), cifar10Channels, options.normalize);
      labels[n++] = record.label;
      if (n === count) break;
    }
  }
  if (n !== count) {
    // Only possible if a file shrank between the size check and the read.
    throw new Error(`loadCifar10: expected ${count} records from ${files.join(', ')} in ${dir} but read ${n}; did a file change while loading?`);
  }
  const dataset = new ArrayDataset(data, labels, [cifar10Channels, cifar10ImageSize, cifar10ImageSize], { numClasses: cifar10NumClasses });
  return { dataset, classNames, files };
}
