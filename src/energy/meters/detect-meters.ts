/**
 * Finds the energy meters this machine offers, in order: RAPL (CPU
 * package/DRAM), INA3221 rails (Jetson) and other hwmon power/energy
 * sensors, battery fuel gauges, NVIDIA GPUs through nvidia-smi. Each
 * candidate is opened and read once, so a root-only or broken source is
 * caught here rather than mid-run. Nothing missing is an error: every source
 * that is absent or unusable leaves a log line saying why, and when no real
 * meter works the caller's model meter is returned with a line saying its
 * joules are an estimate.
 *
 * Meters can overlap (a rail is part of the board input; RAPL dram is
 * separate from its package but psys contains both): summing them is the
 * caller's decision, made with `scope` and `name`.
 */
import type { Meter } from '../meter.js';
import type { PowerChannel } from './hwmon-meter.js';
import { HWMON_ROOT, HwmonMeter, listHwmonChannels } from './hwmon-meter.js';
import { INA3221_HWMON_DRIVER_ROOT, INA3221_IIO_DRIVER_ROOT, listIna3221Rails } from './ina3221-rails.js';
import type { ExecCommand } from './nvml-meter.js';
import { listNvidiaGpus, NvmlMeter } from './nvml-meter.js';
import { listBatteries, POWER_SUPPLY_ROOT, PowerSupplyMeter } from './power-supply-meter.js';
import { listRaplZones, POWERCAP_ROOT, RaplMeter } from './rapl-meter.js';
import type { NowS, SysfsReader } from './sysfs-reader.js';
import { nodeSysfsReader } from './sysfs-reader.js';

export interface DetectMetersOptions {
  /** Returned, alone, when no real meter works: normally a `ModelMeter` of the device profile. */
  fallback: Meter;
  fs?: SysfsReader;
  now?: NowS;
  exec?: ExecCommand;
  /**
   * Also open RAPL core/uncore subzones. Off by default: they are parts of
   * their package zone (powercap.rst's example tree), so listing them
   * invites double counting. dram subzones are always opened.
   */
  includeRaplPackageParts?: boolean;
}

export interface DetectedMeters {
  meters: Meter[];
  /** One line per source tried: what was opened, or why not. */
  log: string[];
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export function detectMeters(options: DetectMetersOptions): DetectedMeters {
  const fs = options.fs ?? nodeSysfsReader();
  const now = options.now;
  const meters: Meter[] = [];
  const log: string[] = [];

  /** Opens a meter and reads it once; logs and drops it when either fails. */
  const tryOpen = (label: string, open: () => Meter): void => {
    try {
      const meter = open();
      meter.read();
      meters.push(meter);
      log.push(`${meter.name}: measured (scope ${meter.scope})`);
    } catch (error) {
      log.push(`${label}: unavailable: ${describe(error)}`);
    }
  };

  // 1. RAPL (rapl-meter.ts).
  if (!fs.exists(POWERCAP_ROOT)) {
    log.push(`rapl: ${POWERCAP_ROOT} is missing (no powercap framework: not Linux, or a kernel without CONFIG_POWERCAP)`);
  } else {
    const zones = listRaplZones({ fs });
    if (zones.length === 0) log.push(`rapl: no intel-rapl zones under ${POWERCAP_ROOT} (the intel_rapl_msr module is not loaded, or the CPU has no RAPL)`);
    for (const zone of zones) {
      const isPackagePart = zone.parentDomain !== undefined && zone.domain !== 'dram';
      if (isPackagePart && options.includeRaplPackageParts !== true) {
        log.push(`${zone.meterName}: skipped (part of rapl:${zone.parentDomain}; set includeRaplPackageParts to open it)`);
        continue;
      }
      tryOpen(zone.meterName, () => new RaplMeter(zone, { fs }));
    }
  }

  // 2. INA3221 rails (ina3221-rails.ts), then other hwmon sensors (hwmon-meter.ts).
  const openChannels = (channels: PowerChannel[]): void => {
    for (const channel of channels) tryOpen(channel.meterName, () => new HwmonMeter(channel, { fs, now }));
  };
  if (!fs.exists(INA3221_HWMON_DRIVER_ROOT) && !fs.exists(INA3221_IIO_DRIVER_ROOT)) {
    log.push(`ina3221: neither ${INA3221_HWMON_DRIVER_ROOT} (JetPack 5+) nor ${INA3221_IIO_DRIVER_ROOT} (JetPack 4) exists (not a Jetson, or the driver is not bound)`);
  } else {
    const rails = listIna3221Rails({ fs });
    if (rails.length === 0) log.push('ina3221: the driver is bound but exposes no rails with voltage and current');
    openChannels(rails);
  }
  const hwmonChannels = listHwmonChannels({ fs });
  if (hwmonChannels.length === 0) log.push(`hwmon: no energy or power sensors under ${HWMON_ROOT}`);
  openChannels(hwmonChannels);

  // 3. Battery fuel gauges (power-supply-meter.ts).
  const batteries = listBatteries({ fs });
  if (batteries.length === 0) log.push(`power_supply: no battery under ${POWER_SUPPLY_ROOT}`);
  for (const battery of batteries) tryOpen(`battery:${battery.slice(battery.lastIndexOf('/') + 1)}`, () => new PowerSupplyMeter(battery, { fs, now }));

  // 4. NVIDIA GPUs (nvml-meter.ts); a missing nvidia-smi is logged like a missing path.
  try {
    const gpus = listNvidiaGpus({ exec: options.exec });
    if (gpus.length === 0) log.push('nvml: nvidia-smi lists no GPU');
    for (const gpu of gpus) tryOpen(`nvml:gpu${gpu.index}`, () => new NvmlMeter(gpu.index, { exec: options.exec, now }));
  } catch (error) {
    log.push(`nvml: unavailable: ${describe(error)}`);
  }

  if (meters.length === 0) {
    log.push(
      `using ${options.fallback.name}: an ESTIMATE from the energy model, not a measurement, because no real meter could be opened (reasons above)`,
    );
    return { meters: [options.fallback], log };
  }
  return { meters, log };
}
