/**
 * Power over time from energy meters: read every meter at a fixed interval
 * and turn the joule differences into watts. A meter's counter is the
 * measurement (RAPL, a fuel gauge's charge, an integrated INA3221 rail);
 * watts are its finite difference over the interval, so the mean power of
 * a phase is exactly (joules at the end − joules at the start) / duration,
 * whatever the interval.
 *
 * Optionally a piece of work (one inference) runs back to back while the
 * meters are read between calls: JavaScript cannot read a counter while a
 * synchronous native call holds the thread, so a sample closes at the first
 * call boundary after its interval — intervals are then uneven, and each
 * sample's watts use its own measured length.
 *
 * A meter that fails mid-phase (a MeterError: the sysfs file vanished) is
 * dropped from that phase with the reason kept, and its energy so far is
 * not extrapolated: the trace says it is cut short.
 */
import type { Meter, MeterScope } from '../meter.js';
import { MeterError } from '../meter.js';
import type { NowS } from './sysfs-reader.js';
import { monotonicNowS } from './sysfs-reader.js';

export interface PowerTrace {
  readonly meter: string;
  readonly scope: MeterScope;
  readonly estimate: boolean;
  /** Sample times, seconds since the phase began (each sample's midpoint). */
  readonly tS: number[];
  /** Mean power over each sample's interval, W. */
  readonly powerW: number[];
  /** Joules counted over the phase (up to the failure, when `lostReason` is set). */
  energyJ: number;
  /** Seconds the meter was read over. */
  durationS: number;
  /** Why the meter stopped being read mid-phase, or null. */
  lostReason: string | null;
}

export interface SamplePowerOptions {
  /** Length of the phase, s (> 0). */
  durationS: number;
  /** Target time between samples, s (> 0, at most durationS). */
  intervalS: number;
  now?: NowS;
  /** Waits this many seconds; default a timer. Tests pass one that moves a fake clock. */
  sleep?: (seconds: number) => Promise<void>;
  /** Run back to back for the phase instead of sleeping (one inference per call). */
  work?: () => Promise<void> | void;
  /** Called after each sample with the seconds since the phase began (a progress bar). */
  onSample?: (elapsedS: number) => void;
}

export interface PowerPhase {
  readonly traces: PowerTrace[];
  /** Measured length of the phase, s. */
  readonly durationS: number;
  /** Calls of `work` completed in the phase (0 without work). */
  readonly workCalls: number;
}

const timerSleep = (seconds: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, seconds * 1e3));

function positiveFinite(name: string, v: number): void {
  if (!(v > 0) || !Number.isFinite(v)) throw new RangeError(`samplePower: ${name} must be a finite number of seconds > 0, got ${v}`);
}

export async function samplePower(meters: readonly Meter[], options: SamplePowerOptions): Promise<PowerPhase> {
  const { durationS, intervalS } = options;
  positiveFinite('durationS', durationS);
  positiveFinite('intervalS', intervalS);
  if (intervalS > durationS) throw new RangeError(`samplePower: intervalS (${intervalS} s) is longer than durationS (${durationS} s); no sample would be taken`);
  if (meters.length === 0) throw new RangeError('samplePower: no meter to read');
  const now = options.now ?? monotonicNowS;
  const sleep = options.sleep ?? timerSleep;

  const traces: PowerTrace[] = meters.map((m) => ({ meter: m.name, scope: m.scope, estimate: m.estimate, tS: [], powerW: [], energyJ: 0, durationS: 0, lostReason: null }));
  const live = meters.map(() => true);
  const t0 = now();
  const firstJ = meters.map((m, i) => readOrLose(m, i));
  const lastJ = firstJ.slice();
  let lastT = t0;

  function readOrLose(m: Meter, i: number): number {
    try {
      return m.read();
    } catch (error) {
      if (!(error instanceof MeterError)) throw error;
      live[i] = false;
      traces[i]!.lostReason = error.message;
      return Number.NaN;
    }
  }

  function sample(t: number): void {
    const dt = t - lastT;
    if (!(dt > 0)) return;
    for (let i = 0; i < meters.length; i++) {
      if (!live[i]) continue;
      const j = readOrLose(meters[i]!, i);
      if (!live[i]) continue;
      const trace = traces[i]!;
      trace.tS.push((lastT + t) / 2 - t0);
      trace.powerW.push((j - lastJ[i]!) / dt);
      trace.energyJ = j - firstJ[i]!;
      trace.durationS = t - t0;
      lastJ[i] = j;
    }
    lastT = t;
    options.onSample?.(t - t0);
  }

  let workCalls = 0;
  const endT = t0 + durationS;
  for (let t = now(); t < endT; t = now()) {
    if (options.work !== undefined) {
      await options.work();
      workCalls++;
    } else {
      await sleep(Math.max(0, Math.min(intervalS - (t - lastT), endT - t)));
    }
    const after = now();
    if (after - lastT >= intervalS || after >= endT) sample(after);
  }
  if (lastT < t0 + 1e-12) sample(now());
  return { traces, durationS: lastT - t0, workCalls };
}
