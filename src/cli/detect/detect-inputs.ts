/**
 * What `edgewatt detect <stream>` will read, decided from the file names
 * before any work: a WFDB header (`.hea`) is an ECG record scored beat by
 * beat against the reference annotations beside it (`<record>.atr`, as
 * MIT-BIH ships them); a CSV is a NAB-style stream scored against labelled
 * anomaly windows (NAB's `combined_windows.json`, by default the one in the
 * stream's folder, as the NAB corpus lays it out).
 *
 * A CSV without labels is refused rather than run unscored: the NAB task
 * trains each fold on the readings outside the labelled windows and reports
 * a point-wise ROC-AUC, which is undefined without a single labelled reading
 * (generative/metrics/roc.ts refuses one-class labels), so an unlabelled
 * run would fail only after the training it wasted.
 */
import { existsSync, statSync } from 'node:fs';
import { basename, dirname, extname, join, resolve } from 'node:path';

export type DetectInputs =
  | { readonly kind: 'ecg'; readonly header: string; readonly annotations: string }
  | { readonly kind: 'nab'; readonly csv: string; readonly labels: string };

export interface DetectInputOptions {
  /** --labels: the NAB label file; default `combined_windows.json` beside the CSV. */
  labels?: string;
  /** --repair: only CSV streams have gaps or repeated timestamps to repair. */
  repair?: boolean;
  /**
   * --ladder: accepted for both kinds (an ECG record's detector is saved as
   * trained; a CSV stream gets one more detector, trained on its leading
   * stretch, since its cross-fitted models are none of them the detector a
   * device would run). Kept so callers pass every option through one place.
   */
  ladder?: boolean;
}

export function resolveDetectInputs(streamArg: string, o: DetectInputOptions = {}): DetectInputs {
  const stream = resolve(streamArg);
  if (!existsSync(stream)) throw new Error(`stream file ${stream} not found`);
  if (!statSync(stream).isFile()) throw new Error(`stream ${stream} is a folder; give one recording (a .csv file or a WFDB header .hea)`);
  const ext = extname(stream).toLowerCase();
  if (ext === '.hea') {
    if (o.labels !== undefined) throw new Error(`option --labels applies to CSV streams; the ECG record ${basename(stream)} is scored against its annotation file (.atr)`);
    if (o.repair) throw new Error(`option --repair applies to CSV streams (gaps, repeated timestamps); a WFDB record's invalid samples leave their beats out instead`);
    const annotations = `${stream.slice(0, -ext.length)}.atr`;
    if (!existsSync(annotations)) throw new Error(`${annotations} not found: the ECG task scores beats against the record's reference annotations, which must sit beside ${basename(stream)}`);
    return { kind: 'ecg', header: stream, annotations };
  }
  if (ext === '.dat' || ext === '.atr') throw new Error(`${stream}: give the WFDB record's header (${basename(stream, ext)}.hea), not its ${ext} file`);
  if (ext !== '.csv' && ext !== '.txt') throw new Error(`${stream}: unknown stream format "${ext}"; expected a CSV with a timestamp column (.csv) or a WFDB header (.hea)`);
  if (o.labels !== undefined) {
    const labels = resolve(o.labels);
    if (!existsSync(labels)) throw new Error(`option --labels: ${labels} not found`);
    return { kind: 'nab', csv: stream, labels };
  }
  const labels = join(dirname(stream), 'combined_windows.json');
  if (!existsSync(labels)) {
    throw new Error(`${labels} not found: detections on ${basename(stream)} need labelled anomaly windows to be scored (a NAB combined_windows.json naming this file); give one with --labels <file>`);
  }
  return { kind: 'nab', csv: stream, labels };
}
