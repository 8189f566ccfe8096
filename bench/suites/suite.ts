/**
 * A suite measures one family of benchmarks and returns its records; the
 * runner owns the loop, the output and the files. `quick` asks for the
 * subset that, all suites together, finishes within a minute.
 */
import type { Opened } from '../contender.js';
import type { Timing } from '../harness.js';
import { makeRecord, type BenchRecord, type Goal, type Status } from '../record.js';

export interface SuiteContext {
  readonly quick: boolean;
  /** Progress for humans: goes to stderr, never to the JSON lines on stdout. */
  readonly log: (message: string) => void;
}

export interface Suite {
  readonly name: string;
  readonly describe: string;
  run(ctx: SuiteContext): Promise<BenchRecord[]>;
}

/** What a contender failing to run means for the row it should have filled. */
function statusOf(o: Opened): Status {
  if (o.ok) return 'ok';
  return o.kind === 'unavailable' ? 'skipped' : o.kind;
}

export interface ThroughputRow {
  readonly name: string;
  readonly unit: string;
  /** Work units (FLOPs, images) per call; the figure is work / median seconds, scaled by `scale`. */
  readonly work: number;
  readonly scale?: number;
  readonly edgewatt: Opened;
  readonly baseline: Opened | null;
  readonly baselineLabel: string | null;
  readonly timings: ReadonlyMap<string, Timing>;
  readonly goal?: Goal;
  readonly notes?: readonly string[];
}

/** A higher-is-better throughput row comparing an Edgewatt contender with a baseline from the same interleaved run. */
export function throughputRecord(r: ThroughputRow): BenchRecord {
  const scale = r.scale ?? 1;
  const figure = (o: Opened | null): { value: number | null; timing?: Timing } => {
    const t = o?.ok ? r.timings.get(o.name) : undefined;
    return t ? { value: (r.work / t.medianS) * scale, timing: t } : { value: null };
  };
  const ew = figure(r.edgewatt);
  const base = figure(r.baseline);
  const notes = [...(r.notes ?? [])];
  if (!r.edgewatt.ok) notes.unshift(`Edgewatt not measured (${r.edgewatt.kind}): ${r.edgewatt.reason}`);
  if (r.baseline && !r.baseline.ok) notes.push(`${r.baselineLabel ?? r.baseline.name} not measured (${r.baseline.kind}): ${r.baseline.reason}`);
  return makeRecord({
    name: r.name,
    value: ew.value,
    unit: r.unit,
    better: 'higher',
    baseline: r.baselineLabel,
    baselineValue: base.value,
    goal: r.goal ?? null,
    status: statusOf(r.edgewatt),
    ...(notes.length > 0 ? { note: notes.join('; ') } : {}),
    ...(ew.timing ? { timing: ew.timing } : {}),
    ...(base.timing ? { baselineTiming: base.timing } : {}),
  });
}

/** Multiply-adds count two operations each: 2·n³ for an n×n×n GEMM. */
export const gemmOps = (n: number): number => 2 * n * n * n;
