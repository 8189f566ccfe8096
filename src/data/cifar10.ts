/**
 * Reader for the CIFAR-10 "binary version" (Krizhevsky 2009; layout as
 * described at https://www.cs.toronto.edu/~kriz/cifar.html, section "Binary
 * version"):
 *
 *   data_batch_1.bin .. data_batch_5.bin, test_batch.bin
 *     each a run of 3073-byte records: <1 x label><3072 x pixel>
 *     "The first byte is the label of the first image, which is a number in
 *     the range 0-9. The next 3072 bytes are the values of the pixels of the
 *     image. The first 1024 bytes are the red channel values, the next 1024
 *     the green, and the final 1024 the blue. The values are stored in
 *     row-major order."
 *   batches.meta.txt
 *     the 10 class names, one per line, in label order.
 *
 * Each record's pixels are therefore already a CHW [3, 32, 32] image, which is
 * why the dataset (cifar10-dataset.ts) needs no transpose. This file only
 * turns bytes into records; the file reader streams fixed-size chunks through
 * the same parser that the fuzz tests drive from memory.
 */
import { open, readFile } from 'node:fs/promises';
import { FileFormatError } from '../io/file-format-error.js';

export const cifar10ImageSize = 32;
export const cifar10Channels = 3;
/** 3 x 32 x 32 pixel bytes per image. */
export const cifar10PixelBytes = cifar10Channels * cifar10ImageSize * cifar10ImageSize;
/** 1 label byte + 3072 pixel bytes. */
export const cifar10RecordBytes = 1 + cifar10PixelBytes;
export const cifar10NumClasses = 10;
/** Training batches then the test batch, as distributed in cifar-10-binary.tar.gz. */
export const cifar10TrainFiles = ['data_batch_1.bin', 'data_batch_2.bin', 'data_batch_3.bin', 'data_batch_4.bin', 'data_batch_5.bin'] as const;
export const cifar10TestFiles = ['test_batch.bin'] as const;
export const cifar10MetaFile = 'batches.meta.txt';

/** Records of one batch (or one chunk of it): labels and their CHW pixels back to back. */
export interface Cifar10Records {
  readonly count: number;
  /** One class index in [0, 10) per record. */
  readonly labels: Uint8Array;
  /** `count * 3072` bytes, record k at `[k * 3072, (k + 1) * 3072)`, each CHW [3, 32, 32]. */
  readonly pixels: Uint8Array;
}

/** One record as streamed by {@link streamCifar10Records}. */
export interface Cifar10Record {
  /** Record number within its file, from 0. */
  readonly index: number;
  /** Byte offset of the record's label byte within its file. */
  readonly offsetBytes: number;
  readonly label: number;
  /** CHW [3, 32, 32] bytes; a view into a chunk buffer that is reused, so copy it to keep it. */
  readonly pixels: Uint8Array;
}

/**
 * Parse whole CIFAR-10 records from `bytes`. `file` names the source in errors
 * and `startOffsetBytes` is where `bytes` begins within it, so a chunk of a
 * large file reports offsets in the file, not in the chunk. Throws a
 * FileFormatError when the length is not a whole number of 3073-byte records
 * (at the offset of the incomplete record) or a label byte exceeds 9 (at that
 * record's offset). The result copies nothing it does not have to: `pixels`
 * is a fresh array because the records interleave labels and pixels.
 */
export function parseCifar10Batch(bytes: Uint8Array, file: string, startOffsetBytes = 0): Cifar10Records {
  const count = Math.floor(bytes.length / cifar10RecordBytes);
  if (count * cifar10RecordBytes !== bytes.length) {
    throw incompleteRecord(file, startOffsetBytes + count * cifar10RecordBytes, bytes.length - count * cifar10RecordBytes);
  }
  const labels = new Uint8Array(count);
  const pixels = new Uint8Array(count * cifar10PixelBytes);
  for (let k = 0; k < count; k++) {
    const at = k * cifar10RecordBytes;
    const label = bytes[at]!;
    if (label >= cifar10NumClasses) throw badLabel(file, startOffsetBytes + at, label);
    labels[k] = label;
    pixels.set(bytes.subarray(at + 1, at + cifar10RecordBytes), k * cifar10PixelBytes);
  }
  return { count, labels, pixels };
}

export interface StreamCifar10Options {
  /** Records read per fs read call. Default 1024 (about 3 MB); memory stays bounded by this. */
  chunkRecords?: number;
}

