/**
 * One WFDB signal file decoded into per-signal ADC arrays. Dispatches on the
 * header's format code (signal(5)); 212 (MIT-BIH) and 16 (16-bit two's
 * complement, little-endian) are supported, anything else is refused by name.
 * Then checks what header(5) lets us check: each signal's initial value and
 * its 16-bit checksum ("a 16-bit checksum of all samples in the signal").
 */
import { FileFormatError } from '../../io/file-format-error.js';
import { decodeFormat212 } from './format212.js';
import type { WfdbSignalSpec } from './header.js';

export const wfdbSupportedFormats = [212, 16] as const;

/**
 * Decodes `signals` (the header specs of the signals stored in this file, in
 * header order) from `bytes`. `samplesPerSignal` undefined means "as many
 * whole frames as the file holds" (header(5) allows omitting it). Returns one
 * Int16Array of ADC units per signal.
 */
export function decodeWfdbSignalFile(bytes: Uint8Array, signals: readonly WfdbSignalSpec[], samplesPerSignal: number | undefined, source: string): Int16Array[] {
  const nsig = signals.length;
  const spec = signals[0];
  if (spec === undefined) return [];
  for (const s of signals) {
    if (s.format !== spec.format || s.byteOffset !== spec.byteOffset) {
      throw new FileFormatError(source, 'format', `signals in one file must share format and byte offset; got ${spec.format}+${spec.byteOffset} and ${s.format}+${s.byteOffset}`);
    }
  }
  if (spec.byteOffset > bytes.length) {
    throw new FileFormatError(source, 'byte offset', `header skips ${spec.byteOffset} bytes but the file holds ${bytes.length}`, bytes.length);
  }
  const data = bytes.subarray(spec.byteOffset);
  let interleaved: Int16Array;
  if (spec.format === 212) {
    // 3 bytes per pair of samples; without a declared length, whole frames only.
    const frames = samplesPerSignal ?? Math.floor(Math.floor((data.length * 2) / 3) / nsig);
    interleaved = decodeFormat212(data, frames * nsig, source);
  } else if (spec.format === 16) {
    interleaved = decodeFormat16(data, samplesPerSignal === undefined ? undefined : samplesPerSignal * nsig, nsig, source);
  } else {
    throw new FileFormatError(source, 'format', `format ${spec.format} is not supported (supported: ${wfdbSupportedFormats.join(', ')})`);
  }
  const frames = interleaved.length / nsig;
  const out = signals.map(() => new Int16Array(frames));
  for (let t = 0; t < frames; t++) for (let c = 0; c < nsig; c++) out[c]![t] = interleaved[t * nsig + c]!;
  signals.forEach((s, c) => checkSignal(out[c]!, s, c, source));
  return out;
}

/** header(5): the checksum is the sum of all samples, kept to 16 bits (two's complement). */
export function wfdbChecksum(samples: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < samples.length; i++) sum = (sum + samples[i]!) & 0xffff;
  return (sum << 16) >> 16;
}

function checkSignal(samples: Int16Array, spec: WfdbSignalSpec, index: number, source: string): void {
  const name = spec.description === '' ? `signal ${index}` : `signal ${index} (${spec.description})`;
  if (spec.initialValue !== undefined && samples.length > 0 && samples[0] !== spec.initialValue) {
    throw new FileFormatError(source, `${name} initial value`, `the header says ${spec.initialValue} but the first sample is ${samples[0]}`);
  }
  if (spec.checksum !== undefined) {
    const sum = wfdbChecksum(samples);
    if (sum !== ((spec.checksum << 16) >> 16)) {
      throw new FileFormatError(source, `${name} checksum`, `the header says ${spec.checksum} but the ${samples.length} samples sum to ${sum} (mod 2^16): corrupt or mismatched data file`);
    }
  }
}

function decodeFormat16(data: Uint8Array, count: number | undefined, nsig: number, source: string): Int16Array {
  const n = count ?? Math.floor(data.length / 2 / nsig) * nsig;
  if (data.length !== n * 2) {
    throw new FileFormatError(source, 'format 16 samples', `needs ${n * 2} bytes for ${n} samples but the data holds ${data.length}`, Math.min(data.length, n * 2));
  }
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const out = new Int16Array(n);
  for (let i = 0; i < n; i++) out[i] = view.getInt16(2 * i, true);
  return out;
}
