/**
 * WFDB annotation files in MIT format (.atr), per the PhysioNet man page
 * annot(5) (https://physionet.org/physiotools/wag/annot-5.htm). The file is a
 * sequence of 16-bit little-endian words; in each, the 6 high bits are the
 * type code A and the 10 low bits a value I:
 *
 *   A = 1..49    an annotation of type A, I samples after the previous one;
 *   A = 59 SKIP  the next 4 bytes hold a 32-bit interval in PDP-11 order
 *                (high 16-bit word first, each word low byte first), added to
 *                the time before the next annotation word;
 *   A = 60 NUM   I is the `num` field of the preceding annotation (and later
 *                ones, until changed: num persists, as in the WFDB library);
 *   A = 61 SUB   I is the `subtyp` of the preceding annotation;
 *   A = 62 CHN   I is the `chan` of the preceding annotation (persists, like num);
 *   A = 63 AUX   I bytes of auxiliary text follow, padded to an even count;
 *   A = 0, I = 0 end of file.
 */
import { FileFormatError } from '../../io/file-format-error.js';
import { isWfdbBeatCode, wfdbSymbolOf } from './annotation-codes.js';

const SKIP = 59;
const NUM = 60;
const SUB = 61;
const CHN = 62;
const AUX = 63;
/** ecgcodes.h: the largest annotation code (42-49 are for local use). */
const ACMAX = 49;

export interface WfdbAnnotation {
  /** Sample index (from the start of the record). */
  sample: number;
  code: number;
  /** ecgcodes.h mnemonic, or undefined for a local code (42-49). */
  symbol: string | undefined;
  isBeat: boolean;
  subtype: number;
  chan: number;
  num: number;
  /** Auxiliary text (e.g. `(N` for a rhythm change to normal sinus rhythm); '' when none. */
  aux: string;
}

/**
 * Decodes an MIT-format annotation file. Every word must be a known code; a
 * missing end marker, a truncated SKIP or AUX, a modifier before any
 * annotation and a time that goes negative are reported with their byte offset.
 */
export function decodeWfdbAnnotations(bytes: Uint8Array, source: string): WfdbAnnotation[] {
  const out: WfdbAnnotation[] = [];
  const fail = (field: string, problem: string, offset: number) => new FileFormatError(source, field, problem, offset);
  let time = 0;
  let num = 0;
  let chan = 0;
  let pos = 0;
  const last = (what: string, at: number): WfdbAnnotation => {
    const a = out[out.length - 1];
    if (a === undefined) throw fail(what, 'modifier word before the first annotation (annot(5): modifiers follow the annotation they apply to)', at);
    return a;
  };
  for (;;) {
    if (pos + 2 > bytes.length) throw fail('end of file marker', 'file ends without the 0x0000 end-of-annotations word (truncated file?)', pos);
    const at = pos;
    const word = bytes[pos]! | (bytes[pos + 1]! << 8);
    pos += 2;
    const code = word >> 10;
    const value = word & 0x3ff;
    if (code === 0 && value === 0) break;
    if (code === SKIP) {
      if (pos + 4 > bytes.length) throw fail('SKIP interval', 'needs 4 bytes after the SKIP word but the file ends', at);
      const high = bytes[pos]! | (bytes[pos + 1]! << 8);
      const low = bytes[pos + 2]! | (bytes[pos + 3]! << 8);
      time += ((high << 16) | low) | 0; // a signed 32-bit long
      pos += 4;
    } else if (code === NUM) {
      num = signExtend10(value);
      last('NUM', at).num = num;
    } else if (code === SUB) {
      last('SUB', at).subtype = signExtend10(value);
    } else if (code === CHN) {
      chan = value;
      last('CHN', at).chan = chan;
    } else if (code === AUX) {
      if (pos + value > bytes.length) throw fail('AUX string', `declares ${value} bytes but only ${bytes.length - pos} remain`, at);
      // WFDB writes the C string's terminating NUL into the count; drop it.
      last('AUX', at).aux = latin1(bytes.subarray(pos, pos + value)).replace(/\0+$/, '');
      pos += value + (value & 1);
    } else if (code >= 1 && code <= ACMAX) {
      time += value;
      if (time < 0) throw fail('annotation time', `a SKIP made the time negative (${time} samples)`, at);
      out.push({ sample: time, code, symbol: wfdbSymbolOf(code), isBeat: isWfdbBeatCode(code), subtype: 0, chan, num, aux: '' });
    } else {
      throw fail('annotation code', `code ${code} is neither an annotation type (1-${ACMAX}) nor a control code (59-63)`, at);
    }
  }
  if (pos !== bytes.length) throw fail('end of file marker', `${bytes.length - pos} bytes follow the end-of-annotations word`, pos);
  return out;
}

/** Annotation to write: sample, code, and optionally subtype and aux text. */
export interface WfdbAnnotationInput {
  sample: number;
  code: number;
  subtype?: number;
  aux?: string;
}

/**
 * Encodes annotations (sorted by sample) in MIT format. Gaps longer than the
 * 10-bit time field allows (1023 samples) are written as SKIP words, which is
 * also how the WFDB library's putann() handles them.
 */
export function encodeWfdbAnnotations(annotations: readonly WfdbAnnotationInput[]): Uint8Array {
  const pushBytes: number[] = [];
  const word = (w: number) => pushBytes.push(w & 0xff, w >> 8);
  let time = 0;
  for (const [k, a] of annotations.entries()) {
    if (!Number.isInteger(a.code) || a.code < 1 || a.code > ACMAX) throw new RangeError(`encodeWfdbAnnotations: annotations[${k}].code ${a.code} is not in 1..${ACMAX}`);
    const delta = a.sample - time;
    if (!Number.isInteger(a.sample) || delta < 0) throw new RangeError(`encodeWfdbAnnotations: annotations[${k}].sample ${a.sample} is not an integer >= the previous one (${time})`);
    if (delta > 0x3ff) {
      word(SKIP << 10);
      const high = (delta >>> 16) & 0xffff;
      const low = delta & 0xffff;
      word(high);
      word(low);
      word(a.code << 10);
    } else {
      word((a.code << 10) | delta);
    }
    time = a.sample;
    if (a.subtype !== undefined && a.subtype !== 0) word((SUB << 10) | (a.subtype & 0x3ff));
    if (a.aux !== undefined && a.aux !== '') {
      const text = Buffer.from(a.aux + '\0', 'latin1');
      if (text.length > 0x3ff) throw new RangeError(`encodeWfdbAnnotations: annotations[${k}].aux is longer than 1022 bytes`);
      word((AUX << 10) | text.length);
      for (const b of text) pushBytes.push(b);
      if (text.length & 1) pushBytes.push(0);
    }
  }
  word(0);
  return Uint8Array.from(pushBytes);
}

function signExtend10(v: number): number {
  return (v << 22) >> 22;
}

function latin1(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
}
