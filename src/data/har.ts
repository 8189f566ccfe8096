/**
 * Reader for the STM32 human-activity dataset (STMicroelectronics AIS team,
 * BSD-3-Clause; recorded with an LSM6DSL on a B-L475E-IOT01A board; see the
 * dataset's README.md). Layout:
 *
 *   <dir>/<class>/<class>_NN_26Hz_4g_mg.csv
 *
 * with classes running, stationary and walking. Each CSV has no header and
 * one 3-axis reading per line, `x, y, z` in milli-g, e.g. ` -276,   -85,  -309`;
 * some files end lines with CRLF. Windowing, the split and normalisation live
 * in har-dataset.ts; this file only turns files into recordings.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** Class names in label order (label = index). Alphabetical, as the folders list. */
export const harClasses = ['running', 'stationary', 'walking'] as const;
export type HarClass = (typeof harClasses)[number];

/** Sampling rate stated in the dataset README ("Sampling rate: 26 Hz"), used when a file name does not carry one. */
export const harDefaultSampleRateHz = 26;

export interface HarRecording {
  /** Path relative to the dataset folder, `<class>/<name>.csv` (forward slashes). */
  file: string;
  /** Index of `className` in `harClasses`. */
  label: number;
  className: HarClass;
  /** Row-major `[T, 3]` (x, y, z), in milli-g as recorded. */
  samples: Float32Array;
  /** From the file name's `_<rate>Hz_` part, else the README's 26 Hz. */
  sampleRateHz: number;
}

/**
 * Read every recording under `dir`, ordered by class then file name. Throws,
 * naming the path, when the folder or a class folder is missing, a class
 * folder holds no .csv file, an unknown folder sits beside the class folders
 * (it would otherwise be silently left out), or a line is malformed.
 */
export function readHarRecordings(dir: string): HarRecording[] {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    throw new Error(`har: dataset folder ${dir} not found (expected class folders ${harClasses.join(', ')})`);
  }
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.isDirectory() && !(harClasses as readonly string[]).includes(entry.name)) {
      throw new Error(`har: unexpected folder ${join(dir, entry.name)}; expected only the class folders ${harClasses.join(', ')}`);
    }
  }
  const recordings: HarRecording[] = [];
  harClasses.forEach((className, label) => {
    const classDir = join(dir, className);
    if (!existsSync(classDir) || !statSync(classDir).isDirectory()) {
      throw new Error(`har: class folder ${classDir} not found (expected class folders ${harClasses.join(', ')} in ${dir})`);
    }
    const names = readdirSync(classDir)
      .filter((name) => name.toLowerCase().endsWith('.csv'))
      .sort();
    if (names.length === 0) throw new Error(`har: class folder ${classDir} contains no .csv recordings`);
    for (const name of names) {
      const path = join(classDir, name);
      recordings.push({
        file: `${className}/${name}`,
        label,
        className,
        samples: parseHarCsv(readFileSync(path, 'utf8'), path),
        sampleRateHz: sampleRateFromName(name),
      });
    }
  });
  return recordings;
}

const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/**
 * Parse one recording's text into `[T, 3]` milli-g values. `source` names the
 * file in errors. Blank lines are accepted only at the end of the file.
 */
export function parseHarCsv(text: string, source: string): Float32Array {
  const lines = text.split(/\r?\n/);
  let count = lines.length;
  while (count > 0 && lines[count - 1]!.trim() === '') count--;
  const out = new Float32Array(count * 3);
  for (let i = 0; i < count; i++) {
    const line = lines[i]!;
    const cells = line.split(',');
    if (cells.length !== 3) throw malformed(source, i, line);
    for (let axis = 0; axis < 3; axis++) {
      const cell = cells[axis]!.trim();
      if (!NUMBER.test(cell)) throw malformed(source, i, line);
      out[i * 3 + axis] = Number(cell);
    }
  }
  return out;
}

function malformed(source: string, index: number, line: string): Error {
  return new Error(`har: ${source} line ${index + 1}: expected 3 numeric columns "x, y, z" (milli-g), got ${JSON.stringify(line)}`);
}

function sampleRateFromName(name: string): number {
  const match = /_(\d+(?:\.\d+)?)Hz(?:_|\.)/i.exec(name);
  return match ? Number(match[1]) : harDefaultSampleRateHz;
}
