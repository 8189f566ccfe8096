/**
 * The rules every model data file of the energy model follows (device
 * profiles in devices/, radio profiles in radios/): validated by a zod
 * schema with errors naming the file and the field; every number is a
 * coefficient that must cite its source in the file's `sources` map (an
 * entry for its dotted path or any prefix of it), except in subtrees that
 * hold identifiers or results citing themselves; a built-in file is named
 * by its id; an unknown name lists the known ones.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { z } from 'zod';
import { FileFormatError } from '../io/file-format-error.js';
import { schemaError } from '../io/schema-error.js';

export interface CitedDataKind<T extends { id: string; sources: Readonly<Record<string, string>> }> {
  /** 'device', 'radio': names the kind in messages. */
  readonly what: string;
  readonly schema: z.ZodType<T, z.ZodTypeDef, unknown>;
  /** Dotted paths whose numbers are not coefficients. */
  readonly uncitedSubtrees: ReadonlySet<string>;
  /** Where the built-in files live. */
  readonly builtinDir: string;
  /** What a source may be, for the error: "datasheet, paper or result file". */
  readonly sourceHint: string;
}

/** Dotted paths of every numeric leaf, skipping the given subtrees. */
function numericLeaves(value: unknown, skip: ReadonlySet<string>, path: string[] = [], out: string[] = []): string[] {
  if (skip.has(path.join('.'))) return out;
  if (typeof value === 'number') out.push(path.join('.'));
  else if (Array.isArray(value)) value.forEach((v, i) => numericLeaves(v, skip, [...path, String(i)], out));
  else if (value !== null && typeof value === 'object') for (const [k, v] of Object.entries(value)) numericLeaves(v, skip, [...path, k], out);
  return out;
}

/** A source for `path` is an entry for it or for any prefix of it ("engines.tflm" covers "engines.tflm.cyclesPerOutput"). */
function isCited(path: string, sources: Readonly<Record<string, string>>): boolean {
  const parts = path.split('.');
  for (let n = parts.length; n > 0; n--) if (parts.slice(0, n).join('.') in sources) return true;
  return false;
}

/** Checks an in-memory file's content; `source` names it in errors. */
export function parseCitedData<T extends { id: string; sources: Readonly<Record<string, string>> }>(kind: CitedDataKind<T>, json: unknown, source: string): T {
  const r = kind.schema.safeParse(json);
  if (!r.success) throw schemaError(source, r.error);
  const uncited = numericLeaves(json, kind.uncitedSubtrees).filter((p) => !isCited(p, r.data.sources));
  if (uncited.length > 0) {
    throw new FileFormatError(source, uncited[0]!, `has no source: add a "sources" entry for it (${kind.sourceHint})${uncited.length > 1 ? `; ${uncited.length - 1} more uncited: ${uncited.slice(1, 4).join(', ')}${uncited.length > 4 ? ', ...' : ''}` : ''}`);
  }
  return r.data;
}

export function readCitedDataFile<T extends { id: string; sources: Readonly<Record<string, string>> }>(kind: CitedDataKind<T>, path: string): T {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    if (err.code === 'ENOENT') throw new Error(`${path}: no such ${kind.what} profile file`);
    throw new FileFormatError(path, '(root)', `not valid JSON: ${err.message}`);
  }
  const data = parseCitedData(kind, json, path);
  const stem = basename(path).replace(/\.json$/, '');
  if (data.id !== stem && path.startsWith(kind.builtinDir)) throw new FileFormatError(path, 'id', `is "${data.id}" but the built-in file is named ${stem}.json`);
  return data;
}

/** Ids of the built-in files in `dir`, sorted. */
export function builtinDataIds(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).filter((f) => f.endsWith('.json')).map((f) => f.slice(0, -'.json'.length)).sort();
}

/** A built-in file by id, or a file by path (anything ending in .json). */
export function loadCitedData<T extends { id: string; sources: Readonly<Record<string, string>> }>(kind: CitedDataKind<T>, nameOrPath: string, dir = kind.builtinDir): T {
  if (nameOrPath.endsWith('.json')) return readCitedDataFile(kind, nameOrPath);
  const known = builtinDataIds(dir);
  if (!known.includes(nameOrPath)) {
    throw new RangeError(`unknown ${kind.what} "${nameOrPath}"; known ${kind.what}s: ${known.join(', ')} (or give a profile file ending in .json)`);
  }
  return readCitedDataFile(kind, join(dir, `${nameOrPath}.json`));
}
