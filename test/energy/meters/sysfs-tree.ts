/**
 * Fake sysfs trees for the meter tests: files written under a temporary
 * directory and read back through `nodeSysfsReader(root)` with their real
 * sysfs paths, so the meters' real-file code path runs; plus a settable
 * clock. Removed by `dispose()`.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { SysfsReader } from '../../../src/energy/meters/index.js';
import { nodeSysfsReader } from '../../../src/energy/meters/index.js';

export class TempSysfsTree {
  readonly root = mkdtempSync(join(tmpdir(), 'edgewatt-sysfs-'));
  readonly reader: SysfsReader = nodeSysfsReader(this.root);

  /** Writes `value` at the sysfs path `path` (e.g. "/sys/class/powercap/intel-rapl:0/energy_uj"). */
  set(path: string, value: string | number): this {
    const file = this.root + path;
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, `${value}\n`);
    return this;
  }

  setAll(directory: string, values: Record<string, string | number>): this {
    for (const [name, value] of Object.entries(values)) this.set(`${directory}/${name}`, value);
    return this;
  }

  /** Deletes a file or a directory: a sensor unplugged mid-run. */
  remove(path: string): this {
    rmSync(this.root + path, { recursive: true, force: true });
    return this;
  }

  dispose(): void {
    rmSync(this.root, { recursive: true, force: true });
  }
}

/** A clock the test moves by hand, seconds. */
export class ManualClock {
  constructor(public timeS = 0) {}
  readonly now = (): number => this.timeS;
  advance(dtS: number): void {
    this.timeS += dtS;
  }
}
