/** Where the shared real data sets are looked for: $EDGEWATT_DATA, else ../shared/data from the working directory. */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

export function sharedDataDir(): string {
  return resolve(process.env['EDGEWATT_DATA'] ?? resolve(process.cwd(), '..', 'shared', 'data'));
}

export function requireDir(path: string, what: string, hint: string): string {
  if (!existsSync(path)) throw new Error(`${what} not found at ${path}; ${hint}`);
  return path;
}
