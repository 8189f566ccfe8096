/**
 * Reading Linux sysfs attributes for the meters: one small interface so the
 * meters run against the real /sys in production and against a fake tree in
 * tests (a temporary directory through `nodeSysfsReader(root)`, or
 * `MemorySysfs`). Every failure becomes a `MeterError` naming the attribute,
 * because "the file vanished" (a hot-unplugged sensor, an unloaded driver)
 * and "the file is root-only" need different actions from the user.
 *
 * Sysfs attributes hold one value as text, usually an integer in a unit
 * fixed by the subsystem's ABI (Documentation/ABI/testing/sysfs-class-*,
 * Documentation/hwmon/sysfs-interface.rst); the meters convert to SI at once.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { MeterError } from '../meter.js';

/** The three file operations the meters need. Paths are absolute sysfs paths ("/sys/class/..."). */
export interface SysfsReader {
  /** The attribute's text; throws a Node-style error with `code` ENOENT/EACCES/... on failure. */
  readText(path: string): string;
  exists(path: string): boolean;
  /** Entry names (not paths) of a directory; throws when it is missing. */
  listDir(path: string): string[];
}

/** Seconds on a monotonic clock. */
export type NowS = () => number;

/** Default clock: `performance.now()` is monotonic (it never steps back with NTP), unlike `Date.now()`. */
export const monotonicNowS: NowS = () => performance.now() / 1000;

/**
 * The real file system. `root` prefixes every path, so a fake tree written
 * under a temporary directory is read with the same absolute sysfs paths as
 * the real one (and error messages name the sysfs path, not the temp dir).
 */
export function nodeSysfsReader(root = ''): SysfsReader {
  const at = (path: string): string => root + path;
  return {
    readText: (path) => readFileSync(at(path), 'utf8'),
    exists: (path) => existsSync(at(path)),
    listDir: (path) => readdirSync(at(path)).sort(),
  };
}

/** The Node error code of a thrown value (`ENOENT`, `EACCES`...), if any. */
export function errorCode(error: unknown): string | undefined {
  if (typeof error === 'object' && error !== null && 'code' in error) {
    const code = (error as { code: unknown }).code;
    return typeof code === 'string' ? code : undefined;
  }
  return undefined;
}

export interface ReadAttributeOptions {
  /** Appended to the "permission denied" message: how to get read access to this attribute. */
  permissionHint?: string;
}

/** Reads one attribute as trimmed text; every failure becomes a `MeterError` naming `path`. */
export function readAttribute(fs: SysfsReader, meter: string, path: string, options: ReadAttributeOptions = {}): string {
  try {
    return fs.readText(path).trim();
  } catch (error) {
    const code = errorCode(error);
    if (code === 'ENOENT' || code === 'ENODEV' || code === 'ENXIO') {
      throw new MeterError(meter, path, `missing (${code}): the sensor or its driver has gone (unplugged, or the kernel module unloaded)`, { cause: error });
    }
    if (code === 'EACCES' || code === 'EPERM') {
      const hint = options.permissionHint === undefined ? '' : `; ${options.permissionHint}`;
      throw new MeterError(meter, path, `permission denied (${code})${hint}`, { cause: error });
    }
    throw new MeterError(meter, path, `cannot be read: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
}

/**
 * Reads an integer attribute. Sysfs counters fit a double exactly: RAPL's
 * largest range, max_energy_range_uj, is about 2.6e11 µJ, far below 2^53.
 */
export function readIntegerAttribute(fs: SysfsReader, meter: string, path: string, options: ReadAttributeOptions = {}): number {
  const text = readAttribute(fs, meter, path, options);
  if (!/^[+-]?\d+$/.test(text)) throw new MeterError(meter, path, `expected an integer, got ${JSON.stringify(text)}`);
  return Number(text);
}

/** Directory entries, or [] when the directory is missing or unreadable (probing, not measuring). */
export function listDirOrEmpty(fs: SysfsReader, path: string): string[] {
  try {
    return fs.listDir(path);
  } catch {
    return [];
  }
}

/** Reads an optional text attribute: undefined when absent or unreadable (labels, names). */
export function readOptionalText(fs: SysfsReader, path: string): string | undefined {
  try {
    return fs.readText(path).trim();
  } catch {
    return undefined;
  }
}
