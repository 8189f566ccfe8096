/**
 * The CSV layer every time-series reader here shares: csv-parse (RFC 4180
 * quoting, CRLF/LF/CR line ends, BOM) turns text into rows that remember
 * their 1-based line number, and cells become numbers or UTC timestamps
 * through one strict parser each, so every bad cell is reported as a
 * FileFormatError naming the file, the column and the line.
 */
import { CsvError, parse } from 'csv-parse/sync';
import { FileFormatError } from '../io/file-format-error.js';

export interface CsvRow {
  cells: string[];
  /** 1-based line of the file where the row ends (its only line unless a quoted cell spans lines). */
  line: number;
}

export interface CsvTable {
  /** Column names when the file has a header row. */
  header: string[] | undefined;
  rows: CsvRow[];
}

export interface CsvTableOptions {
  /** `'auto'` (default): the first row is a header when none of its cells is a number. */
  header?: 'auto' | boolean;
  /** Lines before the table to leave out (e.g. PSM3 metadata). Default 0. */
  skipLines?: number;
}

/** Parses CSV text; rows must all have as many cells as the first one. */
export function parseCsvTable(text: string, source: string, options: CsvTableOptions = {}): CsvTable {
  let raw: CsvRow[];
  const lines: number[] = [];
  try {
    const records = parse(text, {
      bom: true,
      trim: true,
      skip_empty_lines: true,
      from_line: (options.skipLines ?? 0) + 1,
      on_record: (record: string[], context) => {
        lines.push(context.lines);
        return record;
      },
    });
    raw = records.map((cells, k) => ({ cells, line: lines[k]! }));
  } catch (err) {
    if (err instanceof CsvError) {
      const line = typeof err['lines'] === 'number' ? err['lines'] : undefined;
      throw new FileFormatError(source, 'CSV syntax', `${err.code}: ${err.message}`, line, 'line');
    }
    throw err;
  }
  const first = raw[0];
  const isHeader = first !== undefined && (options.header === 'auto' || options.header === undefined ? !first.cells.some(isNumberCell) : options.header);
  return isHeader ? { header: first.cells, rows: raw.slice(1) } : { header: undefined, rows: raw };
}

/** The index of column `want` (a name, or an index into the row), or an error listing the header. */
export function columnIndex(table: CsvTable, want: string | number, source: string): number {
  const width = (table.header ?? table.rows[0]?.cells ?? []).length;
  if (typeof want === 'number') {
    if (!Number.isInteger(want) || want < 0 || want >= width) throw new FileFormatError(source, `column ${want}`, `the table has ${width} columns`, 1, 'line');
    return want;
  }
  if (table.header === undefined) throw new FileFormatError(source, `column ${JSON.stringify(want)}`, 'the file has no header row, so columns must be given by index', 1, 'line');
  const k = table.header.indexOf(want);
  if (k < 0) throw new FileFormatError(source, `column ${JSON.stringify(want)}`, `not in the header (columns: ${table.header.map((h) => JSON.stringify(h)).join(', ')})`, 1, 'line');
  return k;
}

const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

export function isNumberCell(cell: string): boolean {
  return NUMBER.test(cell);
}

/** A finite decimal number; `field` names the column in the error. */
export function numberCell(row: CsvRow, column: number, field: string, source: string): number {
  const cell = row.cells[column] ?? '';
  const v = Number(cell);
  if (!NUMBER.test(cell) || !Number.isFinite(v)) {
    throw new FileFormatError(source, field, `expected a finite number, got ${JSON.stringify(cell)}`, row.line, 'line');
  }
  return v;
}

/** `YYYY-MM-DD HH:MM[:SS[.ffffff]]`, a `T` separator and a trailing `Z` allowed (the NAB and ISO 8601 forms). */
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?Z?$/;

/**
 * Seconds since the Unix epoch (UTC) from a date-time cell, or the number
 * itself for a numeric cell (taken as seconds already). Calendar fields are
 * range-checked (February 30 is an error, not March 2).
 */
export function timestampCell(row: CsvRow, column: number, field: string, source: string): number {
  const cell = row.cells[column] ?? '';
  const seconds = parseTimestampS(cell);
  if (seconds === undefined) {
    throw new FileFormatError(source, field, `expected "YYYY-MM-DD HH:MM:SS[.ffffff]" (UTC) or seconds, got ${JSON.stringify(cell)}`, row.line, 'line');
  }
  return seconds;
}

/** The pure core of {@link timestampCell}: seconds, or undefined when `text` is neither form. */
export function parseTimestampS(text: string): number | undefined {
  if (NUMBER.test(text) && Number.isFinite(Number(text))) return Number(text);
  const m = DATE_TIME.exec(text);
  if (!m) return undefined;
  const seconds = utcSeconds(+m[1]!, +m[2]!, +m[3]!, +m[4]!, +m[5]!, +(m[6] ?? 0));
  return seconds === undefined ? undefined : seconds + (m[7] === undefined ? 0 : Number(m[7]));
}

/** UTC seconds of a calendar date and clock time, or undefined when a field is out of range. */
export function utcSeconds(year: number, month: number, day: number, hour: number, minute: number, second: number): number | undefined {
  if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) return undefined;
  const ms = Date.UTC(year, month - 1, day, hour, minute, second);
  if (new Date(ms).getUTCDate() !== day) return undefined;
  return ms / 1000;
}
