/**
 * The supply rails of NVIDIA Jetson boards, measured by TI INA3221
 * three-channel shunt monitors on I2C, in the two layouts Jetson Linux has
 * shipped (both read by `HwmonMeter`):
 *
 * - JetPack 5 and later (L4T r34+), the mainline hwmon driver
 *   (Documentation/hwmon/ina3221.rst):
 *     /sys/bus/i2c/drivers/ina3221/<bus>-<addr>/hwmon/hwmon<N>/
 *       in[123]_label  the rail, e.g. VDD_IN, VDD_CPU_GPU_CV, VDD_SOC
 *       in[123]_input  bus voltage, mV
 *       curr[123]_input  current, mA
 *       in[123]_enable   0 for a disabled channel (optional)
 *   power = voltage × current: the driver computes no power.
 *
 * - JetPack 4 (L4T r32: Nano, TX1/TX2, Xavier), NVIDIA's IIO driver
 *   (drivers/staging/iio/meter/ina3221.c in the L4T kernel tree):
 *     /sys/bus/i2c/drivers/ina3221x/<bus>-<addr>/iio:device<N>/
 *       rail_name_[012]          e.g. POM_5V_IN, POM_5V_GPU, POM_5V_CPU (Nano, 6-0040)
 *       in_voltage[012]_input    mV
 *       in_current[012]_input    mA
 *       in_power[012]_input      mW
 *
 * Rail names per board are tabulated, from the L4T device trees and the
 * Jetson developer guide's "Power Monitor" sections, in energymon's
 * jetson/JetsonPowerRails.md (github.com/energymon/energymon). jetson-stats
 * (github.com/rbonghi/jetson_stats, jtop/core/power.py) reads the same
 * attributes in both layouts, skips channels labelled "NC" (not connected,
 * Orin; NVIDIA Jetson Linux Developer Guide r34.1, "Jetson Orin NX Series and
 * Jetson AGX Orin Series", power monitor table) and takes VDD_IN or
 * POM_5V_IN as the board total.
 */
import type { PowerChannel } from './hwmon-meter.js';
import type { SysfsReader } from './sysfs-reader.js';
import { listDirOrEmpty, nodeSysfsReader, readOptionalText } from './sysfs-reader.js';

export const INA3221_HWMON_DRIVER_ROOT = '/sys/bus/i2c/drivers/ina3221';
export const INA3221_IIO_DRIVER_ROOT = '/sys/bus/i2c/drivers/ina3221x';

/** I2C device directories are "<bus>-<4 hex digit address>", e.g. 1-0040; the driver folder also holds bind/unbind/uevent. */
const I2C_DEVICE = /^\d+-[0-9a-f]{4}$/;

/**
 * Rails that carry the whole module's input, so their joules are the
 * board's: VDD_IN (Xavier NX, Orin Nano/NX) and POM_5V_IN (Nano), per
 * JetsonPowerRails.md and jtop's total_power(). Every other rail is a part
 * of it.
 */
const BOARD_INPUT_RAILS = new Set(['VDD_IN', 'POM_5V_IN']);

export function scopeOfRail(label: string): 'board' | 'rail' {
  return BOARD_INPUT_RAILS.has(label.toUpperCase()) ? 'board' : 'rail';
}

/** A channel wired to nothing: Orin boards label them "NC". */
function isNotConnected(label: string): boolean {
  return /^NC$/i.test(label);
}

export interface Ina3221Options {
  fs?: SysfsReader;
}

/** The INA3221 rails present in either layout, in sysfs order; [] when neither driver is bound. */
export function listIna3221Rails(options: Ina3221Options = {}): PowerChannel[] {
  const fs = options.fs ?? nodeSysfsReader();
  return [...hwmonLayoutRails(fs), ...iioLayoutRails(fs)];
}

function hwmonLayoutRails(fs: SysfsReader): PowerChannel[] {
  const rails: PowerChannel[] = [];
  for (const device of listDirOrEmpty(fs, INA3221_HWMON_DRIVER_ROOT).filter((d) => I2C_DEVICE.test(d))) {
    const hwmonRoot = `${INA3221_HWMON_DRIVER_ROOT}/${device}/hwmon`;
    for (const hwmon of listDirOrEmpty(fs, hwmonRoot).filter((h) => /^hwmon\d+$/.test(h))) {
      const dir = `${hwmonRoot}/${hwmon}`;
      // Channels 1-3 are the shunt channels; in4-in7 and curr4 are shunt
      // voltages and sums (ina3221.rst), not rails.
      for (const channel of [1, 2, 3]) {
        if (!fs.exists(`${dir}/curr${channel}_input`) || !fs.exists(`${dir}/in${channel}_input`)) continue;
        if (readOptionalText(fs, `${dir}/in${channel}_enable`) === '0') continue;
        const label = readOptionalText(fs, `${dir}/in${channel}_label`) ?? `${device}/in${channel}`;
        if (isNotConnected(label)) continue;
        rails.push({
          meterName: `ina3221:${label}`,
          scope: scopeOfRail(label),
          source: { kind: 'voltage-current', voltageMvPath: `${dir}/in${channel}_input`, currentMaPath: `${dir}/curr${channel}_input` },
        });
      }
    }
  }
  return rails;
}

function iioLayoutRails(fs: SysfsReader): PowerChannel[] {
  const rails: PowerChannel[] = [];
  for (const device of listDirOrEmpty(fs, INA3221_IIO_DRIVER_ROOT).filter((d) => I2C_DEVICE.test(d))) {
    const deviceDir = `${INA3221_IIO_DRIVER_ROOT}/${device}`;
    for (const iio of listDirOrEmpty(fs, deviceDir).filter((e) => /^iio:device\d+$/.test(e))) {
      const dir = `${deviceDir}/${iio}`;
      for (const channel of [0, 1, 2]) {
        const label = readOptionalText(fs, `${dir}/rail_name_${channel}`);
        if (label === undefined || isNotConnected(label)) continue;
        const powerPath = `${dir}/in_power${channel}_input`;
        // The driver's own power (mW) is preferred: it multiplies the same
        // conversion's voltage and current, where two separate reads of
        // in_voltage and in_current may straddle a conversion.
        const source: PowerChannel['source'] = fs.exists(powerPath)
          ? { kind: 'power', powerPath, wattsPerUnit: 1e-3 }
          : { kind: 'voltage-current', voltageMvPath: `${dir}/in_voltage${channel}_input`, currentMaPath: `${dir}/in_current${channel}_input` };
        rails.push({ meterName: `ina3221:${label}`, scope: scopeOfRail(label), source });
      }
    }
  }
  return rails;
}
