/**
 * A ladder's nested any-precision master, served in place: the ladder is
 * read (readLadder checks the master file's size and SHA-256 with every
 * other file), the master's integer-model file is loaded
 * (compress/integer/model-file: no float model, no calibration data), and
 * it becomes a NestedExecutor whose variants are its widths, each with the
 * quality measured on its rung of the ladder. A switch between widths is
 * then `setBits` — no session to open, no weights to read.
 */
import { join } from 'node:path';
import { loadQuantizedModel } from '../compress/integer/model-file/model-file.js';
import type { QuantizedModel } from '../compress/integer/quantized-model.js';
import { LADDER_MANIFEST_FILE, readLadder } from '../compress/ladder/manifest-file.js';
import type { LadderManifest, LadderNestedMaster } from '../compress/ladder/manifest.js';
import { FileFormatError } from '../io/file-format-error.js';
import type { WallClockS } from './executor.js';
import { NestedExecutor } from './nested-executor.js';

export interface OpenNestedMasterOptions {
  /** Which master, by its id in `nestedMasters`; default the ladder's only one. */
  master?: string;
  /** Check every file's SHA-256 when reading the ladder (default true). */
  verifyFiles?: boolean;
  /** Times switches; default the host's performance.now() in seconds. */
  wallClockS?: WallClockS;
}

export interface OpenedNestedMaster {
  readonly executor: NestedExecutor;
  /** The loaded model, for summaries and size accounts; the executor switches its width. */
  readonly model: QuantizedModel;
  readonly master: LadderNestedMaster;
  readonly manifest: LadderManifest;
}

/** The master `id` names, or the only one; errors name the manifest and what it has. */
export function findNestedMaster(manifest: LadderManifest, manifestFile: string, id?: string): { master: LadderNestedMaster; index: number } {
  const masters = manifest.nestedMasters ?? [];
  const list = masters.map((n) => `"${n.id}"`).join(', ');
  if (masters.length === 0) {
    throw new RangeError(`${manifestFile}: this ladder has no nested master (no nestedMasters entry); build one with the 'nested' quantize mode`);
  }
  if (id === undefined) {
    if (masters.length > 1) throw new RangeError(`${manifestFile}: the ladder has ${masters.length} nested masters (${list}); say which with options.master`);
    return { master: masters[0]!, index: 0 };
  }
  const index = masters.findIndex((n) => n.id === id);
  if (index < 0) throw new RangeError(`${manifestFile}: no nested master "${id}"; the ladder has ${list}`);
  return { master: masters[index]!, index };
}

/** Measured quality per width: the nested rungs of the ladder that name this master. */
export function nestedMasterQuality(manifest: LadderManifest, masterId: string): Map<number, number> {
  const quality = new Map<number, number>();
  for (const v of manifest.variants) {
    if (v.kind === 'nested' && v.nestedMaster === masterId && v.nestedBits !== undefined && v.quality !== null) quality.set(v.nestedBits, v.quality.value);
  }
  return quality;
}

/**
 * Loads the nested master of the ladder at `path` (its folder or its
 * ladder.json) and checks that the file is the one the manifest describes:
 * the same widths, and the manifest's input shape.
 */
export async function openNestedMasterWithModel(path: string, options: OpenNestedMasterOptions = {}): Promise<OpenedNestedMaster> {
  const { dir, manifest } = readLadder(path, { verifyFiles: options.verifyFiles ?? true });
  const manifestFile = join(dir, LADDER_MANIFEST_FILE);
  const { master, index } = findNestedMaster(manifest, manifestFile, options.master);
  const file = join(dir, master.file);
  const model = await loadQuantizedModel(file);
  try {
    const widths = model.info.precision?.widths ?? null;
    if (widths === null || widths.length !== master.widths.length || widths.some((b, i) => b !== master.widths[i])) {
      throw new FileFormatError(manifestFile, `nestedMasters.${index}.widths`, `are ${master.widths.join(', ')}, but ${master.file} ${widths === null ? 'is a plain integer model (no widths)' : `holds widths ${widths.join(', ')}`}`);
    }
    const want = manifest.model.inputShape;
    const got = model.info.inputShape;
    if (got.length !== want.length || got.some((d, i) => d !== want[i])) {
      throw new FileFormatError(manifestFile, 'model.inputShape', `is [${want.join(', ')}], but nested master ${master.file} takes [${got.join(', ')}]`);
    }
    const executor = new NestedExecutor(model, { quality: nestedMasterQuality(manifest, master.id), ...(options.wallClockS !== undefined ? { wallClockS: options.wallClockS } : {}) });
    return { executor, model, master, manifest };
  } catch (err) {
    model.dispose();
    throw err;
  }
}

/** The ladder's nested master as a NestedExecutor ("nested-int8", "nested-int4", ...). */
export async function openNestedMaster(path: string, options: OpenNestedMasterOptions = {}): Promise<NestedExecutor> {
  return (await openNestedMasterWithModel(path, options)).executor;
}
