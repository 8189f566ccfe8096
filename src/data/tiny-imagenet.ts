/**
 * Tiny-ImageNet as a Dataset of `[3, size, size]` images in [0, 1]: list the
 * split (tiny-imagenet-layout.ts), decode each JPEG (jpeg-decode.ts), resize
 * if asked (image-resize.ts), and keep the result as bytes
 * (image-dataset.ts explains why not float32).
 *
 * Decoding is the slow part (0.4-0.8 ms per 64 x 64 image with jpeg-js on
 * one core, measured on the shared subset: 8-16 s for 20,000), so with
 * `cacheDir` the decoded bytes are written to a cache file (image-cache.ts)
 * and later loads of the same selection read it instead. The cache is keyed by a SHA-256 over the listed
 * files with their sizes and modification times, the labels and the size: a
 * changed, added or removed source image makes it stale and it is rebuilt.
 * A cache that cannot be parsed (truncated, wrong version, damaged) is also
 * rebuilt, not reported as an error: it is derived data that we own, the
 * JPEGs remain the truth, and failing would leave the user to find and
 * delete it by hand. The reason is passed to `log`.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { writeFileAtomic } from '../io/atomic-write.js';
import { FileFormatError } from '../io/file-format-error.js';
import { encodeImageCache, imageCacheVersion, parseImageCache } from './image-cache.js';
import { checkNormalization, Uint8ImageDataset, type ImageNormalization } from './image-dataset.js';
import { resizeChw } from './image-resize.js';
import { decodeJpeg, type DecodedImage, type ImageDecoder } from './jpeg-decode.js';
import { listTinyImageNetSplit, type SplitSelection, type TinyImageNetEntry, type TinyImageNetSplit } from './tiny-imagenet-layout.js';

/** Side of the distributed images, pixels. */
export const tinyImageNetImageSize = 64;
const CHANNELS = 3;
/** Longest stretch of decoding without giving the event loop a turn, ms: a progress bar redraws at about this rate. */
const YIELD_EVERY_MS = 50;

export interface TinyImageNetOptions extends SplitSelection {
  /** Default 'train'. */
  split?: TinyImageNetSplit;
  /** Output side in pixels; images of another size are resized (area averaging down, bilinear up). Default 64. */
  size?: number;
  /** Folder for the decoded-image cache; created if missing. Default: no cache. */
  cacheDir?: string;
  /** Standardise each channel after scaling to [0, 1], on access. */
  normalize?: ImageNormalization;
  /** Called after each decoded image (and once with (total, total) on a cache hit). */
  onProgress?: (done: number, total: number) => void;
  /** Where cache decisions are reported (why a cache was rebuilt). Default console.warn. */
  log?: (message: string) => void;
  /** JPEG decoder; the default is decodeJpeg. Tests inject a counting one. */
  decode?: ImageDecoder;
}

export interface TinyImageNetCacheReport {
  /** 'hit': read from the cache; 'written': decoded and cached; 'disabled': no cacheDir. */
  status: 'hit' | 'written' | 'disabled';
  path?: string;
  /** When an existing cache was replaced, why (stale or unreadable). */
  rebuiltBecause?: string;
}

export interface TinyImageNet {
  dataset: Uint8ImageDataset;
  split: TinyImageNetSplit;
  size: number;
  /** Class ids in label order: wnids.txt order, filtered to the selected classes. */
  wnids: string[];
  /** Human-readable words for each class, from words.txt. */
  words: string[];
  /** Image files behind each sample, relative to the dataset folder. */
  files: string[];
  fromCache: boolean;
  cache: TinyImageNetCacheReport;
}

