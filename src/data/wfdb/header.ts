/**
 * WFDB header (.hea) parsing, per the PhysioNet man page header(5)
 * (https://physionet.org/physiotools/wag/header-5.htm). A single-segment
 * header is a record line followed by one line per signal:
 *
 *   record line: `name[/nseg] nsig [fs[/counterfreq][(basecounter)] [nsamp [basetime [basedate]]]]`
 *   signal line: `file format[xspf][:skew][+offset] [gain[(baseline)][/units] [adcres [adczero [initval [checksum [blocksize [description]]]]]]]`
 *
 * Lines starting with `#` are comments and may appear anywhere (the MIT-BIH
 * copies begin with one); blank lines are skipped as the WFDB library does.
 * Multi-segment records, samples-per-frame other than 1 and skew are refused
 * with an error rather than misread.
 */
import { FileFormatError } from '../../io/file-format-error.js';

/** header(5): "If the sampling frequency is omitted, a value of 250 is assumed". */
export const wfdbDefaultSamplingFrequencyHz = 250;
/** header(5): a gain of zero or a missing gain means uncalibrated; WFDB_DEFGAIN is 200 adu per physical unit. */
export const wfdbDefaultGain = 200;

export interface WfdbSignalSpec {
  /** Signal file name, relative to the header's folder. */
  file: string;
  /** Storage format code, e.g. 212 (signal(5)). */
  format: number;
  /** Bytes to skip at the start of the signal file (`+offset`). */
  byteOffset: number;
  /** ADC units per physical unit; the default 200 when the header gives 0 or none. */
  gain: number;
  /** Whether the header gave a non-zero gain (false: the 200 default was used). */
  calibrated: boolean;
  /** ADC value that maps to physical zero; defaults to `adcZero`. */
  baseline: number;
  /** Physical units, `mV` when absent (header(5)). */
  units: string;
  /** ADC resolution in bits (0 means the format's default). */
  adcResolution: number;
  adcZero: number;
  /**
   * First sample's value when the header gives it (checked against the data);
   * undefined when absent — header(5) then assumes `adcZero`, but the WFDB
   * library only uses that for difference formats, so there is nothing to check.
   */
  initialValue: number | undefined;
  /** 16-bit sum of all samples, signed, when the header gives one. */
  checksum: number | undefined;
  blockSize: number;
  /** Free text, e.g. `MLII`; empty when absent. */
  description: string;
}

export interface WfdbHeader {
  record: string;
  samplingFrequencyHz: number;
  /** Samples per signal, or undefined when the header omits it (then the data file decides). */
  samplesPerSignal: number | undefined;
  /** `HH:MM:SS` start time as written, when present. */
  baseTime: string | undefined;
  baseDate: string | undefined;
  signals: WfdbSignalSpec[];
  /** Comment lines, without the leading `#` and surrounding blanks (often age, sex, medications). */
  comments: string[];
}

