/**
 * Energy drawn from a battery, from its fuel gauge under
 * /sys/class/power_supply/<name>/ (Documentation/ABI/testing/sysfs-class-power;
 * units from include/linux/power_supply.h: "voltages, currents, charges,
 * energies ... in µV, µA, µAh, µWh"). One method is chosen when the meter
 * opens, the first the gauge offers of:
 *
 *   energy_now (µWh)                  drawn = its decrease: a counter, preferred
 *   charge_now (µAh) × voltage_now    drawn = charge decrease × mean voltage
 *   power_now (µW)                    integrated over time (trapezoid per read())
 *   current_now (µA) × voltage_now    integrated over time
 *
 * The sign of current_now/power_now differs between drivers (the ABI now
 * says negative while discharging; many drivers report magnitudes), so
 * magnitudes are used and the direction comes from `status`.
 *
 * Energy drawn from the battery is only the device's consumption while the
 * battery supplies the load. While `status` is Charging, Full or Not
 * charging the charger supplies it: energy_now rises or stays, and
 * power_now is the charging power, not the load's. read() then throws a
 * `MeterError` saying so, rather than return a number that is not the
 * device's energy; a FallbackMeter switches to the model, and a bare meter
 * resumes counting (from the next discharging read) once unplugged.
 */
import type { Meter } from '../meter.js';
import { MeterError } from '../meter.js';
import { PowerIntegrator } from './power-integrator.js';
import type { NowS, SysfsReader } from './sysfs-reader.js';
import { listDirOrEmpty, monotonicNowS, nodeSysfsReader, readIntegerAttribute, readOptionalText } from './sysfs-reader.js';

export const POWER_SUPPLY_ROOT = '/sys/class/power_supply';

/** 1 µWh = 1e-6 W × 3600 s; 1 µAh = 1e-6 A × 3600 s (coulombs). */
const JOULES_PER_UWH = 3.6e-3;
const COULOMBS_PER_UAH = 3.6e-3;

/** How the meter turns the gauge's attributes into joules. */
export type PowerSupplyMethod = 'energy-counter' | 'charge-counter' | 'power' | 'current-voltage';

/** Statuses in which the charger, not the battery, supplies the load (power_supply.h POWER_SUPPLY_STATUS_*). */
const NOT_SUPPLYING_STATUSES = new Set(['Charging', 'Full', 'Not charging']);

export interface PowerSupplyOptions {
  fs?: SysfsReader;
  now?: NowS;
}

/** Directories of the supplies whose `type` is Battery (mains adapters and USB ports are left out). */
export function listBatteries(options: PowerSupplyOptions = {}): string[] {
  const fs = options.fs ?? nodeSysfsReader();
  return listDirOrEmpty(fs, POWER_SUPPLY_ROOT)
    .map((name) => `${POWER_SUPPLY_ROOT}/${name}`)
    .filter((dir) => readOptionalText(fs, `${dir}/type`) === 'Battery');
}

/** The method a gauge directory supports, or undefined when it has none of the attribute sets. */
export function powerSupplyMethod(fs: SysfsReader, supplyPath: string): PowerSupplyMethod | undefined {
  const has = (attribute: string): boolean => fs.exists(`${supplyPath}/${attribute}`);
  if (has('energy_now')) return 'energy-counter';
  if (has('charge_now') && has('voltage_now')) return 'charge-counter';
  if (has('power_now')) return 'power';
  if (has('current_now') && has('voltage_now')) return 'current-voltage';
  return undefined;
}

/** Joules drawn from one battery since the meter was opened. */
export class PowerSupplyMeter implements Meter {
  readonly scope = 'battery' as const;
  readonly estimate = false;
  readonly name: string;
  readonly method: PowerSupplyMethod;
  private readonly fs: SysfsReader;
  private readonly now: NowS;
  private readonly path: string;
  private readonly integrator: PowerIntegrator | undefined;
  /** The last counter sample: µWh (energy) or µAh (charge), with the voltage beside it, V. */
  private lastCounter = 0;
  private lastVoltageV = 0;
  private drawnJ = 0;
  private closed = false;

  /** Opens the gauge at `supplyPath` (e.g. /sys/class/power_supply/BAT0) and takes the first sample. */
  constructor(supplyPath: string, options: PowerSupplyOptions = {}) {
    this.fs = options.fs ?? nodeSysfsReader();
    this.now = options.now ?? monotonicNowS;
    this.path = supplyPath;
    this.name = `battery:${supplyPath.slice(supplyPath.lastIndexOf('/') + 1)}`;
    const method = powerSupplyMethod(this.fs, supplyPath);
    if (method === undefined) {
      throw new MeterError(this.name, supplyPath, 'the fuel gauge has none of energy_now, charge_now + voltage_now, power_now, current_now + voltage_now');
    }
    this.method = method;
    if (method === 'energy-counter' || method === 'charge-counter') {
      this.sampleCounter();
      this.integrator = undefined;
    } else {
      this.integrator = new PowerIntegrator(this.now(), this.powerW());
    }
  }

  read(): number {
    if (this.closed) throw new Error(`${this.name}: read after close`);
    const status = readOptionalText(this.fs, `${this.path}/status`);
    if (status !== undefined && NOT_SUPPLYING_STATUSES.has(status)) {
      // Move the origin past this interval so that what the charger put in
      // is never counted as drawn once the battery discharges again.
      if (this.integrator === undefined) this.sampleCounter();
      else this.integrator.restart(this.now(), 0);
      throw new MeterError(
        this.name,
        `${this.path}/status`,
        `status is "${status}": the charger, not the battery, supplies the load, so the fuel gauge cannot measure the device's energy ` +
          'until it discharges again; use a board meter (INA3221, RAPL) or the model meter meanwhile',
      );
    }
    if (this.integrator !== undefined) return this.integrator.sample(this.now(), this.powerW());
    const previous = this.lastCounter;
    const previousVoltageV = this.lastVoltageV;
    this.sampleCounter();
    // A gauge may re-estimate upwards while discharging (recalibration): a
    // rise is not energy drawn and is skipped, keeping the joules monotonic.
    const decrease = Math.max(0, previous - this.lastCounter);
    this.drawnJ += this.method === 'energy-counter' ? decrease * JOULES_PER_UWH : decrease * COULOMBS_PER_UAH * 0.5 * (previousVoltageV + this.lastVoltageV);
    return this.drawnJ;
  }

  close(): void {
    this.closed = true;
  }

  private integer(attribute: string): number {
    return readIntegerAttribute(this.fs, this.name, `${this.path}/${attribute}`);
  }

  private sampleCounter(): void {
    if (this.method === 'energy-counter') {
      this.lastCounter = this.integer('energy_now');
    } else {
      this.lastCounter = this.integer('charge_now');
      this.lastVoltageV = this.integer('voltage_now') * 1e-6;
    }
  }

  private powerW(): number {
    if (this.method === 'power') return Math.abs(this.integer('power_now')) * 1e-6;
    return Math.abs(this.integer('current_now')) * 1e-6 * (this.integer('voltage_now') * 1e-6);
  }
}
