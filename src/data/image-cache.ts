/**
 * A cache file of decoded images, so a dataset of JPEGs is decoded once per
 * size rather than once per run. Our own format, little-endian:
 *
 *   offset  size  field
 *        0     8  magic "EWIMGCCH"
 *        8     4  version (u32) = 1
 *       12     4  count N (u32)
 *       16     4  channels C (u32)
 *       20     4  height H (u32)
 *       24     4  width W (u32)
 *       28     4  numClasses (u32)
 *       32    32  fingerprint: SHA-256 of what the images were decoded from
 *       64   N*C*H*W  pixels, uint8, [N, C, H, W]
 *        …   4*N  labels, int32
 *
 * The header is 64 bytes so the pixels start aligned. The fingerprint is
 * supplied by the caller (tiny-imagenet.ts hashes the source file list with
 * sizes and modification times); a cache whose fingerprint differs is stale.
 */
import { FileFormatError } from '../io/file-format-error.js';

const MAGIC = 'EWIMGCCH';
export const imageCacheVersion = 1;
export const imageCacheHeaderBytes = 64;
const FINGERPRINT_BYTES = 32;
/** Refuse headers claiming more than 2^31 pixel bytes: typed arrays and Buffers stop there on some Node builds. */
const MAX_PIXEL_BYTES = 2 ** 31;

export interface ImageCacheContent {
  /** `[C, H, W]` of every image. */
  shape: [number, number, number];
  numClasses: number;
  /** SHA-256, 32 bytes. */
  fingerprint: Uint8Array;
  /** `[N, C, H, W]` bytes. */
  pixels: Uint8Array;
  labels: Int32Array;
}

/** The file as chunks (header, pixels, labels), for writeFileAtomic without concatenating hundreds of MB. */
export function encodeImageCache(content: ImageCacheContent): Uint8Array[] {
  const [c, h, w] = content.shape;
  const count = content.labels.length;
  if (content.fingerprint.length !== FINGERPRINT_BYTES) throw new RangeError(`encodeImageCache: fingerprint must be ${FINGERPRINT_BYTES} bytes, got ${content.fingerprint.length}`);
  if (content.pixels.length !== count * c * h * w) {
    throw new RangeError(`encodeImageCache: ${content.pixels.length} pixel bytes for ${count} images of ${c} x ${h} x ${w}`);
  }
  const header = new Uint8Array(imageCacheHeaderBytes);
  const view = new DataView(header.buffer);
  for (let i = 0; i < MAGIC.length; i++) header[i] = MAGIC.charCodeAt(i);
  [imageCacheVersion, count, c, h, w, content.numClasses].forEach((v, k) => view.setUint32(8 + 4 * k, v, true));
  header.set(content.fingerprint, 32);
  const labels = new Uint8Array(4 * count);
  const labelView = new DataView(labels.buffer);
  content.labels.forEach((y, i) => labelView.setInt32(4 * i, y, true));
  return [header, content.pixels, labels];
}

/**
 * Parse a cache file, checking every field, and throw a FileFormatError
 * naming the field and byte offset of the first problem. `pixels` is a view
 * into `bytes` (no copy); `labels` is copied, since int32 needs alignment.
 */
export function parseImageCache(bytes: Uint8Array, file: string): ImageCacheContent {
  if (bytes.length < imageCacheHeaderBytes) {
    throw new FileFormatError(file, 'header', `file is ${bytes.length} bytes, shorter than the ${imageCacheHeaderBytes}-byte header`, 0);
  }
  for (let i = 0; i < MAGIC.length; i++) {
    if (bytes[i] !== MAGIC.charCodeAt(i)) throw new FileFormatError(file, 'magic', `expected "${MAGIC}" (an Edgewatt decoded-image cache)`, 0);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const version = view.getUint32(8, true);
  if (version !== imageCacheVersion) throw new FileFormatError(file, 'version', `is ${version}, this reader understands version ${imageCacheVersion}`, 8);
  const [count, c, h, w, numClasses] = [12, 16, 20, 24, 28].map((at) => view.getUint32(at, true)) as [number, number, number, number, number];
  ([['channels', c, 16], ['height', h, 20], ['width', w, 24], ['numClasses', numClasses, 28]] as const).forEach(([field, v, at]) => {
    if (v === 0) throw new FileFormatError(file, field, 'is 0, expected a positive integer', at);
  });
  // A forged header can make this product huge (inexact past 2^53), but then it is far above the limit.
  const pixelBytes = count * c * h * w;
  if (!(pixelBytes <= MAX_PIXEL_BYTES)) {
    throw new FileFormatError(file, 'count', `${count} images of ${c} x ${h} x ${w} would be ${pixelBytes} bytes, more than the ${MAX_PIXEL_BYTES}-byte limit`, 12);
  }
  const expected = imageCacheHeaderBytes + pixelBytes + 4 * count;
  if (bytes.length !== expected) {
    throw new FileFormatError(file, 'length', `file is ${bytes.length} bytes, the header (${count} images of ${c} x ${h} x ${w}) implies ${expected}`, Math.min(bytes.length, expected));
  }
  const labelsAt = imageCacheHeaderBytes + pixelBytes;
  const labels = new Int32Array(count);
  for (let i = 0; i < count; i++) {
    const y = view.getInt32(labelsAt + 4 * i, true);
    if (y < 0 || y >= numClasses) throw new FileFormatError(file, `labels[${i}]`, `is ${y}, expected a class index 0-${numClasses - 1}`, labelsAt + 4 * i);
    labels[i] = y;
  }
  return {
    shape: [c, h, w],
    numClasses,
    fingerprint: bytes.slice(32, 32 + FINGERPRINT_BYTES),
    pixels: bytes.subarray(imageCacheHeaderBytes, labelsAt),
    labels,
  };
}
