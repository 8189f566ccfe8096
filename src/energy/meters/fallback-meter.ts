/**
 * A real meter with a model behind it, for sources that can vanish mid-run
 * (a hot-unplugged INA3221, an unloaded driver, a battery put on charge):
 * issue 5, "a meter path that disappears mid-run: clear errors or a logged
 * fallback, never a silent wrong number". While the primary reads, its
 * joules are returned. When it throws a `MeterError` the meter logs one line
 * naming the error, and from then on returns the primary's last joules plus
 * what the model has counted since that last good reading, so the total
 * stays monotonic and the gap before the failure is covered by the model;
 * `estimate` turns true and `scope` becomes the model's. Errors other than
 * `MeterError` are bugs and pass through.
 */
import type { Meter, MeterScope } from '../meter.js';
import { MeterError } from '../meter.js';

export interface FallbackMeterOptions {
  primary: Meter;
  /** Usually a `ModelMeter`; it is read alongside the primary so it can take over at the last good reading. */
  fallback: Meter;
  /** Where the switch is reported, once (the runtime's logger; default console.warn). */
  log?: (line: string) => void;
}

export class FallbackMeter implements Meter {
  readonly name: string;
  private readonly primary: Meter;
  private readonly fallback: Meter;
  private readonly log: (line: string) => void;
  /** The primary's joules and the fallback's joules at the last good primary reading. */
  private lastPrimaryJ = 0;
  private fallbackAtLastPrimaryJ: number;
  private switched = false;
  private closed = false;

  constructor(options: FallbackMeterOptions) {
    this.primary = options.primary;
    this.fallback = options.fallback;
    this.log = options.log ?? ((line) => console.warn(line));
    this.name = options.primary.name;
    this.fallbackAtLastPrimaryJ = this.fallback.read();
  }

  get scope(): MeterScope {
    return this.switched ? this.fallback.scope : this.primary.scope;
  }

  get estimate(): boolean {
    return this.switched || this.primary.estimate;
  }

  /** True once the primary has failed and the fallback supplies the joules. */
  get usingFallback(): boolean {
    return this.switched;
  }

  read(): number {
    if (this.closed) throw new Error(`${this.name}: read after close`);
    if (!this.switched) {
      try {
        const primaryJ = this.primary.read();
        this.lastPrimaryJ = primaryJ;
        this.fallbackAtLastPrimaryJ = this.fallback.read();
        return primaryJ;
      } catch (error) {
        if (!(error instanceof MeterError)) throw error;
        this.switched = true;
        this.log(
          `meter ${this.primary.name} failed (${error.message}); switching to ${this.fallback.name}: ` +
            `energy from here on is an ESTIMATE, continuing from ${this.lastPrimaryJ.toFixed(3)} J measured`,
        );
      }
    }
    return this.lastPrimaryJ + (this.fallback.read() - this.fallbackAtLastPrimaryJ);
  }

  close(): void {
    this.closed = true;
    this.primary.close();
    this.fallback.close();
  }
}
