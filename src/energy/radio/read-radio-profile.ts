/**
 * Loading radio profiles: the built-in ones in the repository's radios/
 * folder, or any profile file a user points at, under the same rules as
 * device profiles (../cited-data-file.ts): validation names the file and
 * the field, an unknown radio name lists the known ones, and a number
 * without a citation in `sources` is refused like a negative one.
 */
import { fileURLToPath } from 'node:url';
import { builtinDataIds, loadCitedData, parseCitedData, readCitedDataFile, type CitedDataKind } from '../cited-data-file.js';
import { radioProfileSchema, type RadioProfile } from './radio-profile.js';

/** radios/ at the repository (or installed package) root, from dist/src/energy/radio/. */
export const BUILTIN_RADIOS_DIR = fileURLToPath(new URL('../../../../radios/', import.meta.url));

const RADIO: CitedDataKind<RadioProfile> = {
  what: 'radio',
  schema: radioProfileSchema,
  uncitedSubtrees: new Set(['format', 'version', 'sources']),
  builtinDir: BUILTIN_RADIOS_DIR,
  sourceHint: 'datasheet, specification clause or measurement',
};

/** Checks an in-memory profile; `source` names it in errors. */
export function parseRadioProfile(json: unknown, source: string): RadioProfile {
  return parseCitedData(RADIO, json, source);
}

export function readRadioProfileFile(path: string): RadioProfile {
  return readCitedDataFile(RADIO, path);
}

/** Ids of the built-in radio profiles, sorted. */
export function builtinRadioIds(dir = BUILTIN_RADIOS_DIR): string[] {
  return builtinDataIds(dir);
}

/** A built-in radio by id, or a profile file by path (anything ending in .json). */
export function loadRadioProfile(nameOrPath: string, dir = BUILTIN_RADIOS_DIR): RadioProfile {
  return loadCitedData(RADIO, nameOrPath, dir);
}
