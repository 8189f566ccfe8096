/**
 * Reading and writing a ladder folder: `ladder.json` plus the variant files
 * it names. Reading validates the JSON against the schema and every file's
 * presence and SHA-256, so the runtime never starts on a half-copied ladder;
 * writing is atomic (temp file + rename), the manifest last, so a ladder
 * folder is either complete or still shows the previous manifest.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
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
    manifest.variants.forEach((v, i) => {
      const p = join(dir, v.file);
      if (!existsSync(p)) throw new FileFormatError(file, `variants.${i}.file`, `names ${v.file}, which is missing from ${dir}`);
      const got = sha256Hex(readFileSync(p));
      if (got !== v.sha256) throw new FileFormatError(file, `variants.${i}.sha256`, `${v.file} has SHA-256 ${got}, the manifest says ${v.sha256}: the file changed after the ladder was built`);
    });
  }
  return { dir, manifest };
}

/** Validates and writes `<dir>/ladder.json` atomically; the variant files must already be in `dir`. */
export function writeLadderManifest(dir: string, manifest: LadderManifest): string {
  const checked = parseLadderManifest(manifest, join(dir, LADDER_MANIFEST_FILE));
  const file = join(dir, LADDER_MANIFEST_FILE);
  writeFileAtomicSync(file, JSON.stringify(checked, null, 2) + '\n');
  return file;
}