const INTEGER = /^[+-]?\d+$/;
/** `gain[(baseline)][/units]`, header(5). */
const GAIN = /^([+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)(?:\(([+-]?\d+)\))?(?:\/(\S+))?$/;
/** `format[xspf][:skew][+offset]`, header(5). */
const FORMAT = /^(\d+)(?:x(\d+))?(?::(\d+))?(?:\+(\d+))?$/;
/** `fs[/counterfreq][(basecounter)]`. */
const FREQUENCY = /^([+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)(?:\/[^\s(]+)?(?:\([^)]*\))?$/;

/** Parses header text; `source` names the file in errors (line numbers are 1-based). */
export function parseWfdbHeader(text: string, source: string): WfdbHeader {
  const lines: { text: string; line: number }[] = [];
  const comments: string[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const trimmed = raw.trim();
    if (trimmed.startsWith('#')) comments.push(trimmed.slice(1).trim());
    else if (trimmed !== '') lines.push({ text: trimmed, line: i + 1 });
  });
  const first = lines[0];
  if (first === undefined) throw new FileFormatError(source, 'record line', 'no record line found (expected `name nsig [fs [nsamp]]`)', 1, 'line');
  const fields = first.text.split(/\s+/);
  const fail = (field: string, problem: string, line = first.line) => new FileFormatError(source, field, problem, line, 'line');
  const [name, nsigText, fsText, nsampText, baseTime, baseDate] = fields as [string, ...(string | undefined)[]];
  if (name.includes('/')) throw fail('record name', `multi-segment record ${JSON.stringify(name)} is not supported (only single-segment records)`);
  if (nsigText === undefined || !INTEGER.test(nsigText) || Number(nsigText) < 0) {
    throw fail('number of signals', `expected a non-negative integer, got ${JSON.stringify(nsigText ?? '')}`);
  }
  const nsig = Number(nsigText);
  let fs = wfdbDefaultSamplingFrequencyHz;
  if (fsText !== undefined) {
    const m = FREQUENCY.exec(fsText);
    if (!m || !(Number(m[1]) > 0) || !Number.isFinite(Number(m[1]))) throw fail('sampling frequency', `expected a positive number of Hz, got ${JSON.stringify(fsText)}`);
    fs = Number(m[1]);
  }
  let nsamp: number | undefined;
  if (nsampText !== undefined) {
    if (!INTEGER.test(nsampText) || Number(nsampText) < 0 || !Number.isSafeInteger(Number(nsampText))) {
      throw fail('number of samples', `expected a non-negative integer, got ${JSON.stringify(nsampText)}`);
    }
    // header(5): 0 or absent means "unspecified"; the signal file then decides.
    nsamp = Number(nsampText) === 0 ? undefined : Number(nsampText);
  }
  const signalLines = lines.slice(1);
  if (signalLines.length !== nsig) {
    const at = signalLines[nsig]?.line ?? lines[lines.length - 1]!.line;
    throw fail('signal lines', `the record line declares ${nsig} signals but ${signalLines.length} signal lines follow`, at);
  }
  return {
    record: name,
    samplingFrequencyHz: fs,
    samplesPerSignal: nsamp,
    baseTime,
    baseDate,
    signals: signalLines.map((l, k) => parseSignalLine(l.text, source, l.line, k)),
    comments,
  };
}

function parseSignalLine(text: string, source: string, line: number, index: number): WfdbSignalSpec {
  const fields = text.split(/\s+/);
  const fail = (field: string, problem: string) => new FileFormatError(source, `signal ${index} ${field}`, problem, line, 'line');
  const int = (k: number, field: string, fallback: number): number => {
    const v = fields[k];
    if (v === undefined) return fallback;
    if (!INTEGER.test(v) || !Number.isSafeInteger(Number(v))) throw fail(field, `expected an integer, got ${JSON.stringify(v)}`);
    return Number(v);
  };
  const file = fields[0]!;
  const formatText = fields[1];
  if (formatText === undefined) throw fail('format', 'missing (expected e.g. `212`)');
  const fm = FORMAT.exec(formatText);
  if (!fm) throw fail('format', `expected format[xspf][:skew][+offset], got ${JSON.stringify(formatText)}`);
  if (fm[2] !== undefined && Number(fm[2]) !== 1) throw fail('samples per frame', `only 1 sample per frame is supported, got ${fm[2]}`);
  if (fm[3] !== undefined && Number(fm[3]) !== 0) throw fail('skew', `non-zero skew is not supported, got ${fm[3]}`);
  const byteOffset = fm[4] === undefined ? 0 : Number(fm[4]);
  let gain = 0;
  let baselineText: string | undefined;
  let units = 'mV';
  const gainText = fields[2];
  if (gainText !== undefined) {
    const gm = GAIN.exec(gainText);
    if (!gm || !Number.isFinite(Number(gm[1]))) throw fail('gain', `expected gain[(baseline)][/units], got ${JSON.stringify(gainText)}`);
    gain = Number(gm[1]);
    baselineText = gm[2];
    if (gm[3] !== undefined) units = gm[3];
  }
  const adcResolution = int(3, 'ADC resolution', 0);
  const adcZero = int(4, 'ADC zero', 0);
  const initialValue = fields[5] === undefined ? undefined : int(5, 'initial value', 0);
  const checksum = fields[6] === undefined ? undefined : int(6, 'checksum', 0);
  const blockSize = int(7, 'block size', 0);
  if (gain < 0) throw fail('gain', `expected a non-negative number, got ${gain}`);
  return {
    file,
    format: Number(fm[1]),
    byteOffset,
    gain: gain === 0 ? wfdbDefaultGain : gain,
    calibrated: gain !== 0,
    baseline: baselineText === undefined ? adcZero : Number(baselineText),
    units,
    adcResolution,
    adcZero,
    initialValue,
    checksum,
    blockSize,
    description: fields.slice(8).join(' '),
  };
}

/** Formats a header that {@link parseWfdbHeader} reads back (used by the synthetic writer). */
export function formatWfdbHeader(header: WfdbHeader): string {
  const lines = header.comments.map((c) => `# ${c}`);
  const record = [header.record, header.signals.length, header.samplingFrequencyHz, header.samplesPerSignal ?? 0];
  if (header.baseTime !== undefined) record.push(header.baseTime);
  if (header.baseTime !== undefined && header.baseDate !== undefined) record.push(header.baseDate);
  lines.push(record.join(' '));
  for (const s of header.signals) {
    if (s.checksum === undefined || s.initialValue === undefined) {
      throw new RangeError(`formatWfdbHeader: signal ${s.description || s.file} needs its initial value and checksum; compute them from the samples`);
    }
    const format = s.byteOffset === 0 ? `${s.format}` : `${s.format}+${s.byteOffset}`;
    const gain = `${s.calibrated ? s.gain : 0}${s.baseline === s.adcZero ? '' : `(${s.baseline})`}/${s.units}`;
    const fields = [s.file, format, gain, s.adcResolution, s.adcZero, s.initialValue, s.checksum, s.blockSize];
    lines.push([...fields, s.description].join(' ').trimEnd());
  }
  return lines.join('\n') + '\n';
}
