/**
 * Beat-centred windows for arrhythmia classification: one window per beat
 * annotation, `before` seconds before the annotated R peak to `after`
 * seconds after it, from one or more leads, labelled normal (0) or
 * abnormal (1). Which symbols count as normal is an explicit option: the
 * default is 'N' alone; {@link aamiNormalSymbols} gives the AAMI EC57 "N"
 * class (N, L, R, e, j — ANSI/AAMI EC57:2012, table of beat-class mappings),
 * under which bundle branch block and escape beats are "normal".
 */
import { ArrayDataset } from '../dataset.js';
import type { WfdbAnnotation } from './annotations.js';
import { wfdbSignalIndex, type WfdbRecord } from './record.js';

/** The MIT-BIH symbols AAMI EC57 maps to its class N ("any heartbeat not in S, V, F or Q"). */
export const aamiNormalSymbols: readonly string[] = Object.freeze(['N', 'L', 'R', 'e', 'j']);

export interface BeatWindowOptions {
  /** Signal descriptions (e.g. ['MLII']) or indices. Default: every signal. */
  leads?: readonly (string | number)[];
  /** Seconds before the beat. Default 0.25 (90 samples at 360 Hz). */
  beforeS?: number;
  /** Seconds after the beat. Default 0.45 (162 samples at 360 Hz). */
  afterS?: number;
  /** Beat symbols labelled 0; every other beat symbol is labelled 1. Default ['N']. */
  normalSymbols?: readonly string[];
}

export interface BeatWindows {
  /** `[count, leads, before + after]` windows in physical units (mV), labels 0 normal / 1 abnormal. */
  dataset: ArrayDataset;
  /** Annotated sample of each window's beat. */
  beatSamples: Int32Array;
  /** Symbol of each window's beat. */
  symbols: string[];
  /** Window samples before / after the beat (the beat itself is the first "after" sample). */
  beforeSamples: number;
  afterSamples: number;
  /** Beats left out because their window would run past the start or end of the record. */
  skippedAtEdges: number;
  /** Beats left out because their window holds an invalid (NaN) sample. */
  skippedInvalid: number;
  /** Non-beat annotations seen (rhythm changes, noise, ...), by symbol; they make no windows. */
  nonBeatCounts: Record<string, number>;
  /** Windows per beat symbol. */
  beatCounts: Record<string, number>;
}

export function beatWindows(record: WfdbRecord, annotations: readonly WfdbAnnotation[], options: BeatWindowOptions = {}): BeatWindows {
  const fs = record.header.samplingFrequencyHz;
  const beforeS = options.beforeS ?? 0.25;
  const afterS = options.afterS ?? 0.45;
  if (!(beforeS >= 0) || !(afterS > 0)) throw new RangeError(`beatWindows: need beforeS >= 0 and afterS > 0, got ${beforeS} and ${afterS}`);
  const before = Math.round(beforeS * fs);
  const after = Math.round(afterS * fs);
  const length = before + after;
  const leads = (options.leads ?? record.signals.map((_, k) => k)).map((l) => {
    if (typeof l === 'string') return wfdbSignalIndex(record, l);
    if (!Number.isInteger(l) || l < 0 || l >= record.signals.length) throw new RangeError(`beatWindows: lead index ${l} is out of range for ${record.signals.length} signals`);
    return l;
  });
  if (leads.length === 0) throw new RangeError('beatWindows: leads must name at least one signal');
  const normal = new Set(options.normalSymbols ?? ['N']);
  const nonBeatCounts: Record<string, number> = {};
  const beatCounts: Record<string, number> = {};
  const kept: WfdbAnnotation[] = [];
  let skippedAtEdges = 0;
  let skippedInvalid = 0;
  for (const a of annotations) {
    const symbol = a.symbol ?? `code ${a.code}`;
    if (!a.isBeat) {
      nonBeatCounts[symbol] = (nonBeatCounts[symbol] ?? 0) + 1;
      continue;
    }
    if (a.sample - before < 0 || a.sample + after > record.length) {
      skippedAtEdges++;
      continue;
    }
    if (leads.some((c) => hasNaN(record.signals[c]!.physical, a.sample - before, a.sample + after))) {
      skippedInvalid++;
      continue;
    }
    kept.push(a);
    beatCounts[symbol] = (beatCounts[symbol] ?? 0) + 1;
  }
  const data = new Float32Array(kept.length * leads.length * length);
  const labels = new Int32Array(kept.length);
  kept.forEach((a, k) => {
    leads.forEach((c, j) => {
      const src = record.signals[c]!.physical.subarray(a.sample - before, a.sample + after);
      data.set(src, (k * leads.length + j) * length);
    });
    labels[k] = normal.has(a.symbol ?? '') ? 0 : 1;
  });
  return {
    dataset: new ArrayDataset(data, labels, [leads.length, length], { numClasses: 2 }),
    beatSamples: Int32Array.from(kept, (a) => a.sample),
    symbols: kept.map((a) => a.symbol ?? `code ${a.code}`),
    beforeSamples: before,
    afterSamples: after,
    skippedAtEdges,
    skippedInvalid,
    nonBeatCounts,
    beatCounts,
  };
}

function hasNaN(x: Float32Array, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (Number.isNaN(x[i]!)) return true;
  return false;
}
