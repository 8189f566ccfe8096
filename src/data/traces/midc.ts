/**
 * NREL Measurement and Instrumentation Data Center (MIDC) daily text export
 * (https://midcdmz.nrel.gov/, "Data in Text Format"): a header line such as
 * `DATE (MM/DD/YYYY),MST,Global PSP [W/m^2],...` and rows
 * `10/14/2018,00:00,-7.69,...`. The second column's name is the time zone of
 * the clock times; MIDC stations report in local standard time all year (no
 * daylight saving), so MST is always UTC-7. Night-time global irradiance
 * reads slightly negative: thermal offset of the thermopile pyranometer, a
 * known sensor effect (NREL, "Best Practices Handbook for the Collection and
 * Use of Solar Resource Data", 2021, section 3). Values are kept raw;
 * clamping to zero is an explicit option whose count is reported.
 */
import { readFileSync } from 'node:fs';
import { FileFormatError } from '../../io/file-format-error.js';
import { columnIndex, numberCell, parseCsvTable, utcSeconds } from '../csv-timeseries-table.js';

/** UTC offsets of the zone names MIDC uses in its time column header. */
const ZONE_OFFSET_S: Readonly<Record<string, number>> = { MST: -7 * 3600, PST: -8 * 3600, CST: -6 * 3600, EST: -5 * 3600, UTC: 0, GMT: 0 };

export interface MidcOptions {
  /** GHI column; default "Global PSP [W/m^2]" (Eppley PSP pyranometer, the SRRL BMS name). */
  ghiColumn?: string;
  /** Replace negative GHI by 0 (and report how many). Default false: raw values. */
  clampNegativeToZero?: boolean;
}

export interface MidcTrace {
  /** Seconds since the Unix epoch, UTC (converted from the file's local standard time). */
  timeS: Float64Array;
  /** Seconds since the first row. */
  elapsedS: Float64Array;
  /** Global horizontal irradiance, W/m^2. */
  ghiWPerM2: Float32Array;
  /** The zone named by the file (e.g. "MST") and its offset from UTC (-25200 s for MST). */
  timeZone: string;
  utcOffsetS: number;
  /** Negative readings set to 0; 0 unless `clampNegativeToZero`. */
  clampedCount: number;
}

export function parseMidc(text: string, source: string, options: MidcOptions = {}): MidcTrace {
  const table = parseCsvTable(text, source, { header: true });
  const header = table.header ?? [];
  const dateCol = columnIndex(table, 'DATE (MM/DD/YYYY)', source);
  const timeZone = header[1] ?? '';
  const utcOffsetS = ZONE_OFFSET_S[timeZone];
  if (dateCol !== 0 || utcOffsetS === undefined) {
    throw new FileFormatError(source, 'header', `expected "DATE (MM/DD/YYYY),<zone>,..." with zone one of ${Object.keys(ZONE_OFFSET_S).join(', ')}; got ${JSON.stringify(header.slice(0, 2).join(','))}`, 1, 'line');
  }
  const ghiName = options.ghiColumn ?? 'Global PSP [W/m^2]';
  const ghiCol = columnIndex(table, ghiName, source);
  const n = table.rows.length;
  const timeS = new Float64Array(n);
  const ghi = new Float32Array(n);
  let clampedCount = 0;
  table.rows.forEach((row, i) => {
    const d = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(row.cells[0] ?? '');
    const c = /^(\d{1,2}):(\d{2})$/.exec(row.cells[1] ?? '');
    const local = d && c ? utcSeconds(+d[3]!, +d[1]!, +d[2]!, +c[1]!, +c[2]!, 0) : undefined;
    if (local === undefined) {
      throw new FileFormatError(source, 'date/time', `expected "MM/DD/YYYY,HH:MM", got ${JSON.stringify(`${row.cells[0]},${row.cells[1]}`)}`, row.line, 'line');
    }
    timeS[i] = local - utcOffsetS;
    if (i > 0 && !(timeS[i]! > timeS[i - 1]!)) throw new FileFormatError(source, 'date/time', 'time must strictly increase', row.line, 'line');
    let v = numberCell(row, ghiCol, ghiName, source);
    if (options.clampNegativeToZero && v < 0) {
      v = 0;
      clampedCount++;
    }
    ghi[i] = v;
  });
  const elapsedS = Float64Array.from(timeS, (t) => t - (timeS[0] ?? 0));
  return { timeS, elapsedS, ghiWPerM2: ghi, timeZone, utcOffsetS, clampedCount };
}

export function readMidc(path: string, options: MidcOptions = {}): MidcTrace {
  return parseMidc(readFileSync(path, 'utf8'), path, options);
}
