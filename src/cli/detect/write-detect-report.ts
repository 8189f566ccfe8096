/**
 * Writes a detection run to its folder:
 *
 *   <dir>/score-<precision>.svg   the score timeline of each precision
 *   <dir>/result.json             metrics, detections, windows, training
 *
 * Every file goes through io/atomic-write (temp file, fsync, rename), so
 * each is either as it was or complete; result.json goes last, so once it
 * exists every chart of the run does too. The charts were rendered before
 * this is called, so a rendering failure touches nothing.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic, writeJsonAtomic } from '../../io/atomic-write.js';
import type { DetectOutcome } from './detect-summary.js';

export interface WrittenDetectReport {
  dir: string;
  resultPath: string;
  chartPaths: string[];
}

export async function writeDetectReport(outcome: DetectOutcome, dir: string): Promise<WrittenDetectReport> {
  await mkdir(dir, { recursive: true });
  const chartPaths: string[] = [];
  for (const c of outcome.charts) {
    const path = join(dir, c.file);
    await writeFileAtomic(path, c.svg);
    chartPaths.push(path);
  }
  const resultPath = join(dir, 'result.json');
  await writeJsonAtomic(resultPath, outcome.result);
  return { dir, resultPath, chartPaths };
}
