/**
 * NSRDB Physical Solar Model v3 (PSM3) CSV downloads
 * (https://developer.nrel.gov/docs/solar/nsrdb/psm3-download/): normally two
 * metadata lines (names such as `Source,Location ID,...,Time Zone,...` and
 * their values) then a header `Year,Month,Day,Hour,Minute,...,GHI,...`.
 * Copies re-saved by pandas (e.g. pvlib's test file as shipped here) start
 * directly with the header, prefixed by an unnamed index column. The layout
 * is detected from the first line. Times are as written: PSM3 writes UTC
 * unless the request asked for local time, which the metadata's "Time Zone"
 * states (hours from UTC); without metadata the offset is unknown and
 * reported as undefined. Irradiances are W/m^2, temperature degrees C.
 */
import { readFileSync } from 'node:fs';
import { FileFormatError } from '../../io/file-format-error.js';
import { columnIndex, numberCell, parseCsvTable, utcSeconds } from '../csv-timeseries-table.js';

export interface Psm3Trace {
  /** Seconds since the Unix epoch: the written clock time minus `utcOffsetS` (taken as 0 when unknown). */
  timeS: Float64Array;
  ghiWPerM2: Float32Array;
  dniWPerM2: Float32Array;
  dhiWPerM2: Float32Array;
  temperatureC: Float32Array;
  /** 'metadata' when the two NSRDB metadata lines were present, 'header-only' otherwise. */
  layout: 'metadata' | 'header-only';
  /** From the metadata's "Time Zone" (hours x 3600); undefined in the header-only layout. */
  utcOffsetS: number | undefined;
  /** The metadata lines as name → value (empty in the header-only layout). */
  metadata: Record<string, string>;
}

export function parsePsm3(text: string, source: string): Psm3Trace {
  const firstLine = text.replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0] ?? '';
  const layout = firstLine.startsWith('Source,') ? 'metadata' : 'header-only';
  const metadata: Record<string, string> = {};
  let utcOffsetS: number | undefined;
  if (layout === 'metadata') {
    const meta = parseCsvTable(text.split(/\r?\n/).slice(0, 2).join('\n'), source, { header: true });
    const values = meta.rows[0]?.cells;
    if (values === undefined) throw new FileFormatError(source, 'metadata', 'expected a line of metadata values after the metadata names', 2, 'line');
    meta.header!.forEach((name, k) => (metadata[name] = values[k] ?? ''));
    if (metadata['Time Zone'] !== undefined) {
      const tz = Number(metadata['Time Zone']);
      if (!Number.isFinite(tz) || Math.abs(tz) > 14 || metadata['Time Zone'] === '') throw new FileFormatError(source, 'metadata Time Zone', `expected hours from UTC, got ${JSON.stringify(metadata['Time Zone'])}`, 2, 'line');
      utcOffsetS = tz * 3600;
    }
  }
  const table = parseCsvTable(text, source, { header: true, skipLines: layout === 'metadata' ? 2 : 0 });
  const col = (name: string) => columnIndex(table, name, source);
  const [year, month, day, hour, minute] = ['Year', 'Month', 'Day', 'Hour', 'Minute'].map(col) as [number, number, number, number, number];
  const [ghiC, dniC, dhiC, tempC] = ['GHI', 'DNI', 'DHI', 'Temperature'].map(col) as [number, number, number, number];
  const n = table.rows.length;
  const out = { timeS: new Float64Array(n), ghi: new Float32Array(n), dni: new Float32Array(n), dhi: new Float32Array(n), temp: new Float32Array(n) };
  table.rows.forEach((row, i) => {
    const num = (c: number, name: string) => numberCell(row, c, name, source);
    const clock = utcSeconds(num(year, 'Year'), num(month, 'Month'), num(day, 'Day'), num(hour, 'Hour'), num(minute, 'Minute'), 0);
    if (clock === undefined) throw new FileFormatError(source, 'Year..Minute', 'not a valid date and time', row.line, 'line');
    out.timeS[i] = clock - (utcOffsetS ?? 0);
    if (i > 0 && !(out.timeS[i]! > out.timeS[i - 1]!)) throw new FileFormatError(source, 'Year..Minute', 'time must strictly increase', row.line, 'line');
    out.ghi[i] = num(ghiC, 'GHI');
    out.dni[i] = num(dniC, 'DNI');
    out.dhi[i] = num(dhiC, 'DHI');
    out.temp[i] = num(tempC, 'Temperature');
  });
  return { timeS: out.timeS, ghiWPerM2: out.ghi, dniWPerM2: out.dni, dhiWPerM2: out.dhi, temperatureC: out.temp, layout, utcOffsetS, metadata };
}

export function readPsm3(path: string): Psm3Trace {
  return parsePsm3(readFileSync(path, 'utf8'), path);
}
