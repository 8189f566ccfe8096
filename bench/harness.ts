/**
 * Timing: one contender alone (`measure`) or several interleaved
 * (`interleave`). The machine this runs on is shared and noisy (20-50% run to
 * run), so contenders that are compared take turns within one run — A, B, B,
 * A, ... — and each is summarised by its median after warm-up, never by a
 * mean or a single best run.
 */
import { performance } from 'node:perf_hooks';

/** Seconds per call over the timed calls. */
export interface Timing {
  readonly medianS: number;
  readonly minS: number;
  readonly p90S: number;
  readonly samples: number;
}

export interface MeasureOptions {
  /** Untimed calls first (JIT tiering, buffer pools, wasm memory growth). */
  readonly warmup: number;
  /** Timed calls at least (stopping early only when `maxTimeMs` runs out). */
  readonly reps: number;
  /** Keep taking timed calls until this much time was spent timing. */
  readonly minTimeMs: number;
  /** Stop taking timed calls after this much time, once at least one was taken. Default: no bound. */
  readonly maxTimeMs?: number;
}

/** A contender's unit of work; it must leave its result materialised. */
export type Work = () => void | Promise<void>;

export interface Contender {
  readonly name: string;
  readonly run: Work;
  /** Overrides the shared warm-up count (a contender whose one call takes minutes). */
  readonly warmup?: number;
  /** Overrides the shared minimum number of timed calls. */
  readonly reps?: number;
  /** No more timed calls than this (a contender whose every call costs minutes). */
  readonly maxReps?: number;
}

export async function measure(fn: Work, opts: MeasureOptions): Promise<Timing> {
  const result = await interleave([{ name: 'only', run: fn }], opts);
  return result.get('only')!;
}

/**
 * Runs contenders in rounds. In each round every contender takes timed calls
 * until it has used `quantumMs` (at least one call), so a fast contender and a
 * slow one see the same stretches of machine noise; the order within a round
 * alternates so neither always runs right after the other. Rounds continue
 * until every contender has its `reps` samples and `minTimeMs` has passed, or
 * until `maxTimeMs` has passed. Contenders must be distinct by name.
 */
export async function interleave(
  contenders: readonly Contender[],
  opts: MeasureOptions & { readonly quantumMs?: number },
): Promise<Map<string, Timing>> {
  const quantumMs = opts.quantumMs ?? 100;
  const samples = new Map<string, number[]>(contenders.map((c) => [c.name, []]));
  const warmups = Math.max(0, ...contenders.map((c) => c.warmup ?? opts.warmup));
  for (let i = 0; i < warmups; i++) {
    for (const c of contenders) if (i < (c.warmup ?? opts.warmup)) await c.run();
  }
  const start = performance.now();
  const maxTimeMs = opts.maxTimeMs ?? Infinity;
  for (let round = 0; ; round++) {
    const order = round % 2 === 0 ? contenders : [...contenders].reverse();
    for (const c of order) {
      const own = samples.get(c.name)!;
      if (own.length >= (c.maxReps ?? Infinity)) continue;
      const roundStart = performance.now();
      do {
        const t0 = performance.now();
        await c.run();
        own.push((performance.now() - t0) / 1000);
      } while (
        performance.now() - roundStart < quantumMs &&
        performance.now() - start < maxTimeMs &&
        own.length < (c.maxReps ?? Infinity)
      );
    }
    const elapsed = performance.now() - start;
    const count = (c: Contender): number => samples.get(c.name)!.length;
    const capped = contenders.every((c) => count(c) >= (c.maxReps ?? Infinity));
    const enough = contenders.every((c) => count(c) >= Math.min(c.reps ?? opts.reps, c.maxReps ?? Infinity)) && elapsed >= opts.minTimeMs;
    if (enough || capped || elapsed >= maxTimeMs) break;
  }
  return new Map([...samples].map(([name, s]) => [name, summarize(s)]));
}

export function summarize(samplesS: readonly number[]): Timing {
  if (samplesS.length === 0) throw new RangeError('summarize: no samples');
  const sorted = [...samplesS].sort((a, b) => a - b);
  return {
    medianS: quantile(sorted, 0.5),
    minS: sorted[0]!,
    p90S: quantile(sorted, 0.9),
    samples: sorted.length,
  };
}

/** Linear interpolation between order statistics (NumPy's default "linear" method). */
function quantile(sorted: readonly number[], q: number): number {
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}
