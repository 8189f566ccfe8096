/** The built-in radio profiles as raw JSON, for tests that change a field and parse the copy. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BUILTIN_RADIOS_DIR, parseRadioProfile, type RadioProfile } from '../../../src/energy/radio/index.js';

export const BLE = 'nrf52840-ble-1m';
export const WIFI = 'esp32-wifi-ht20';
export const LORA = 'sx1276-lora-eu868';

/** A fresh, mutable copy of a built-in profile's JSON. */
export function radioJson(id: string): Record<string, any> {
  return JSON.parse(readFileSync(join(BUILTIN_RADIOS_DIR, `${id}.json`), 'utf8')) as Record<string, any>;
}

/** A built-in profile with some fields changed by `edit`, checked like a file. */
export function editedRadio(id: string, edit: (json: Record<string, any>) => void): RadioProfile {
  const json = radioJson(id);
  edit(json);
  return parseRadioProfile(json, `${id}.json (edited)`);
}
