/**
 * Loading device profiles: the built-in ones in the repository's devices/
 * folder, or any profile file a user points at. Validation names the file
 * and the field; an unknown device name lists the known ones; a coefficient
 * without a citation in `sources` is refused, like a negative one.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FileFormatError } from '../../io/file-format-error.js';
import { schemaError } from '../../io/schema-error.js';
import { deviceProfileSchema, type DeviceProfile } from './device-profile.js';

/** devices/ at the repository (or installed package) root, from dist/src/energy/profile/. */
export const BUILTIN_DEVICES_DIR = fileURLToPath(new URL('../../../../devices/', import.meta.url));

/** Parts of a profile whose numbers are not coefficients (identifiers, or results citing their own source). */
const UNCITED_SUBTREES = new Set(['format', 'version', 'published', 'calibration', 'sources', 'power.opPoints']);

/** Dotted paths of every numeric leaf, skipping the subtrees above. */
function numericLeaves(value: unknown, path: string[] = [], out: string[] = []): string[] {
  if (UNCITED_SUBTREES.has(path.join('.'))) return out;
  if (typeof value === 'number') out.push(path.join('.'));
  else if (Array.isArray(value)) value.forEach((v, i) => numericLeaves(v, [...path, String(i)], out));
  else if (value !== null && typeof value === 'object') for (const [k, v] of Object.entries(value)) numericLeaves(v, [...path, k], out);
  return out;
}

/** A source for `path` is an entry for it or for any prefix of it ("engines.tflm" covers "engines.tflm.cyclesPerOutput"). */
function isCited(path: string, sources: Readonly<Record<string, string>>): boolean {
  const parts = path.split('.');
  for (let n = parts.length; n > 0; n--) if (parts.slice(0, n).join('.') in sources) return true;
  return false;
}

/** Checks an in-memory profile; `source` names it in errors. */
export function parseDeviceProfile(json: unknown, source: string): DeviceProfile {
  const r = deviceProfileSchema.safeParse(json);
  if (!r.success) throw schemaError(source, r.error);
  const uncited = numericLeaves(json).filter((p) => !isCited(p, r.data.sources));
  if (uncited.length > 0) {
    throw new FileFormatError(source, uncited[0]!, `has no source: add a "sources" entry for it (datasheet, paper or result file)${uncited.length > 1 ? `; ${uncited.length - 1} more uncited: ${uncited.slice(1, 4).join(', ')}${uncited.length > 4 ? ', ...' : ''}` : ''}`);
  }
  return r.data;
}

export function readDeviceProfileFile(path: string): DeviceProfile {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    if (err.code === 'ENOENT') throw new Error(`${path}: no such device profile file`);
    throw new FileFormatError(path, '(root)', `not valid JSON: ${err.message}`);
  }
  const profile = parseDeviceProfile(json, path);
  const stem = basename(path).replace(/\.json$/, '');
  if (profile.id !== stem && path.startsWith(BUILTIN_DEVICES_DIR)) throw new FileFormatError(path, 'id', `is "${profile.id}" but the built-in file is named ${stem}.json`);
  return profile;
}

/** Ids of the built-in profiles, sorted. */
export function builtinDeviceIds(dir = BUILTIN_DEVICES_DIR): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).filter((f) => f.endsWith('.json')).map((f) => f.slice(0, -'.json'.length)).sort();
}

/** A built-in device by id, or a profile file by path (anything ending in .json). */
export function loadDeviceProfile(nameOrPath: string, dir = BUILTIN_DEVICES_DIR): DeviceProfile {
  if (nameOrPath.endsWith('.json')) return readDeviceProfileFile(nameOrPath);
  const known = builtinDeviceIds(dir);
  if (!known.includes(nameOrPath)) {
    throw new RangeError(`unknown device "${nameOrPath}"; known devices: ${known.join(', ')} (or give a profile file ending in .json)`);
  }
  return readDeviceProfileFile(join(dir, `${nameOrPath}.json`));
}
