/**
 * Battery discharge logs as CSV `t_s,current_a,voltage_v,temp_c,charge_as`
 * (the shared LG 18650 set, converted from Exp25_R1.mat of
 * Silencefrog9305/Digital-Twins-for-Battery-Using-CTA-MTL): time s, current
 * A (discharge positive), terminal voltage V, cell temperature degrees C and
 * the cumulative discharged charge in ampere-seconds, i.e. coulombs.
 */
import { readFileSync } from 'node:fs';
import { FileFormatError } from '../../io/file-format-error.js';
import { columnIndex, numberCell, parseCsvTable } from '../csv-timeseries-table.js';

/** Coulombs per ampere-hour. */
export const coulombsPerAh = 3600;

export interface BatteryDischarge {
  timeS: Float64Array;
  currentA: Float32Array;
  voltageV: Float32Array;
  temperatureC: Float32Array;
  /** Cumulative discharged charge, C (= A s). */
  chargeC: Float64Array;
  /** Last time minus first time, s. */
  durationS: number;
  /** Last cumulative charge value, C. */
  totalChargeC: number;
}

const COLUMNS = ['t_s', 'current_a', 'voltage_v', 'temp_c', 'charge_as'] as const;

export function parseBatteryDischarge(text: string, source: string): BatteryDischarge {
  const table = parseCsvTable(text, source, { header: true });
  const [t, i, v, temp, q] = COLUMNS.map((c) => columnIndex(table, c, source)) as [number, number, number, number, number];
  const n = table.rows.length;
  if (n === 0) throw new FileFormatError(source, 'rows', 'no data rows after the header', 1, 'line');
  const out: BatteryDischarge = {
    timeS: new Float64Array(n), currentA: new Float32Array(n), voltageV: new Float32Array(n),
    temperatureC: new Float32Array(n), chargeC: new Float64Array(n), durationS: 0, totalChargeC: 0,
  };
  table.rows.forEach((row, k) => {
    out.timeS[k] = numberCell(row, t, 't_s', source);
    if (k > 0 && !(out.timeS[k]! > out.timeS[k - 1]!)) {
      throw new FileFormatError(source, 't_s', `time must strictly increase, but ${out.timeS[k]} s follows ${out.timeS[k - 1]} s`, row.line, 'line');
    }
    out.currentA[k] = numberCell(row, i, 'current_a', source);
    out.voltageV[k] = numberCell(row, v, 'voltage_v', source);
    out.temperatureC[k] = numberCell(row, temp, 'temp_c', source);
    out.chargeC[k] = numberCell(row, q, 'charge_as', source);
  });
  out.durationS = out.timeS[n - 1]! - out.timeS[0]!;
  out.totalChargeC = out.chargeC[n - 1]!;
  return out;
}

export function readBatteryDischarge(path: string): BatteryDischarge {
  return parseBatteryDischarge(readFileSync(path, 'utf8'), path);
}

/** Charge by trapezoidal integration of current over time, C — a check on the logged cumulative column. */
export function integrateChargeC(trace: Pick<BatteryDischarge, 'timeS' | 'currentA'>): number {
  let q = 0;
  for (let k = 1; k < trace.timeS.length; k++) q += ((trace.currentA[k]! + trace.currentA[k - 1]!) / 2) * (trace.timeS[k]! - trace.timeS[k - 1]!);
  return q;
}
