/**
 * Writes a detection run to its folder (report/write-report-folder.ts):
 *
 *   <dir>/score-<precision>.svg   the score timeline of each precision
 *   <dir>/result.json             metrics, detections, windows, training
 *
 * Every file is written atomically and result.json goes last, so once it
 * exists every chart of the run does too. The charts were rendered before
 * this is called, so a rendering failure touches nothing.
 */
import { writeReportFolder } from '../report/write-report-folder.js';
import type { DetectOutcome } from './detect-summary.js';

export interface WrittenDetectReport {
  dir: string;
  resultPath: string;
  chartPaths: string[];
}

export async function writeDetectReport(outcome: DetectOutcome, dir: string): Promise<WrittenDetectReport> {
  const written = await writeReportFolder(dir, outcome.charts.map((c) => ({ file: c.file, content: c.svg })), outcome.result);
  return { dir: written.dir, resultPath: written.resultPath, chartPaths: written.paths };
}
