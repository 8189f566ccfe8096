/**
 * Harvested solar power over a real irradiance trace, as the runtime sees
 * it (HarvestSource).
 *
 * - Between samples the irradiance (and the ambient temperature, when
 *   given) is interpolated linearly, and the power is pvPowerW of the
 *   interpolated values. Negative GHI samples (pyranometer night offset)
 *   are clamped to 0 when the trace is loaded; `clampedCount` says how many.
 * - Run time 0 is the trace's first sample plus `offsetS`. Without
 *   `repeat`, asking outside the trace is a RangeError (never a silent 0).
 *   With `repeat`, the trace is a periodic signal of period `periodS`
 *   (default: the trace's span plus one sample step, so a one-day trace of
 *   1-minute samples 00:00…23:59 repeats every 86 400 s, the last minute
 *   interpolating towards the first sample) — a one-day trace stands in
 *   for every day of a multi-day run, a one-year trace for every year.
 * - forecastJ is the exact integral of that power over the horizon: the
 *   perfect ("oracle") forecast, which a real controller cannot have;
 *   learned forecasters (the scheduler issue) are to be compared with it.
 *   Within a sample interval the irradiance and the temperature are linear
 *   in time, so the power is a quadratic in time, and Simpson's rule on
 *   each (partial) interval is exact; whole intervals are summed once into
 *   a cumulative table, so a forecast costs two binary searches.
 */
import type { HarvestSource } from '../harvest-source.js';
import type { PvPanel } from './pv-panel.js';
import { validatePvPanel } from './pv-panel.js';
import { pvPowerW } from './pv-power.js';

/** Samples of irradiance (and optionally ambient temperature) at strictly increasing times (any origin, s). */
export interface IrradianceTrace {
  timeS: ArrayLike<number>;
  /** Global horizontal irradiance, W/m²; negative values are clamped to 0. */
  ghiWPerM2: ArrayLike<number>;
  /** Ambient air temperature, °C; without it the cell is taken at 25 °C. */
  ambientTemperatureC?: ArrayLike<number>;
}

export interface SolarHarvestOptions {
  /** Repeat the trace periodically beyond its end (default false: out of range is an error). */
  repeat?: boolean;
  /** Repeat period, s; at least the trace's span; default span + the last sample step. */
  periodS?: number;
  /** Trace time (s after the first sample) that run time 0 maps to; default 0. */
  offsetS?: number;
}

export class SolarHarvest implements HarvestSource {
  /** Negative irradiance samples set to 0 on loading. */
  readonly clampedCount: number;
  /** Last sample time minus first, s. */
  readonly spanS: number;
  /** Repeat period, s (equal to spanS when not repeating). */
  readonly periodS: number;
  readonly repeat: boolean;
  readonly offsetS: number;
  private readonly knotS: Float64Array;
  private readonly ghi: Float64Array;
  private readonly ambientC: Float64Array | undefined;
  private readonly cumulativeJ: Float64Array;

  constructor(
    trace: IrradianceTrace,
    readonly panel: PvPanel,
    options: SolarHarvestOptions = {},
  ) {
    validatePvPanel(panel);
    const n = trace.timeS.length;
    const temp = trace.ambientTemperatureC;
    if (n < 2 || trace.ghiWPerM2.length !== n || (temp !== undefined && temp.length !== n)) {
      throw new RangeError(`SolarHarvest: timeS, ghiWPerM2 (and ambientTemperatureC) must have one length >= 2, got ${n}, ${trace.ghiWPerM2.length}${temp === undefined ? '' : `, ${temp.length}`}`);
    }
    const t0 = trace.timeS[0]!;
    this.spanS = trace.timeS[n - 1]! - t0;
    this.repeat = options.repeat ?? false;
    const defaultPeriod = this.spanS + (trace.timeS[n - 1]! - trace.timeS[n - 2]!);
    this.periodS = this.repeat ? (options.periodS ?? defaultPeriod) : this.spanS;
    this.offsetS = options.offsetS ?? 0;
    if (!(this.periodS >= this.spanS) || !Number.isFinite(this.periodS)) throw new RangeError(`SolarHarvest: options.periodS must be a finite period >= the trace span ${this.spanS} s, got ${options.periodS}`);
    if (!Number.isFinite(this.offsetS)) throw new RangeError(`SolarHarvest: options.offsetS must be finite, got ${options.offsetS}`);
    const wrap = this.repeat && this.periodS > this.spanS ? 1 : 0;
    this.knotS = new Float64Array(n + wrap);
    this.ghi = new Float64Array(n + wrap);
    this.ambientC = temp === undefined ? undefined : new Float64Array(n + wrap);
    let clamped = 0;
    for (let k = 0; k < n; k++) {
      const t = trace.timeS[k]! - t0;
      const g = trace.ghiWPerM2[k]!;
      if (!Number.isFinite(t) || (k > 0 && !(t > this.knotS[k - 1]!))) throw new RangeError(`SolarHarvest: timeS must be finite and strictly increasing; timeS[${k}] = ${trace.timeS[k]}`);
      if (!Number.isFinite(g)) throw new RangeError(`SolarHarvest: ghiWPerM2[${k}] = ${g}; expected a finite irradiance in W/m²`);
      if (temp !== undefined && !Number.isFinite(temp[k]!)) throw new RangeError(`SolarHarvest: ambientTemperatureC[${k}] = ${temp[k]}; expected a finite temperature in °C`);
      if (g < 0) clamped++;
      this.knotS[k] = t;
      this.ghi[k] = Math.max(0, g);
      if (this.ambientC !== undefined) this.ambientC[k] = temp![k]!;
    }
    if (wrap === 1) {
      this.knotS[n] = this.periodS;
      this.ghi[n] = this.ghi[0]!;
      if (this.ambientC !== undefined) this.ambientC[n] = this.ambientC[0]!;
    }
    this.clampedCount = clamped;
    this.cumulativeJ = new Float64Array(this.knotS.length);
    for (let k = 1; k < this.knotS.length; k++) this.cumulativeJ[k] = this.cumulativeJ[k - 1]! + this.segmentEnergyJ(k - 1, this.knotS[k]!);
  }

