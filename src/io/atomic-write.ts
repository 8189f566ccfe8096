/**
 * Crash-safe file replacement: a reader sees either the old file or the
 * complete new one, never a half-written mix.
 *
 * The recipe is the POSIX one: write a temporary file in the *same directory*
 * (rename(2) is atomic only within one file system), fsync it so its bytes are
 * on disk before its name is, rename it over the target, then fsync the
 * directory so the rename itself survives a power cut. See rename(2) in
 * POSIX.1-2017 ("the rename shall be atomic") and the ext4 discussion in
 * LWN, "Ensuring data reaches disk" (Jeff Moyer, 2011), on why the data must
 * be synced before the rename.
 */
import { randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { open, rename, rm, type FileHandle } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/**
 * What can be written: bytes, a string (stored as UTF-8), or a sequence of
 * byte chunks — the last lets large files (checkpoints) be streamed without
 * first concatenating them into one buffer. If iterating throws, the write is
 * abandoned like any other failure.
 */
export type AtomicWriteData = Uint8Array | string | Iterable<Uint8Array>;

/**
 * Replaces `path` with `data` atomically. On failure the temporary file is
 * removed, the previous content of `path` (if any) is untouched, and the error
 * is rethrown with `path` in its message and the original as `cause`.
 */
export async function writeFileAtomic(path: string, data: AtomicWriteData): Promise<void> {
  const dir = dirname(path);
  // pid + 48 random bits: unique across concurrent writers in this process and others.
  const temp = join(dir, `.${basename(path)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  let handle: FileHandle | undefined;
  let created = false;
  try {
    // 'wx' fails instead of truncating if the name is somehow taken, so we
    // never destroy a file we did not create.
    handle = await open(temp, 'wx');
    created = true;
    for (const chunk of chunksOf(data)) await writeAll(handle, chunk);
    await handle.sync();
    await handle.close();
    handle = undefined;
    await rename(temp, path);
  } catch (err) {
    if (handle !== undefined) await handle.close().catch(() => undefined);
    if (created) await rm(temp, { force: true }).catch(() => undefined);
    throw new Error(`writeFileAtomic: could not write ${path}: ${describe(err)}`, { cause: err });
  }
  await syncDirectory(dir);
}

/**
 * Writes `value` as pretty-printed JSON (2-space indent, trailing newline)
 * through {@link writeFileAtomic}. Values JSON cannot represent (undefined, a
 * function, a BigInt, a cycle) are rejected before anything touches the disk.
 */
export async function writeJsonAtomic(path: string, value: unknown): Promise<void> {
  let text: string | undefined;
  try {
    text = JSON.stringify(value, null, 2);
  } catch (err) {
    throw new TypeError(`writeJsonAtomic: cannot serialise the value for ${path}: ${describe(err)}`, { cause: err });
  }
  if (text === undefined) {
    throw new TypeError(`writeJsonAtomic: the value for ${path} has no JSON form (got ${typeof value})`);
  }
  await writeFileAtomic(path, text + '\n');
}

/**
 * The synchronous twin of {@link writeFileAtomic}, for generators and caches
 * that run inside synchronous code (synthetic dataset writers, decoded-tensor
 * caches). Same recipe: temp file in the same directory, fsync, rename.
 */
export function writeFileAtomicSync(path: string, data: AtomicWriteData): void {
  const temp = join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  let fd: number | undefined;
  try {
    fd = openSync(temp, 'wx');
    for (const chunk of chunksOf(data)) {
      let offset = 0;
      while (offset < chunk.byteLength) offset += writeSync(fd, chunk, offset, chunk.byteLength - offset);
    }
    fsyncSync(fd);
    closeSync(fd);
    fd = undefined;
    renameSync(temp, path);
  } catch (err) {
    if (fd !== undefined) closeSync(fd);
    rmSync(temp, { force: true });
    throw new Error(`writeFileAtomicSync: could not write ${path}: ${describe(err)}`, { cause: err });
  }
}

function* chunksOf(data: AtomicWriteData): Iterable<Uint8Array> {
  if (typeof data === 'string') yield Buffer.from(data, 'utf8');
  else if (data instanceof Uint8Array) yield data;
  else yield* data;
}

/** FileHandle.write may write fewer bytes than asked; loop until the chunk is out. */
async function writeAll(handle: FileHandle, chunk: Uint8Array): Promise<void> {
  let offset = 0;
  while (offset < chunk.byteLength) {
    const { bytesWritten } = await handle.write(chunk, offset, chunk.byteLength - offset);
    offset += bytesWritten;
  }
}

/**
 * Makes the rename durable. Best effort: the file's bytes are already synced,
 * and some platforms (Windows) cannot open a directory for fsync at all, so a
 * failure here must not report the write — which did happen — as failed.
 */
async function syncDirectory(dir: string): Promise<void> {
  let handle: FileHandle | undefined;
  try {
    handle = await open(dir, 'r');
    await handle.sync();
  } catch {
    // see above: nothing useful to do
  } finally {
    await handle?.close().catch(() => undefined);
  }
}

function describe(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
