/**
 * JPEG decoding through jpeg-js (pure JavaScript baseline/progressive
 * decoder, https://github.com/eugeneware/jpeg-js), wrapped so that a bad
 * file is always a FileFormatError naming it.
 *
 * Why a wrapper: jpeg-js throws plain Errors for malformed streams, and a
 * corrupt stream can also surface as a TypeError or RangeError from inside
 * the decoder (an index past a table); its API does not promise it never
 * throws a non-Error. Every throw is caught here and re-raised as one typed
 * error, so readers and their fuzz tests have one failure type. The result
 * is then checked, because a decoder that returns is not proof of sane
 * output: dimensions must be positive integers within the limit and the
 * pixel array exactly width x height x 3.
 */
import jpeg from 'jpeg-js';
import { FileFormatError } from '../io/file-format-error.js';

/** A decoded image, interleaved HWC RGB bytes. */
export interface DecodedImage {
  readonly width: number;
  readonly height: number;
  /** `height * width * 3` bytes, row-major, R G B per pixel. */
  readonly rgb: Uint8Array;
}

/** The decoder a reader uses; injectable so tests can count or replace decodes. */
export type ImageDecoder = (bytes: Uint8Array, file: string) => DecodedImage;

export interface JpegDecodeLimits {
  /**
   * Largest image accepted, in pixels. Default 16 Mpx: far above any dataset
   * image here (Tiny-ImageNet is 64 x 64) and small enough that a forged
   * header cannot make the decoder allocate gigabytes.
   */
  maxPixels?: number;
  /**
   * Memory jpeg-js may allocate for one image, in bytes. Default 256 MiB;
   * jpeg-js checks it as it allocates component buffers and the output.
   */
  maxMemoryBytes?: number;
}

const DEFAULT_MAX_PIXELS = 16_000_000;
const DEFAULT_MAX_MEMORY_BYTES = 256 * 1024 * 1024;
/** jpeg-js takes its limits in units of 10^6 pixels and 2^20 bytes (see decode() in lib/decoder.js). */
const PIXELS_PER_MP = 1_000_000;
const BYTES_PER_MB = 1024 * 1024;

/** The JPEG start-of-image marker, FF D8 (ITU-T T.81, table B.1). */
const SOI = [0xff, 0xd8] as const;

/**
 * Decode `bytes` (a whole JPEG file) to RGB. Greyscale JPEGs (one component;
 * a few hundred Tiny-ImageNet images are) come back with the grey value
 * replicated into R, G and B: jpeg-js does that when asked for 3-channel
 * output (copyToImageData, case 1). CMYK/Adobe 4-component files are
 * converted to RGB by jpeg-js as well.
 */
export function decodeJpeg(bytes: Uint8Array, file: string, limits: JpegDecodeLimits = {}): DecodedImage {
  const maxPixels = limits.maxPixels ?? DEFAULT_MAX_PIXELS;
  const maxMemoryBytes = limits.maxMemoryBytes ?? DEFAULT_MAX_MEMORY_BYTES;
  if (!(maxPixels > 0) || !(maxMemoryBytes > 0)) {
    throw new RangeError(`decodeJpeg: limits must be positive, got maxPixels ${maxPixels} and maxMemoryBytes ${maxMemoryBytes}`);
  }
  if (bytes.length < 2 || bytes[0] !== SOI[0] || bytes[1] !== SOI[1]) {
    const got = Array.from(bytes.subarray(0, 2), (b) => b.toString(16).padStart(2, '0')).join(' ') || 'nothing';
    throw new FileFormatError(file, 'SOI marker', `expected a JPEG file starting with FF D8, got ${got}`, 0);
  }
  let image: { width: unknown; height: unknown; data: unknown };
  try {
    image = jpeg.decode(bytes, {
      useTArray: true,
      formatAsRGBA: false,
      // Strict: a damaged scan is an error, not a silently half-grey image.
      // Every image of the Tiny-ImageNet subset decodes under this setting.
      tolerantDecoding: false,
      maxResolutionInMP: maxPixels / PIXELS_PER_MP,
      maxMemoryUsageInMB: maxMemoryBytes / BYTES_PER_MB,
    });
  } catch (err) {
    throw new FileFormatError(file, 'JPEG stream', `not a decodable baseline/progressive JPEG: ${describe(err)}`);
  }
  return checkDecoded(image, file, maxPixels);
}

function checkDecoded(image: { width: unknown; height: unknown; data: unknown }, file: string, maxPixels: number): DecodedImage {
  const { width, height, data } = image;
  if (typeof width !== 'number' || typeof height !== 'number' || !Number.isInteger(width) || !Number.isInteger(height) || width <= 0 || height <= 0) {
    throw new FileFormatError(file, 'frame header', `decoder reported dimensions ${String(width)} x ${String(height)}, expected positive integers`);
  }
  if (width * height > maxPixels) {
    throw new FileFormatError(file, 'frame header', `image is ${width} x ${height} = ${width * height} pixels, more than the limit of ${maxPixels}`);
  }
  if (!(data instanceof Uint8Array) || data.length !== width * height * 3) {
    const got = data instanceof Uint8Array ? `${data.length} bytes` : typeof data;
    throw new FileFormatError(file, 'pixel data', `decoder returned ${got}, expected ${width} x ${height} x 3 = ${width * height * 3} RGB bytes`);
  }
  return { width, height, rgb: data };
}

function describe(err: unknown): string {
  if (err instanceof Error) return err.message;
  if (typeof err === 'string') return err;
  try {
    return JSON.stringify(err) ?? String(err);
  } catch {
    return String(err);
  }
}