  /** Energy harvested over one period of the trace (the whole trace when not repeating), J. */
  get periodEnergyJ(): number {
    return this.cumulativeJ[this.cumulativeJ.length - 1]!;
  }

  powerW(tS: number): number {
    const x = this.traceTimeS(tS, 'powerW', 'tS');
    return this.segmentPowerW(this.segmentOf(x), x);
  }

  forecastJ(tS: number, horizonS: number): number {
    if (!(horizonS >= 0) || !Number.isFinite(horizonS)) throw new RangeError(`SolarHarvest.forecastJ: horizonS must be a finite duration >= 0 s, got ${horizonS}`);
    return this.energyJ(tS, tS + horizonS);
  }

  /** Energy harvested between run times `fromS` and `toS` (fromS <= toS), J. */
  energyJ(fromS: number, toS: number): number {
    if (!(toS >= fromS)) throw new RangeError(`SolarHarvest.energyJ: need fromS <= toS, got ${fromS} s and ${toS} s`);
    return this.cumulativeAtRunTime(toS) - this.cumulativeAtRunTime(fromS);
  }

  /** Energy from the start of the trace's period to run time `tS`, counting whole periods when repeating. */
  private cumulativeAtRunTime(tS: number): number {
    if (!Number.isFinite(tS)) throw new RangeError(`SolarHarvest: time must be finite, got ${tS}`);
    const u = this.offsetS + tS;
    if (!this.repeat) {
      const x = this.traceTimeS(tS, 'forecastJ', 'tS / tS + horizonS');
      return this.cumulativeWithin(x);
    }
    const periods = Math.floor(u / this.periodS);
    return periods * this.periodEnergyJ + this.cumulativeWithin(u - periods * this.periodS);
  }

  private cumulativeWithin(x: number): number {
    const k = this.segmentOf(x);
    return this.cumulativeJ[k]! + this.segmentEnergyJ(k, x);
  }

  /** Run time to time within the trace (s after its first sample), wrapping when repeating. */
  private traceTimeS(tS: number, who: string, argument: string): number {
    const u = this.offsetS + tS;
    if (!Number.isFinite(u)) throw new RangeError(`SolarHarvest.${who}: ${argument} must be finite, got ${tS}`);
    if (this.repeat) return u - Math.floor(u / this.periodS) * this.periodS;
    if (u < 0 || u > this.spanS) {
      throw new RangeError(`SolarHarvest.${who}: ${argument} = ${tS} s is outside the trace (run time ${-this.offsetS} to ${this.spanS - this.offsetS} s); pass { repeat: true } to repeat it`);
    }
    return u;
  }

  /** Index k of the interval [knot k, knot k+1] holding x. */
  private segmentOf(x: number): number {
    const knots = this.knotS;
    let lo = 0;
    let hi = knots.length - 1;
    if (x >= knots[hi]!) return hi - 1;
    while (hi - lo > 1) {
      const mid = (lo + hi) >> 1;
      if (knots[mid]! <= x) lo = mid;
      else hi = mid;
    }
    return lo;
  }

  /** Power at trace time x, interpolating the inputs within interval k. */
  private segmentPowerW(k: number, x: number): number {
    const x0 = this.knotS[k]!;
    const w = (x - x0) / (this.knotS[k + 1]! - x0);
    const g = this.ghi[k]! + w * (this.ghi[k + 1]! - this.ghi[k]!);
    const a = this.ambientC;
    return pvPowerW(this.panel, g, a === undefined ? undefined : a[k]! + w * (a[k + 1]! - a[k]!));
  }

  /** Energy from knot k to x within interval k: Simpson's rule, exact for the quadratic power. */
  private segmentEnergyJ(k: number, x: number): number {
    const x0 = this.knotS[k]!;
    if (x <= x0) return 0;
    return ((x - x0) / 6) * (this.segmentPowerW(k, x0) + 4 * this.segmentPowerW(k, (x0 + x) / 2) + this.segmentPowerW(k, x));
  }
}
