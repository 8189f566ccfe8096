/**
 * Where tests find the shared real data ($EDGEWATT_DATA, else ../shared/data
 * from the working directory), and the skip reason when a folder is absent:
 * tests on real data must skip, not fail, on a machine without it.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

export function sharedDataPath(...parts: string[]): string {
  return resolve(process.env['EDGEWATT_DATA'] ?? resolve(process.cwd(), '..', 'shared', 'data'), ...parts);
}

/** `false` when the folder exists, else a skip reason naming it (for `test(name, { skip }, fn)`). */
export function skipUnlessShared(...parts: string[]): false | string {
  const path = sharedDataPath(...parts);
  return existsSync(path) ? false : `shared data not found at ${path} (set EDGEWATT_DATA to run this test)`;
}
