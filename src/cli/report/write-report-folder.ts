/**
 * Writes a command's report folder (`edgewatt detect`, `edgewatt
 * generate`): its files — charts, data — then result.json, last, so once
 * result.json exists every file of the run does too.
 *
 * Everything is rendered before anything is written (result.json is
 * serialised up front, and the caller hands finished file contents), so a
 * value JSON cannot hold or a bad file name fails with the folder
 * untouched. Every file goes through io/atomic-write (temp file in the same
 * folder, fsync, rename): a failed write leaves that file as it was and
 * removes its temp file, never a half-written file. Files of earlier runs
 * with other names are left in place.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '../../io/atomic-write.js';

/** One file of the folder: a plain name (no folder part) and its text. */
export interface ReportFile {
  readonly file: string;
  readonly content: string;
}

export interface WrittenReportFolder {
  dir: string;
  resultPath: string;
  /** The files written before result.json, in the order given, joined onto `dir`. */
  paths: string[];
}

const RESULT = 'result.json';

export async function writeReportFolder(dir: string, files: readonly ReportFile[], result: unknown): Promise<WrittenReportFolder> {
  const seen = new Set<string>();
  for (const [i, f] of files.entries()) {
    if (typeof f.file !== 'string' || !/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(f.file)) throw new RangeError(`writeReportFolder: files[${i}].file must be a plain file name (letters, digits, '.', '_', '-'), got ${JSON.stringify(f.file)}`);
    if (f.file === RESULT || seen.has(f.file)) throw new RangeError(`writeReportFolder: files[${i}].file "${f.file}" is ${f.file === RESULT ? 'the result file\'s name' : 'given twice'}`);
    if (typeof f.content !== 'string') throw new TypeError(`writeReportFolder: files[${i}].content (${f.file}) must be a string`);
    seen.add(f.file);
  }
  let json: string | undefined;
  try {
    json = JSON.stringify(result, null, 2);
  } catch (e) {
    throw new TypeError(`writeReportFolder: the result cannot be written as JSON: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
  }
  if (json === undefined) throw new TypeError(`writeReportFolder: the result has no JSON form (got ${typeof result})`);
  await mkdir(dir, { recursive: true });
  const paths: string[] = [];
  for (const f of files) {
    const path = join(dir, f.file);
    await writeFileAtomic(path, f.content);
    paths.push(path);
  }
  const resultPath = join(dir, RESULT);
  await writeFileAtomic(resultPath, json + '\n');
  return { dir, resultPath, paths };
}
