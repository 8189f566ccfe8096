/**
 * A contender as the suites see it: something set up once (`open`) that
 * then does one unit of work per `step` call. Opening or the first step can
 * fail — Edgewatt's engine is not loadable, tfjs-wasm lacks a gradient kernel
 * — and that must cost the run one row, not the whole run, so `openContender`
 * turns every failure into a reason string.
 */
import { performance } from 'node:perf_hooks';
import { interleave, type MeasureOptions, type Timing } from './harness.js';

/** Thrown when a contender's code is not there to run (a module that does not load yet). */
export class NotAvailableError extends Error {
  override readonly name = 'NotAvailableError';
}

/**
 * unsupported: the library cannot do this (a missing kernel). unavailable:
 * the contender's code is not loadable. error: anything else.
 */
export type FailureKind = 'unsupported' | 'unavailable' | 'error';

export interface Step {
  /** One unit of work; may be async only where it must switch something first (a tfjs backend). */
  readonly step: () => void | Promise<void>;
  readonly dispose: () => void;
}

export type Opened =
  | { readonly ok: true; readonly name: string; readonly step: Step; /** Seconds the probe call took. */ readonly probeS: number }
  | { readonly ok: false; readonly name: string; readonly reason: string; readonly kind: FailureKind };

/**
 * Opens a contender and runs one probe step (which doubles as its first
 * warm-up call). A missing kernel is recognised by tfjs's wording ("Kernel
 * 'X' not registered for backend 'wasm'") and the like.
 */
export async function openContender(name: string, open: () => Promise<Step>, log: (m: string) => void): Promise<Opened> {
  let step: Step | undefined;
  try {
    step = await open();
    const t0 = performance.now();
    await step.step();
    return { ok: true, name, step, probeS: (performance.now() - t0) / 1000 };
  } catch (e) {
    try {
      step?.dispose();
    } catch {
      // the reason we report is the first failure
    }
    const reason = e instanceof Error ? e.message : String(e);
    log(`${name}: not measured: ${reason}`);
    const kind: FailureKind = e instanceof NotAvailableError
      ? 'unavailable'
      : /not registered|not supported|not implemented|unsupported/i.test(reason) ? 'unsupported' : 'error';
    return { ok: false, name, reason, kind };
  }
}

/**
 * Interleaves the contenders that opened. The probe call counted as the first
 * warm-up; a contender whose probe alone took more than a quarter of the time
 * budget gets no further warm-up, so one slow contender cannot eat the budget
 * before any timing starts.
 */
export async function timeOpened(
  opened: readonly Opened[],
  opts: MeasureOptions & { readonly quantumMs?: number },
  overrides: { readonly [name: string]: { readonly warmup?: number; readonly reps?: number; readonly maxReps?: number } } = {},
): Promise<Map<string, Timing>> {
  const budgetS = (opts.maxTimeMs ?? Infinity) / 1000;
  const contenders = opened.flatMap((o) => {
    if (!o.ok) return [];
    const own = overrides[o.name] ?? {};
    const warmup = o.probeS > budgetS / 4 ? 0 : Math.max(0, (own.warmup ?? opts.warmup) - 1);
    return [{
      name: o.name,
      run: o.step.step,
      warmup,
      ...(own.reps !== undefined ? { reps: own.reps } : {}),
      ...(own.maxReps !== undefined ? { maxReps: own.maxReps } : {}),
    }];
  });
  if (contenders.length === 0) return new Map();
  return interleave(contenders, opts);
}

export function disposeOpened(opened: readonly Opened[]): void {
  for (const o of opened) if (o.ok) o.step.dispose();
}