/**
 * Stream the records of one batch file without loading it whole. The file's
 * size is checked before the first record is yielded, so a truncated file
 * fails up front instead of after a partial epoch.
 */
export async function* streamCifar10Records(path: string, options: StreamCifar10Options = {}): AsyncGenerator<Cifar10Record> {
  const chunkRecords = options.chunkRecords ?? 1024;
  if (!Number.isInteger(chunkRecords) || chunkRecords <= 0) {
    throw new RangeError(`streamCifar10Records: options.chunkRecords must be a positive integer, got ${chunkRecords}`);
  }
  const handle = await open(path, 'r');
  try {
    const sizeBytes = (await handle.stat()).size;
    const total = Math.floor(sizeBytes / cifar10RecordBytes);
    if (total * cifar10RecordBytes !== sizeBytes) {
      throw incompleteRecord(path, total * cifar10RecordBytes, sizeBytes - total * cifar10RecordBytes);
    }
    const buffer = new Uint8Array(Math.min(chunkRecords, Math.max(total, 1)) * cifar10RecordBytes);
    for (let first = 0; first < total; first += chunkRecords) {
      const n = Math.min(chunkRecords, total - first);
      const startOffsetBytes = first * cifar10RecordBytes;
      const chunk = buffer.subarray(0, n * cifar10RecordBytes);
      await readFully(handle, chunk, startOffsetBytes, path);
      const records = parseCifar10Batch(chunk, path, startOffsetBytes);
      for (let k = 0; k < n; k++) {
        yield {
          index: first + k,
          offsetBytes: startOffsetBytes + k * cifar10RecordBytes,
          label: records.labels[k]!,
          pixels: records.pixels.subarray(k * cifar10PixelBytes, (k + 1) * cifar10PixelBytes),
        };
      }
    }
  } finally {
    await handle.close();
  }
}

/**
 * Parse batches.meta.txt: exactly 10 non-empty class names, one per line,
 * CRLF accepted. Trailing blank lines are allowed (the distributed file ends
 * with some); a blank line between names is not, since it would shift every
 * later label.
 */
export function parseCifar10Meta(text: string, file: string): string[] {
  const lines = text.split(/\r?\n/);
  let count = lines.length;
  while (count > 0 && lines[count - 1]!.trim() === '') count--;
  const names: string[] = [];
  for (let i = 0; i < count; i++) {
    const name = lines[i]!.trim();
    if (name === '') throw new FileFormatError(file, 'class name', `blank line before the last class name; expected ${cifar10NumClasses} names on consecutive lines`, i + 1, 'line');
    if (names.length === cifar10NumClasses) {
      throw new FileFormatError(file, 'class name', `extra class name ${JSON.stringify(name)}; expected exactly ${cifar10NumClasses}`, i + 1, 'line');
    }
    names.push(name);
  }
  if (names.length !== cifar10NumClasses) {
    throw new FileFormatError(file, 'class names', `found ${names.length} class names, expected exactly ${cifar10NumClasses} (one per line)`);
  }
  return names;
}

export async function readCifar10Meta(path: string): Promise<string[]> {
  return parseCifar10Meta(await readFile(path, 'utf8'), path);
}

/** FileHandle.read may return fewer bytes than asked; a short read here means the file shrank under us. */
async function readFully(handle: Awaited<ReturnType<typeof open>>, into: Uint8Array, positionBytes: number, path: string): Promise<void> {
  let done = 0;
  while (done < into.length) {
    const { bytesRead } = await handle.read(into, done, into.length - done, positionBytes + done);
    if (bytesRead === 0) throw incompleteRecord(path, positionBytes + done, 0, 'the file ended early (was it truncated while being read?)');
    done += bytesRead;
  }
}

function incompleteRecord(file: string, offsetBytes: number, tailBytes: number, why?: string): FileFormatError {
  const problem = why ?? `file ends ${tailBytes} bytes into a record; expected a whole number of ${cifar10RecordBytes}-byte records (1 label byte + ${cifar10PixelBytes} pixel bytes)`;
  return new FileFormatError(file, 'record', problem, offsetBytes);
}

function badLabel(file: string, offsetBytes: number, label: number): FileFormatError {
  const record = Math.floor(offsetBytes / cifar10RecordBytes);
  return new FileFormatError(file, `record ${record} label`, `label byte is ${label}, expected a class index 0-${cifar10NumClasses - 1}`, offsetBytes);
}
