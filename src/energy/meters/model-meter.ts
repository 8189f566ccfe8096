/**
 * The meter of last resort: joules from the energy model instead of a
 * counter, flagged `estimate: true` with scope 'model' so every report that
 * uses it says it is an estimate (DESIGN.md, "Meter"). Two ways to feed it,
 * usable together:
 *   - `powerW()`: the modelled power now (e.g. the device profile's idle or
 *     active power for the current state), integrated by the trapezoid rule
 *     between read() calls;
 *   - `add(joules)`: energy the runtime books per inference from the cost
 *     model (src/energy/inference-cost.ts), on top of the integrated power.
 */
import type { Meter } from '../meter.js';
import { PowerIntegrator } from './power-integrator.js';
import type { NowS } from './sysfs-reader.js';
import { monotonicNowS } from './sysfs-reader.js';

export interface ModelMeterOptions {
  /** e.g. "model:raspberry-pi-4". */
  name: string;
  /** Modelled power at the current instant, W; default none (only `add` books energy). */
  powerW?: () => number;
  now?: NowS;
}

export class ModelMeter implements Meter {
  readonly scope = 'model' as const;
  readonly estimate = true;
  readonly name: string;
  private readonly powerW: () => number;
  private readonly now: NowS;
  private readonly integrator: PowerIntegrator;
  private bookedJ = 0;
  private closed = false;

  constructor(options: ModelMeterOptions) {
    this.name = options.name;
    this.powerW = options.powerW ?? (() => 0);
    this.now = options.now ?? monotonicNowS;
    this.integrator = new PowerIntegrator(this.now(), this.powerW());
  }

  /** Books modelled energy (one inference's cost), J; it shows in the next read(). */
  add(joules: number): void {
    if (this.closed) throw new Error(`${this.name}: add after close`);
    if (!(joules >= 0) || !Number.isFinite(joules)) throw new RangeError(`${this.name}: add() takes a finite, non-negative number of joules, got ${joules}`);
    this.bookedJ += joules;
  }

  read(): number {
    if (this.closed) throw new Error(`${this.name}: read after close`);
    return this.integrator.sample(this.now(), this.powerW()) + this.bookedJ;
  }

  close(): void {
    this.closed = true;
  }
}