export async function loadTinyImageNet(root: string, options: TinyImageNetOptions = {}): Promise<TinyImageNet> {
  const split = options.split ?? 'train';
  const size = options.size ?? tinyImageNetImageSize;
  if (split !== 'train' && split !== 'val') throw new RangeError(`loadTinyImageNet: split must be 'train' or 'val', got ${JSON.stringify(split)}`);
  if (!Number.isInteger(size) || size <= 0) throw new RangeError(`loadTinyImageNet: size must be a positive integer (pixels), got ${size}`);
  if (options.normalize) checkNormalization(options.normalize, CHANNELS, 'loadTinyImageNet');
  const log = options.log ?? ((m: string) => console.warn(m));

  const listing = listTinyImageNetSplit(root, split, options);
  const shape: [number, number, number] = [CHANNELS, size, size];
  const numClasses = listing.wnids.length;
  const files = listing.entries.map((e) => e.file);
  const result = (pixels: Uint8Array, labels: Int32Array, cache: TinyImageNetCacheReport): TinyImageNet => ({
    dataset: new Uint8ImageDataset(pixels, labels, shape, options.normalize ? { numClasses, normalize: options.normalize } : { numClasses }),
    split,
    size,
    wnids: listing.wnids,
    words: listing.words,
    files,
    fromCache: cache.status === 'hit',
    cache,
  });

  let cachePath: string | undefined;
  let fingerprint: Uint8Array | undefined;
  let rebuiltBecause: string | undefined;
  if (options.cacheDir !== undefined) {
    cachePath = join(options.cacheDir, cacheFileName(root, split, size, listing.wnids, options.limitPerClass));
    fingerprint = await fingerprintSources(root, listing.entries, listing.wnids, size);
    const cached = await readCache(cachePath, fingerprint, shape, numClasses, files.length);
    if ('pixels' in cached) {
      options.onProgress?.(files.length, files.length);
      return result(cached.pixels, cached.labels, { status: 'hit', path: cachePath });
    }
    rebuiltBecause = cached.reason;
    if (rebuiltBecause !== undefined) log(`tiny-imagenet: rebuilding the cache ${cachePath}: ${rebuiltBecause}`);
  }

  const { pixels, labels } = await decodeAll(root, listing.entries, size, options.decode ?? decodeJpeg, options.onProgress);
  if (cachePath === undefined || fingerprint === undefined) return result(pixels, labels, { status: 'disabled' });
  mkdirSync(options.cacheDir!, { recursive: true });
  await writeFileAtomic(cachePath, encodeImageCache({ shape, numClasses, fingerprint, pixels, labels }));
  const report: TinyImageNetCacheReport = { status: 'written', path: cachePath };
  if (rebuiltBecause !== undefined) report.rebuiltBecause = rebuiltBecause;
  return result(pixels, labels, report);
}

/**
 * Decode every entry in order. Files are read synchronously (for 2-3 kB
 * files that is about twice as fast as one fs.promises.readFile each), and
 * the loop hands the event loop a turn every YIELD_EVERY_MS so a progress
 * bar driven by `onProgress` can redraw.
 */
async function decodeAll(
  root: string,
  entries: TinyImageNetEntry[],
  size: number,
  decode: ImageDecoder,
  onProgress: ((done: number, total: number) => void) | undefined,
): Promise<{ pixels: Uint8Array; labels: Int32Array }> {
  const imageBytes = CHANNELS * size * size;
  const pixels = new Uint8Array(entries.length * imageBytes);
  const labels = new Int32Array(entries.length);
  let lastYield = performance.now();
  for (let i = 0; i < entries.length; i++) {
    const path = join(root, entries[i]!.file);
    let bytes: Uint8Array;
    try {
      bytes = readFileSync(path);
    } catch (err) {
      throw new Error(`tiny-imagenet: could not read ${path}: ${String(err)}`, { cause: err });
    }
    pixels.set(toChwBytes(decode(bytes, path), size), i * imageBytes);
    labels[i] = entries[i]!.label;
    onProgress?.(i + 1, entries.length);
    if (performance.now() - lastYield > YIELD_EVERY_MS) {
      await new Promise((resolve) => setImmediate(resolve));
      lastYield = performance.now();
    }
  }
  return { pixels, labels };
}

