/**
 * The Tiny-ImageNet-200 folder layout (Le & Yang 2015, "Tiny ImageNet Visual
 * Recognition Challenge", CS231N; distributed as tiny-imagenet-200.zip from
 * http://cs231n.stanford.edu/tiny-imagenet-200.zip):
 *
 *   wnids.txt                      one WordNet id per line: the classes, label = line index
 *   words.txt                      wnid<TAB>comma-separated words, for far more wnids than 200
 *   train/<wnid>/images/*.JPEG     64 x 64 images of that class
 *   val/images/*.JPEG              64 x 64 images
 *   val/val_annotations.txt        file<TAB>wnid<TAB>x0<TAB>y0<TAB>x1<TAB>y1 (bounding box, pixels)
 *
 * This file turns the text files into class lists and a split into an
 * ordered list of (image file, label); decoding is in tiny-imagenet.ts.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { FileFormatError } from '../io/file-format-error.js';

export type TinyImageNetSplit = 'train' | 'val';

export interface TinyImageNetEntry {
  /** Path relative to the dataset folder, forward slashes, e.g. `train/n01443537/images/n01443537_0.JPEG`. */
  file: string;
  /** Index into the selected classes (wnids.txt order). */
  label: number;
}

export interface ValAnnotation {
  file: string;
  wnid: string;
  /** Bounding box [x0, y0, x1, y1] in pixels, as written. */
  box: [number, number, number, number];
  /** 1-based line in val_annotations.txt. */
  line: number;
}

/** Parse wnids.txt: one id per line, no blanks in between, no duplicates; trailing blank lines allowed. */
export function parseWnids(text: string, file: string): string[] {
  const lines = contentLines(text);
  const seen = new Map<string, number>();
  lines.forEach((raw, i) => {
    const wnid = raw.trim();
    if (wnid === '' || /\s/.test(wnid)) {
      throw new FileFormatError(file, 'wnid', `expected one WordNet id (e.g. n01443537) per line, got ${JSON.stringify(raw)}`, i + 1, 'line');
    }
    const first = seen.get(wnid);
    if (first !== undefined) throw new FileFormatError(file, 'wnid', `duplicate id ${wnid}, first listed on line ${first}`, i + 1, 'line');
    seen.set(wnid, i + 1);
  });
  if (lines.length === 0) throw new FileFormatError(file, 'wnid', 'no class ids; expected one WordNet id per line');
  return lines.map((l) => l.trim());
}

/** Parse words.txt into wnid -> words. Every non-blank line must be `wnid<TAB>words`. */
export function parseWords(text: string, file: string): Map<string, string> {
  const words = new Map<string, string>();
  contentLines(text).forEach((line, i) => {
    const tab = line.indexOf('\t');
    const wnid = tab < 0 ? '' : line.slice(0, tab).trim();
    if (wnid === '') throw new FileFormatError(file, 'entry', `expected "wnid<TAB>words", got ${JSON.stringify(line)}`, i + 1, 'line');
    if (words.has(wnid)) throw new FileFormatError(file, 'wnid', `duplicate entry for ${wnid}`, i + 1, 'line');
    words.set(wnid, line.slice(tab + 1).trim());
  });
  return words;
}

const INTEGER = /^-?\d+$/;

/** Parse val_annotations.txt: six tab-separated fields per line, a bare file name and integer box corners. */
export function parseValAnnotations(text: string, file: string): ValAnnotation[] {
  return contentLines(text).map((line, i) => {
    const fields = line.split('\t').map((f) => f.trim());
    const fail = (field: string, problem: string) => new FileFormatError(file, field, problem, i + 1, 'line');
    if (fields.length !== 6) throw fail('entry', `expected 6 tab-separated fields "file, wnid, x0, y0, x1, y1", got ${fields.length}: ${JSON.stringify(line)}`);
    const [name, wnid, ...corners] = fields as [string, string, string, string, string, string];
    // A bare name: "../" or a sub-folder would read outside val/images.
    if (name === '' || name === '.' || name === '..' || /[/\\]/.test(name)) throw fail('file', `expected a file name inside val/images, got ${JSON.stringify(name)}`);
    if (wnid === '') throw fail('wnid', 'empty WordNet id');
    corners.forEach((c, k) => {
      if (!INTEGER.test(c)) throw fail(['x0', 'y0', 'x1', 'y1'][k]!, `expected an integer pixel coordinate, got ${JSON.stringify(c)}`);
    });
    const box = corners.map(Number) as [number, number, number, number];
    return { file: name, wnid, box, line: i + 1 };
  });
}

export interface SplitSelection {
  /** Class ids to keep (in wnids.txt order whatever order they are given in), or the first N classes. Default all. */
  classes?: readonly string[] | number;
  /** Keep at most this many images per class: the first in natural file order (train) or annotation order (val). */
  limitPerClass?: number;
}

