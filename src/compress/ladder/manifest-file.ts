/**
 * Reading and writing a ladder folder: `ladder.json` plus the variant files
 * it names. Reading validates the JSON against the schema and every file's
 * presence and SHA-256 (and a nested master's size), so the runtime never
 * starts on a half-copied ladder; writing is atomic (temp file + rename),
 * the manifest last, so a ladder folder is either complete or still shows
 * the previous manifest.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { writeFileAtomicSync } from '../../io/atomic-write.js';
import { FileFormatError } from '../../io/file-format-error.js';
import { schemaError } from '../../io/schema-error.js';
import { ladderManifestSchema, type LadderManifest } from './manifest.js';

export const LADDER_MANIFEST_FILE = 'ladder.json';

export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

export interface ReadLadderOptions {
  /** Check each variant file's hash (default true; reading every file costs its size in I/O). */
  verifyFiles?: boolean;
}

/** Parses and checks an in-memory manifest; `source` names it in errors. */
export function parseLadderManifest(json: unknown, source: string): LadderManifest {
  const r = ladderManifestSchema.safeParse(json);
  if (r.success) return r.data;
  throw schemaError(source, r.error);
}

/** Reads `<dir>/ladder.json` (or a path to the JSON itself) and checks the files it names. */
export function readLadder(path: string, options: ReadLadderOptions = {}): { dir: string; manifest: LadderManifest } {
  const file = path.endsWith('.json') ? resolve(path) : join(resolve(path), LADDER_MANIFEST_FILE);
  const dir = resolve(file, '..');
  if (!existsSync(file)) throw new Error(`${file}: no ladder manifest here; build one with \`edgewatt compress\``);
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new FileFormatError(file, '(root)', `not valid JSON: ${(e as Error).message}`);
  }
  const manifest = parseLadderManifest(json, file);
  if (options.verifyFiles ?? true) {
    manifest.variants.forEach((v, i) => verifyFile(file, dir, `variants.${i}`, v));
    // A master's size is checked first: it is read whole, and a wrong size needs no hashing to be told.
    manifest.nestedMasters?.forEach((n, i) => verifyFile(file, dir, `nestedMasters.${i}`, n, n.fileBytes));
  }
  return { dir, manifest };
}

/** The file named at `field` of the manifest exists (with `bytes` when given) and has the recorded SHA-256. */
function verifyFile(manifestFile: string, dir: string, field: string, entry: { file: string; sha256: string }, bytes?: number): void {
  const p = join(dir, entry.file);
  if (!existsSync(p)) throw new FileFormatError(manifestFile, `${field}.file`, `names ${entry.file}, which is missing from ${dir}`);
  if (bytes !== undefined) {
    const size = statSync(p).size;
    if (size !== bytes) throw new FileFormatError(manifestFile, `${field}.fileBytes`, `${entry.file} is ${size} bytes, the manifest says ${bytes}: the file changed after the ladder was built (truncated copy?)`);
  }
  const got = sha256Hex(readFileSync(p));
  if (got !== entry.sha256) throw new FileFormatError(manifestFile, `${field}.sha256`, `${entry.file} has SHA-256 ${got}, the manifest says ${entry.sha256}: the file changed after the ladder was built`);
}

/** Validates and writes `<dir>/ladder.json` atomically; the variant files must already be in `dir`. */
export function writeLadderManifest(dir: string, manifest: LadderManifest): string {
  const checked = parseLadderManifest(manifest, join(dir, LADDER_MANIFEST_FILE));
  const file = join(dir, LADDER_MANIFEST_FILE);
  writeFileAtomicSync(file, JSON.stringify(checked, null, 2) + '\n');
  return file;
}
