/**
 * CPU package and DRAM energy from RAPL through the Linux powercap framework
 * (Documentation/power/powercap/powercap.rst). Each power zone is a
 * directory /sys/class/powercap/intel-rapl:N, with subzones
 * intel-rapl:N:M, holding:
 *   name                 the domain: package-0, core, uncore, dram, psys
 *   energy_uj            a free-running energy counter, µJ
 *   max_energy_range_uj  the counter's range, µJ: it wraps to 0 past it
 * AMD Zen processors (Linux ≥ 5.8) register their package and core RAPL
 * domains with the same intel_rapl driver, so the same layout and names
 * appear there. (The older AMD hwmon driver amd_energy shows energyN_input
 * counters instead: hwmon-meter.ts reads those.)
 *
 * core and uncore are parts of their package (powercap.rst's example tree
 * nests them under package-0), and psys covers the whole SoC: summing zones
 * counts energy twice. The scope is 'package' for every zone; the meter name
 * says which domain it is.
 */
import type { Meter } from '../meter.js';
import { MeterError } from '../meter.js';
import type { SysfsReader } from './sysfs-reader.js';
import { listDirOrEmpty, nodeSysfsReader, readIntegerAttribute, readOptionalText } from './sysfs-reader.js';

export const POWERCAP_ROOT = '/sys/class/powercap';

/** Zone directory names: intel-rapl:0 (a top zone) and intel-rapl:0:1 (its subzone). */
const RAPL_ZONE_NAME = /^intel-rapl:(\d+)(?::(\d+))?$/;

/** One RAPL power zone found under /sys/class/powercap. */
export interface RaplZone {
  /** The zone directory, e.g. "/sys/class/powercap/intel-rapl:0:2". */
  path: string;
  /** Its `name` attribute: package-0, core, uncore, dram, psys. */
  domain: string;
  /** The parent zone's domain for a subzone ("package-0" for intel-rapl:0:2). */
  parentDomain?: string;
  /** The meter name: "rapl:package-0", or "rapl:package-0/dram" for a subzone. */
  meterName: string;
}

export interface RaplOptions {
  fs?: SysfsReader;
}

/** The RAPL zones present, top zones before their subzones; [] when powercap or RAPL is absent. */
export function listRaplZones(options: RaplOptions = {}): RaplZone[] {
  const fs = options.fs ?? nodeSysfsReader();
  const entries = listDirOrEmpty(fs, POWERCAP_ROOT)
    .map((entry) => ({ entry, match: RAPL_ZONE_NAME.exec(entry) }))
    .filter((e): e is { entry: string; match: RegExpExecArray } => e.match !== null)
    .sort((a, b) => Number(a.match[1]) - Number(b.match[1]) || Number(a.match[2] ?? -1) - Number(b.match[2] ?? -1));
  const domainOf = (entry: string): string => readOptionalText(fs, `${POWERCAP_ROOT}/${entry}/name`) ?? entry;
  return entries.map(({ entry, match }) => {
    const domain = domainOf(entry);
    if (match[2] === undefined) return { path: `${POWERCAP_ROOT}/${entry}`, domain, meterName: `rapl:${domain}` };
    const parentDomain = domainOf(`intel-rapl:${match[1]}`);
    return { path: `${POWERCAP_ROOT}/${entry}`, domain, parentDomain, meterName: `rapl:${parentDomain}/${domain}` };
  });
}

/**
 * Why energy_uj is root-only and what to do. Linux 5.10 (commit "powercap:
 * restrict energy meter to root access", backported to the stable kernels)
 * made it mode 0400 after the PLATYPUS power side channel, CVE-2020-8694.
 */
export const RAPL_PERMISSION_HINT =
  'since Linux 5.10 energy_uj is readable by root only (CVE-2020-8694, the PLATYPUS power side channel). ' +
  'Run as root, or, where that side channel is acceptable, grant read access: `sudo chmod a+r /sys/class/powercap/intel-rapl:*/energy_uj` ' +
  '(until reboot) or at every boot with a systemd-tmpfiles line `z /sys/class/powercap/intel-rapl:*/energy_uj 0444 - - -` or an equivalent udev rule';

/** Joules of one RAPL zone since it was opened, across counter wrap-arounds. */
export class RaplMeter implements Meter {
  readonly scope = 'package' as const;
  readonly estimate = false;
  readonly name: string;
  private readonly fs: SysfsReader;
  private readonly energyPath: string;
  private readonly rangeUj: number;
  private lastCounterUj: number;
  private totalUj = 0;
  private closed = false;

  /** Opens `zone` and reads its counter once: throws a `MeterError` when it is root-only or gone. */
  constructor(zone: RaplZone, options: RaplOptions = {}) {
    this.fs = options.fs ?? nodeSysfsReader();
    this.name = zone.meterName;
    this.energyPath = `${zone.path}/energy_uj`;
    const rangePath = `${zone.path}/max_energy_range_uj`;
    this.rangeUj = readIntegerAttribute(this.fs, this.name, rangePath, { permissionHint: RAPL_PERMISSION_HINT });
    if (!(this.rangeUj > 0)) throw new MeterError(this.name, rangePath, `the counter range must be positive, got ${this.rangeUj} µJ`);
    this.lastCounterUj = this.readCounterUj();
  }

  read(): number {
    if (this.closed) throw new Error(`${this.name}: read after close`);
    const counterUj = this.readCounterUj();
    let deltaUj = counterUj - this.lastCounterUj;
    // The counter wrapped past max_energy_range_uj back to 0 since the last
    // read (powercap.rst: "max_energy_range_uj: range of the above energy
    // counter"). At most one wrap is detectable: read more often than the
    // range lasts: a 32-bit counter in 2^-14 J units (a common RAPL energy
    // status unit, Intel SDM vol. 3B, MSR_RAPL_POWER_UNIT) spans 262,144 J,
    // about 44 min at 100 W.
    if (deltaUj < 0) deltaUj += this.rangeUj;
    this.lastCounterUj = counterUj;
    this.totalUj += deltaUj;
    return this.totalUj * 1e-6;
  }

  close(): void {
    this.closed = true;
  }

  private readCounterUj(): number {
    const counterUj = readIntegerAttribute(this.fs, this.name, this.energyPath, { permissionHint: RAPL_PERMISSION_HINT });
    if (counterUj < 0 || counterUj > this.rangeUj) {
      throw new MeterError(this.name, this.energyPath, `counter ${counterUj} µJ is outside its range [0, ${this.rangeUj}] µJ`);
    }
    return counterUj;
  }
}
