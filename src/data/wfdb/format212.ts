/**
 * WFDB signal storage format 212, per the PhysioNet man page signal(5)
 * (https://physionet.org/physiotools/wag/signal-5.htm): "Each sample is
 * represented by a 12-bit two's complement amplitude. The first sample is
 * obtained from the 12 least significant bits of the first byte pair (stored
 * least significant byte first). The second sample is formed from the 4
 * remaining bits of the first byte pair (which are the 4 high bits of the
 * 12-bit sample) and the next byte (which contains the remaining 8 bits of
 * the second sample)." Samples of the signals sharing a file are interleaved
 * frame by frame (s0[0], s1[0], s0[1], s1[1], ...), so the pairs run across
 * signals, not within one.
 */
import { FileFormatError } from '../../io/file-format-error.js';

/** signal(5): in format 212 the value -2048 marks an invalid (missing) sample. */
export const format212InvalidSample = -2048;

/** Bytes that `count` interleaved 212 samples occupy: 3 per pair, 2 for a trailing odd sample. */
export function format212ByteLength(count: number): number {
  return Math.floor(count / 2) * 3 + (count % 2) * 2;
}

/**
 * Decodes `count` samples from `bytes` into a flat, interleaved Int16Array.
 * The data must hold exactly those samples: a short file is truncated and a
 * longer one holds something we would otherwise drop in silence, so both are
 * reported (a single padding byte after an odd sample count is allowed: WFDB
 * writers may complete the last byte triplet).
 */
export function decodeFormat212(bytes: Uint8Array, count: number, source: string): Int16Array {
  const need = format212ByteLength(count);
  const padded = count % 2 === 1 ? need + 1 : need;
  if (bytes.length < need) {
    throw new FileFormatError(source, 'format 212 samples', `needs ${need} bytes for ${count} samples but the data holds ${bytes.length} (truncated file?)`, bytes.length);
  }
  if (bytes.length !== need && bytes.length !== padded) {
    throw new FileFormatError(source, 'format 212 samples', `holds ${bytes.length - need} bytes after the ${count} samples the header declares`, need);
  }
  const out = new Int16Array(count);
  let j = 0;
  let k = 0;
  for (; k + 1 < count; k += 2, j += 3) {
    const b1 = bytes[j + 1]!;
    out[k] = signExtend12(bytes[j]! | ((b1 & 0x0f) << 8));
    out[k + 1] = signExtend12(bytes[j + 2]! | ((b1 & 0xf0) << 4));
  }
  if (k < count) out[k] = signExtend12(bytes[j]! | ((bytes[j + 1]! & 0x0f) << 8));
  return out;
}

/** Encodes interleaved samples (each in [-2048, 2047]) as format 212, for writers and tests. */
export function encodeFormat212(samples: ArrayLike<number>): Uint8Array {
  const count = samples.length;
  const out = new Uint8Array(format212ByteLength(count));
  for (let k = 0; k < count; k++) {
    const v = samples[k]!;
    if (!Number.isInteger(v) || v < -2048 || v > 2047) throw new RangeError(`encodeFormat212: sample ${k} = ${v} is not a 12-bit integer in [-2048, 2047]`);
  }
  let j = 0;
  let k = 0;
  for (; k + 1 < count; k += 2, j += 3) {
    const a = samples[k]! & 0xfff;
    const b = samples[k + 1]! & 0xfff;
    out[j] = a & 0xff;
    out[j + 1] = (a >> 8) | ((b >> 8) << 4);
    out[j + 2] = b & 0xff;
  }
  if (k < count) {
    const a = samples[k]! & 0xfff;
    out[j] = a & 0xff;
    out[j + 1] = a >> 8;
  }
  return out;
}

function signExtend12(v: number): number {
  return (v << 20) >> 20;
}
