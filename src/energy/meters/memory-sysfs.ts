/**
 * An in-memory sysfs tree: the fake for meter tests and device simulations
 * (a "Jetson" whose rails the simulator drives). Files are set by absolute
 * path; directories exist implicitly when a file lies under them. A file can
 * be made unreadable with a Node-style error code to play "root-only" or
 * "device gone" without root or real hardware.
 */
import type { SysfsReader } from './sysfs-reader.js';

function nodeError(code: string, syscall: string, path: string): Error {
  const message = code === 'ENOENT' ? 'no such file or directory' : code === 'EACCES' ? 'permission denied' : code;
  return Object.assign(new Error(`${code}: ${message}, ${syscall} '${path}'`), { code, syscall, path });
}

export class MemorySysfs implements SysfsReader {
  private readonly files = new Map<string, string>();
  private readonly denied = new Map<string, string>();

  /** Writes a file, as the kernel would show it (a trailing newline is added like sysfs does). */
  set(path: string, value: string | number): this {
    this.files.set(path, `${value}\n`);
    return this;
  }

  /** Sets several files under one directory: `setAll('/sys/x', { name: 'a', energy_uj: 1 })`. */
  setAll(directory: string, values: Record<string, string | number>): this {
    for (const [name, value] of Object.entries(values)) this.set(`${directory}/${name}`, value);
    return this;
  }

  /** Removes a file, or a whole directory when `path` is one. */
  delete(path: string): this {
    for (const key of [...this.files.keys()]) if (key === path || key.startsWith(`${path}/`)) this.files.delete(key);
    return this;
  }

  /** Makes reads of `path` fail with `code` (default EACCES: a root-only attribute). */
  deny(path: string, code = 'EACCES'): this {
    this.denied.set(path, code);
    return this;
  }

  readText(path: string): string {
    const deniedCode = this.denied.get(path);
    if (deniedCode !== undefined) throw nodeError(deniedCode, 'open', path);
    const text = this.files.get(path);
    if (text === undefined) throw nodeError('ENOENT', 'open', path);
    return text;
  }

  exists(path: string): boolean {
    if (this.files.has(path)) return true;
    const prefix = `${path}/`;
    for (const key of this.files.keys()) if (key.startsWith(prefix)) return true;
    return false;
  }

  listDir(path: string): string[] {
    const prefix = `${path}/`;
    const names = new Set<string>();
    for (const key of this.files.keys()) if (key.startsWith(prefix)) names.add(key.slice(prefix.length).split('/')[0]!);
    if (names.size === 0) throw nodeError('ENOENT', 'scandir', path);
    return [...names].sort();
  }
}
