/**
 * The meter interface (DESIGN.md, "Meter (energy)"): energy so far, plus
 * what it measures and whether the figure is an estimate. Readers of real
 * counters (RAPL, hwmon/INA3221 rails, power_supply fuel gauges, NVML via
 * nvidia-smi) and the model-based fallback all implement it, and all pass
 * the shared suite in test/energy/meters/meter-suite.ts.
 */

/** What a meter's joules cover. */
export type MeterScope =
  /** A CPU package or DRAM domain (RAPL). */
  | 'package'
  /** One supply rail of a board (INA3221 channel). */
  | 'rail'
  /** The whole board at its input. */
  | 'board'
  /** Energy drawn from a battery (fuel gauge). */
  | 'battery'
  /** A GPU (NVML). */
  | 'gpu'
  /** Not measured: an energy model's estimate. */
  | 'model';

export interface Meter {
  /** Human-readable, e.g. "rapl:package-0" or "model:raspberry-pi-4". */
  readonly name: string;
  readonly scope: MeterScope;
  /** True when the joules come from a model, not a counter: reports must say so. */
  readonly estimate: boolean;
  /**
   * Joules since the meter was opened: monotonic non-decreasing. Counter
   * wrap-around is handled inside the meter. Throws a `MeterError` naming the
   * path when the source has gone (a hot-unplugged sensor).
   */
  read(): number;
  /** Releases timers or handles; reading afterwards throws. */
  close(): void;
}

/** A meter's source failed: names what and where, so the caller can log it and fall back. */
export class MeterError extends Error {
  constructor(
    readonly meter: string,
    readonly path: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(`${meter}: ${path}: ${message}`, options);
    this.name = 'MeterError';
  }
}