export interface SplitListing {
  /** Selected class ids, label order. */
  wnids: string[];
  /** words.txt entry per selected class. */
  words: string[];
  entries: TinyImageNetEntry[];
}

/** Read the class files and list one split's images with their labels. */
export function listTinyImageNetSplit(root: string, split: TinyImageNetSplit, selection: SplitSelection = {}): SplitListing {
  if (!existsSync(root) || !statSync(root).isDirectory()) {
    throw new Error(`tiny-imagenet: dataset folder ${root} not found (expected wnids.txt, words.txt, train/ and val/)`);
  }
  const wnidsPath = join(root, 'wnids.txt');
  const allWnids = parseWnids(readText(wnidsPath), wnidsPath);
  const wnids = selectClasses(allWnids, selection.classes, wnidsPath);
  const wordsPath = join(root, 'words.txt');
  const wordMap = parseWords(readText(wordsPath), wordsPath);
  const words = wnids.map((w) => {
    const text = wordMap.get(w);
    if (text === undefined) throw new FileFormatError(wordsPath, 'wnid', `no entry for ${w}, which wnids.txt lists; expected a "wnid<TAB>words" line for every class`);
    return text;
  });
  const limit = selection.limitPerClass ?? Infinity;
  if (limit !== Infinity && (!Number.isInteger(limit) || limit <= 0)) {
    throw new RangeError(`tiny-imagenet: limitPerClass must be a positive integer, got ${limit}`);
  }
  const entries = split === 'train' ? listTrain(root, wnids, limit) : listVal(root, wnids, allWnids, limit);
  return { wnids, words, entries };
}

function selectClasses(all: string[], classes: readonly string[] | number | undefined, file: string): string[] {
  if (classes === undefined) return all;
  if (typeof classes === 'number') {
    if (!Number.isInteger(classes) || classes <= 0 || classes > all.length) {
      throw new RangeError(`tiny-imagenet: classes must be an integer 1-${all.length} (the classes in ${file}) or a list of wnids, got ${classes}`);
    }
    return all.slice(0, classes);
  }
  const wanted = new Set(classes);
  for (const w of wanted) if (!all.includes(w)) throw new RangeError(`tiny-imagenet: class ${w} is not listed in ${file}`);
  if (wanted.size === 0) throw new RangeError('tiny-imagenet: classes is an empty list; name at least one wnid');
  return all.filter((w) => wanted.has(w));
}

const JPEG_NAME = /\.jpe?g$/i;
const natural = new Intl.Collator('en', { numeric: true });

function listTrain(root: string, wnids: string[], limit: number): TinyImageNetEntry[] {
  const entries: TinyImageNetEntry[] = [];
  wnids.forEach((wnid, label) => {
    const dir = join(root, 'train', wnid, 'images');
    if (!existsSync(dir)) throw new Error(`tiny-imagenet: class folder ${dir} not found (wnids.txt lists ${wnid})`);
    const names = readdirSync(dir).filter((n) => JPEG_NAME.test(n)).sort(natural.compare);
    if (names.length === 0) throw new Error(`tiny-imagenet: ${dir} holds no .JPEG images`);
    for (const name of names.slice(0, limit)) entries.push({ file: `train/${wnid}/images/${name}`, label });
  });
  return entries;
}

function listVal(root: string, wnids: string[], allWnids: string[], limit: number): TinyImageNetEntry[] {
  const path = join(root, 'val', 'val_annotations.txt');
  const labelOf = new Map(wnids.map((w, i) => [w, i]));
  const known = new Set(allWnids);
  const taken = new Array<number>(wnids.length).fill(0);
  const entries: TinyImageNetEntry[] = [];
  for (const a of parseValAnnotations(readText(path), path)) {
    if (!known.has(a.wnid)) throw new FileFormatError(path, 'wnid', `${a.wnid} is not one of the classes in wnids.txt`, a.line, 'line');
    const label = labelOf.get(a.wnid);
    if (label === undefined || taken[label]! >= limit) continue;
    taken[label]!++;
    const file = `val/images/${a.file}`;
    if (!existsSync(join(root, file))) throw new FileFormatError(path, 'file', `lists ${a.file} but ${join(root, file)} does not exist`, a.line, 'line');
    entries.push({ file, label });
  }
  return entries;
}

function readText(path: string): string {
  if (!existsSync(path)) throw new Error(`tiny-imagenet: ${path} not found`);
  return readFileSync(path, 'utf8');
}

/** Lines without the trailing blank ones (files end with a newline, sometimes several); CRLF accepted. */
function contentLines(text: string): string[] {
  const lines = text.split(/\r?\n/);
  let count = lines.length;
  while (count > 0 && lines[count - 1]!.trim() === '') count--;
  return lines.slice(0, count);
}
