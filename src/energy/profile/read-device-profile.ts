/**
 * Loading device profiles: the built-in ones in the repository's devices/
 * folder, or any profile file a user points at, under the rules of every
 * cited data file (../cited-data-file.ts): validation names the file and
 * the field; an unknown device name lists the known ones; a coefficient
 * without a citation in `sources` is refused, like a negative one.
 */
import { fileURLToPath } from 'node:url';
import { builtinDataIds, loadCitedData, parseCitedData, readCitedDataFile, type CitedDataKind } from '../cited-data-file.js';
import { deviceProfileSchema, type DeviceProfile } from './device-profile.js';

/** devices/ at the repository (or installed package) root, from dist/src/energy/profile/. */
export const BUILTIN_DEVICES_DIR = fileURLToPath(new URL('../../../../devices/', import.meta.url));

const DEVICE: CitedDataKind<DeviceProfile> = {
  what: 'device',
  schema: deviceProfileSchema,
  // Identifiers, and results that cite their own source.
  uncitedSubtrees: new Set(['format', 'version', 'published', 'calibration', 'sources', 'power.opPoints']),
  builtinDir: BUILTIN_DEVICES_DIR,
  sourceHint: 'datasheet, paper or result file',
};

/** Checks an in-memory profile; `source` names it in errors. */
export function parseDeviceProfile(json: unknown, source: string): DeviceProfile {
  return parseCitedData(DEVICE, json, source);
}

export function readDeviceProfileFile(path: string): DeviceProfile {
  return readCitedDataFile(DEVICE, path);
}

/** Ids of the built-in profiles, sorted. */
export function builtinDeviceIds(dir = BUILTIN_DEVICES_DIR): string[] {
  return builtinDataIds(dir);
}

/** A built-in device by id, or a profile file by path (anything ending in .json). */
export function loadDeviceProfile(nameOrPath: string, dir = BUILTIN_DEVICES_DIR): DeviceProfile {
  return loadCitedData(DEVICE, nameOrPath, dir);
}
