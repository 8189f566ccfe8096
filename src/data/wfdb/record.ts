/**
 * A WFDB record read from disk: header, decoded signals in ADC and physical
 * units, and (optionally) an annotation file. The parsing itself lives in
 * header.ts, signal-file.ts and annotations.ts and works on bytes, so the
 * fuzz tests exercise exactly what this reader runs.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, isAbsolute, join } from 'node:path';
import { FileFormatError } from '../../io/file-format-error.js';
import { decodeWfdbAnnotations, type WfdbAnnotation } from './annotations.js';
import { format212InvalidSample } from './format212.js';
import { parseWfdbHeader, type WfdbHeader, type WfdbSignalSpec } from './header.js';
import { decodeWfdbSignalFile } from './signal-file.js';

export interface WfdbSignal {
  spec: WfdbSignalSpec;
  /** Raw samples in ADC units. */
  adc: Int16Array;
  /** (adc - baseline) / gain, in `spec.units` (mV for ECG); NaN where the sample is marked invalid. */
  physical: Float32Array;
  /** Samples marked invalid by the format (212: -2048) and turned into NaN in `physical`. */
  invalidSamples: number;
}

export interface WfdbRecord {
  header: WfdbHeader;
  signals: WfdbSignal[];
  /** Samples per signal actually decoded. */
  length: number;
}

/**
 * Builds a record from header text and the bytes of its signal files, keyed
 * by the file names the header uses. `source` names the header in errors;
 * each data file's errors name that file.
 */
export function parseWfdbRecord(headerText: string, dataFiles: ReadonlyMap<string, Uint8Array>, source: string): WfdbRecord {
  const header = parseWfdbHeader(headerText, source);
  const byFile = new Map<string, WfdbSignalSpec[]>();
  for (const s of header.signals) byFile.set(s.file, [...(byFile.get(s.file) ?? []), s]);
  const adcBySpec = new Map<WfdbSignalSpec, Int16Array>();
  for (const [file, specs] of byFile) {
    const bytes = dataFiles.get(file);
    if (bytes === undefined) throw new FileFormatError(source, 'signal file', `${file} is named by the header but was not found`);
    const decoded = decodeWfdbSignalFile(bytes, specs, header.samplesPerSignal, file);
    specs.forEach((s, k) => adcBySpec.set(s, decoded[k]!));
  }
  const signals = header.signals.map((spec) => toPhysical(spec, adcBySpec.get(spec)!));
  const lengths = new Set(signals.map((s) => s.adc.length));
  if (lengths.size > 1) throw new FileFormatError(source, 'signal files', `signal files hold different numbers of samples (${[...lengths].join(', ')})`);
  return { header, signals, length: signals[0]?.adc.length ?? 0 };
}

/**
 * Reads `<dir>/<record>.hea` and the signal files it names. `headerPath` may
 * be given with or without the `.hea` extension.
 */
export function readWfdbRecord(headerPath: string): WfdbRecord {
  const path = headerPath.endsWith('.hea') ? headerPath : `${headerPath}.hea`;
  if (!existsSync(path)) throw new Error(`wfdb: header ${path} not found`);
  const text = readFileSync(path, 'latin1');
  const header = parseWfdbHeader(text, path);
  const files = new Map<string, Uint8Array>();
  for (const s of header.signals) {
    if (files.has(s.file)) continue;
    // The header names files relative to its own folder; refuse names that leave it.
    if (isAbsolute(s.file) || s.file.split(/[\\/]/).includes('..')) {
      throw new FileFormatError(path, 'signal file', `${JSON.stringify(s.file)} must be a path inside the header's folder`);
    }
    const dataPath = join(dirname(path), s.file);
    if (!existsSync(dataPath)) throw new FileFormatError(path, 'signal file', `${dataPath} is named by the header but does not exist`);
    files.set(s.file, readFileSync(dataPath));
  }
  return parseWfdbRecord(text, files, path);
}

/** Reads `<record>.<annotator>` (e.g. `100.atr`) beside the header. */
export function readWfdbAnnotations(headerPath: string, annotator = 'atr'): WfdbAnnotation[] {
  const base = headerPath.endsWith('.hea') ? headerPath.slice(0, -4) : headerPath;
  const path = `${base}.${annotator}`;
  if (!existsSync(path)) throw new Error(`wfdb: annotation file ${path} not found`);
  return decodeWfdbAnnotations(readFileSync(path), path);
}

/** The index of the signal whose description is `name` (e.g. `MLII`), or an error listing those present. */
export function wfdbSignalIndex(record: WfdbRecord, name: string): number {
  const k = record.signals.findIndex((s) => s.spec.description === name);
  if (k < 0) throw new RangeError(`wfdb: record ${record.header.record} has no signal ${JSON.stringify(name)} (signals: ${record.signals.map((s) => s.spec.description).join(', ')})`);
  return k;
}

function toPhysical(spec: WfdbSignalSpec, adc: Int16Array): WfdbSignal {
  const physical = new Float32Array(adc.length);
  // signal(5): the most negative value of the format marks an invalid sample (-2048 in 212, -32768 in 16).
  const invalidMarker = spec.format === 212 ? format212InvalidSample : -32768;
  let invalidSamples = 0;
  for (let i = 0; i < adc.length; i++) {
    const v = adc[i]!;
    if (v === invalidMarker) {
      physical[i] = NaN;
      invalidSamples++;
    } else {
      physical[i] = (v - spec.baseline) / spec.gain;
    }
  }
  return { spec, adc, physical, invalidSamples };
}
