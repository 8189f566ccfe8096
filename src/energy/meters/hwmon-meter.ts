/**
 * Power and energy from hwmon-style sensor attributes
 * (Documentation/hwmon/sysfs-interface.rst): one `PowerChannel` says where a
 * sensor's numbers are and in which unit, and `HwmonMeter` turns them into
 * joules. The channels come from `listHwmonChannels` (generic
 * /sys/class/hwmon devices: energy counters such as amd_energy, power meters
 * such as ACPI power_meter) and from ina3221-rails.ts (Jetson INA3221 rails,
 * both the hwmon and the older IIO layout).
 *
 * Units, per sysfs-interface.rst: energy[N]_input µJ, power[N]_input and
 * power[N]_average µW, in[N]_input mV, curr[N]_input mA; the L4T IIO driver's
 * in_power[N]_input is mW (see ina3221-rails.ts).
 *
 * Where only power is available the meter integrates it by the trapezoid
 * rule between consecutive read() calls (power-integrator.ts): the joules
 * are exact for power that varies linearly between reads, and otherwise
 * only as accurate as the reads are frequent.
 */
import type { Meter } from '../meter.js';
import { MeterError } from '../meter.js';
import { PowerIntegrator } from './power-integrator.js';
import type { NowS, SysfsReader } from './sysfs-reader.js';
import { listDirOrEmpty, monotonicNowS, nodeSysfsReader, readIntegerAttribute, readOptionalText } from './sysfs-reader.js';

export const HWMON_ROOT = '/sys/class/hwmon';

/** Where a channel's reading lives. */
export type PowerChannelSource =
  /** A cumulative energy counter in µJ (hwmon energy[N]_input). */
  | { kind: 'energy-counter'; energyUjPath: string }
  /** Instantaneous power in `wattsPerUnit` (1e-6 for hwmon µW, 1e-3 for the L4T IIO mW). */
  | { kind: 'power'; powerPath: string; wattsPerUnit: number }
  /** Bus voltage (mV) and current (mA) of one shunt channel: power = V × I. */
  | { kind: 'voltage-current'; voltageMvPath: string; currentMaPath: string };

export interface PowerChannel {
  /** The meter name, e.g. "ina3221:VDD_IN" or "hwmon:amd_energy/Esocket0". */
  meterName: string;
  scope: 'rail' | 'board' | 'package';
  source: PowerChannelSource;
}

export interface HwmonOptions {
  fs?: SysfsReader;
  now?: NowS;
}

/**
 * Which scope a hwmon device's channels have, by its driver name: amd_energy
 * counts per-socket and per-core CPU energy (Documentation/hwmon/amd_energy.rst);
 * ACPI power_meter measures the whole system (Documentation/hwmon/acpi_power_meter.rst).
 */
function scopeOfHwmonDevice(deviceName: string): PowerChannel['scope'] {
  if (deviceName === 'amd_energy') return 'package';
  if (deviceName === 'power_meter') return 'board';
  return 'rail';
}

/**
 * Energy and power channels of /sys/class/hwmon devices, energy counters
 * preferred over power for the same index. Only energy[N]_* and power[N]_*
 * attributes count: voltage and current channels of general hwmon chips do
 * not pair up by index. So INA3221 devices, which publish only in/curr
 * (ina3221.rst), are not listed here; ina3221-rails.ts reads them through
 * their I2C driver with their rail labels, and nothing is listed twice.
 */
export function listHwmonChannels(options: HwmonOptions = {}): PowerChannel[] {
  const fs = options.fs ?? nodeSysfsReader();
  const channels: PowerChannel[] = [];
  for (const device of listDirOrEmpty(fs, HWMON_ROOT).filter((d) => /^hwmon\d+$/.test(d))) {
    const dir = `${HWMON_ROOT}/${device}`;
    const deviceName = readOptionalText(fs, `${dir}/name`) ?? device;
    const files = new Set(listDirOrEmpty(fs, dir));
    const indices = new Set<number>();
    for (const file of files) {
      const match = /^(?:energy|power)(\d+)_(?:input|average)$/.exec(file);
      if (match !== null) indices.add(Number(match[1]));
    }
    for (const index of [...indices].sort((a, b) => a - b)) {
      const label = readOptionalText(fs, `${dir}/energy${index}_label`) ?? readOptionalText(fs, `${dir}/power${index}_label`) ?? `${index}`;
      const meterName = `hwmon:${deviceName}/${label}`;
      const scope = scopeOfHwmonDevice(deviceName);
      const powerFile = files.has(`power${index}_input`) ? `power${index}_input` : `power${index}_average`;
      const source: PowerChannelSource = files.has(`energy${index}_input`)
        ? { kind: 'energy-counter', energyUjPath: `${dir}/energy${index}_input` }
        : { kind: 'power', powerPath: `${dir}/${powerFile}`, wattsPerUnit: 1e-6 };
      channels.push({ meterName, scope, source });
    }
  }
  return channels;
}

/** Joules of one hwmon/INA3221 channel since it was opened: counter deltas, or integrated power. */
export class HwmonMeter implements Meter {
  readonly estimate = false;
  readonly name: string;
  readonly scope: PowerChannel['scope'];
  private readonly fs: SysfsReader;
  private readonly readJoules: () => number;
  private closed = false;

  /** Opens `channel` and takes the first sample: throws a `MeterError` when it cannot be read. */
  constructor(channel: PowerChannel, options: HwmonOptions = {}) {
    this.fs = options.fs ?? nodeSysfsReader();
    this.name = channel.meterName;
    this.scope = channel.scope;
    const source = channel.source;
    if (source.kind === 'energy-counter') {
      this.readJoules = this.counterJoules(source.energyUjPath);
    } else {
      const now = options.now ?? monotonicNowS;
      const readPowerW = this.powerReader(source);
      const integrator = new PowerIntegrator(now(), readPowerW());
      this.readJoules = () => integrator.sample(now(), readPowerW());
    }
  }

  read(): number {
    if (this.closed) throw new Error(`${this.name}: read after close`);
    return this.readJoules();
  }

  close(): void {
    this.closed = true;
  }

  /** Reads the counter once now (the origin) and returns a reader of joules since then. */
  private counterJoules(energyUjPath: string): () => number {
    let lastCounterUj = this.readInteger(energyUjPath);
    let totalUj = 0;
    return () => {
      const counterUj = this.readInteger(energyUjPath);
      if (counterUj < lastCounterUj) {
        // sysfs-interface.rst defines energy[N]_input as cumulative; a drop
        // means the driver was reloaded or the counter wrapped at a width it
        // does not publish, and the energy in between cannot be recovered.
        throw new MeterError(this.name, energyUjPath, `energy counter went backwards from ${lastCounterUj} to ${counterUj} µJ (driver reloaded?)`);
      }
      totalUj += counterUj - lastCounterUj;
      lastCounterUj = counterUj;
      return totalUj * 1e-6;
    };
  }

  private powerReader(source: Exclude<PowerChannelSource, { kind: 'energy-counter' }>): () => number {
    switch (source.kind) {
      case 'power':
        return () => this.readInteger(source.powerPath) * source.wattsPerUnit;
      case 'voltage-current':
        return () => this.readInteger(source.voltageMvPath) * 1e-3 * (this.readInteger(source.currentMaPath) * 1e-3);
      default:
        return source satisfies never;
    }
  }

  private readInteger(path: string): number {
    return readIntegerAttribute(this.fs, this.name, path, { permissionHint: 'run as a user allowed to read this hwmon attribute (root, or grant access with a udev rule)' });
  }
}
