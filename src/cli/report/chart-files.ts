/**
 * Where each run's charts go: `charts/<workload>-<device>-<kind>.svg`,
 * relative to the report. Workload and device names come from scenario
 * files, so they are reduced to a portable file-name alphabet (lower-case
 * ASCII letters, digits, '.', '_', '-'; POSIX.1-2017 §3.282 "Portable
 * Filename Character Set") — no path separators, no leading dot, nothing a
 * shell or a Markdown link would trip on — and two runs whose names reduce
 * alike get "-2", "-3", … so no chart overwrites another.
 */
import type { EvaluationResult } from '../../scheduler/eval/evaluation-result.js';
import { CHART_KINDS, type ChartKind } from './run-charts.js';

export type ChartPaths = { readonly [K in ChartKind]: string };

export const CHARTS_DIR = 'charts';

/** Longest name part kept; long enough to stay recognisable, short of any file system's 255-byte limit with room for the rest. */
const MAX_PART = 60;

/** `text` in the portable file-name alphabet: accents dropped, runs of anything else become one '-'. */
export function safeFileNamePart(text: string): string {
  const ascii = text.normalize('NFKD').replace(/[\u0300-\u036f]/g, ''); // strip combining marks: "é" → "e"
  const slug = ascii
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/-{2,}/g, '-')
    .replace(/^[-.]+|[-.]+$/g, '')
    .slice(0, MAX_PART)
    .replace(/[-.]+$/, '');
  return slug === '' ? 'unnamed' : slug;
}

/** The chart paths of every run, in run order, relative to the report's folder, with '/' separators. */
export function chartFileNames(result: EvaluationResult): ChartPaths[] {
  const taken = new Set<string>();
  return result.runs.map((run) => {
    const base = `${safeFileNamePart(run.workload)}-${safeFileNamePart(run.device)}`;
    let stem = base;
    for (let k = 2; taken.has(stem); k++) stem = `${base}-${k}`;
    taken.add(stem);
    const paths = {} as Record<ChartKind, string>;
    for (const kind of CHART_KINDS) paths[kind] = `${CHARTS_DIR}/${stem}-${kind}.svg`;
    return paths;
  });
}