/** Interleaved RGB (HWC) to planar CHW bytes at `size` x `size`, resizing when the image is another size. */
export function toChwBytes(image: DecodedImage, size: number): Uint8Array {
  const { width, height, rgb } = image;
  const plane = width * height;
  const chw = new Uint8Array(CHANNELS * plane);
  for (let p = 0; p < plane; p++) {
    chw[p] = rgb[3 * p]!;
    chw[plane + p] = rgb[3 * p + 1]!;
    chw[2 * plane + p] = rgb[3 * p + 2]!;
  }
  if (width === size && height === size) return chw;
  const resized = resizeChw(chw, [CHANNELS, height, width], size, size);
  // Back to bytes for storage: rounding costs at most half a level (0.2 % of full scale).
  const out = new Uint8Array(resized.length);
  for (let i = 0; i < resized.length; i++) out[i] = Math.round(resized[i]!);
  return out;
}

/**
 * Stable per selection (folder, split, size, the resolved class list, limit),
 * so a rebuilt cache replaces its predecessor and `classes: 2` and the same
 * two wnids share one file.
 */
function cacheFileName(root: string, split: TinyImageNetSplit, size: number, wnids: string[], limitPerClass: number | undefined): string {
  const key = JSON.stringify([resolve(root), split, size, wnids, limitPerClass ?? null]);
  return `tiny-imagenet-${split}-${size}px-${createHash('sha256').update(key).digest('hex').slice(0, 16)}.ewcache`;
}

/** SHA-256 over the cache format version, size, classes and every (file, label, bytes, mtime). */
async function fingerprintSources(root: string, entries: TinyImageNetEntry[], wnids: string[], size: number): Promise<Uint8Array> {
  const hash = createHash('sha256');
  hash.update(`edgewatt image cache v${imageCacheVersion}\nsize ${size}\nclasses ${wnids.join(',')}\n`);
  const batch = 256;
  for (let i = 0; i < entries.length; i += batch) {
    const slice = entries.slice(i, i + batch);
    const stats = await Promise.all(slice.map((e) => stat(join(root, e.file))));
    slice.forEach((e, k) => hash.update(`${e.file}\t${e.label}\t${stats[k]!.size}\t${stats[k]!.mtimeMs}\n`));
  }
  return new Uint8Array(hash.digest());
}

type CacheRead = { pixels: Uint8Array; labels: Int32Array } | { reason: string | undefined };

/** The cached images, or why they cannot be used (`undefined` reason: there is no cache yet). */
async function readCache(path: string, fingerprint: Uint8Array, shape: [number, number, number], numClasses: number, count: number): Promise<CacheRead> {
  let bytes: Uint8Array;
  try {
    const buffer = await readFile(path);
    // A plain Uint8Array view (no copy): the dataset exposes it, and Buffer's extra methods are not part of that contract.
    bytes = new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { reason: undefined };
    return { reason: `it could not be read (${String(err)})` };
  }
  let content;
  try {
    content = parseImageCache(bytes, path);
  } catch (err) {
    if (err instanceof FileFormatError) return { reason: `it is unreadable (${err.message})` };
    throw err;
  }
  if (!content.fingerprint.every((b, i) => b === fingerprint[i])) {
    return { reason: 'it is stale: the source images (names, sizes or modification times) or the class list changed since it was written' };
  }
  if (content.shape.some((d, i) => d !== shape[i]) || content.numClasses !== numClasses || content.labels.length !== count) {
    const expected = `${count} images of ${shape.join(' x ')} in ${numClasses} classes`;
    return { reason: `it holds ${content.labels.length} images of ${content.shape.join(' x ')} in ${content.numClasses} classes, expected ${expected}` };
  }
  return { pixels: content.pixels, labels: content.labels };
}
