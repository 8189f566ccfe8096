/**
 * Synthetic energy traces written in the real layouts (MIDC text, PSM3 CSV
 * in both layouts, the battery discharge CSV), so tests and demos exercise
 * the real readers without the shared data.
 *
 * Irradiance is the Haurwitz clear-sky model, GHI = 1098 · cos z ·
 * exp(-0.057 / cos z) W/m² (B. Haurwitz, "Insolation in relation to cloud
 * type", J. Meteorology 3, 1946; the form pvlib implements as
 * `clearsky.haurwitz`), with the solar zenith z from Cooper's declination
 * δ = 23.45° · sin(360° · (284 + n) / 365) (P. I. Cooper, Solar Energy 12,
 * 1969) and the hour angle of local solar time (clock time is taken as solar
 * time: no equation of time, no longitude correction — a test signal, not a
 * site model). The battery trace is a constant-current discharge whose
 * voltage follows a caller-supplied open-circuit curve minus I·R; the default
 * curve is a plain straight line and claims nothing about real cells.
 */
import { writeFileAtomicSync } from '../../io/atomic-write.js';

export interface ClearSkyOptions {
  /** Site latitude, degrees north. Default 39.74 (NREL SRRL, Golden CO, the MIDC station of the shared file). */
  latitudeDeg?: number;
  /** Day of year, 1..365. Default 287 (14 October, the shared MIDC day). */
  dayOfYear?: number;
  /** Sample step, s. Default 60 (MIDC's one-minute data). */
  stepS?: number;
  /** Trace length, s. Default one day. */
  durationS?: number;
}

const DEG = Math.PI / 180;

/** Clear-sky global horizontal irradiance at each step from local midnight, W/m². */
export function clearSkyGhi(options: ClearSkyOptions = {}): { elapsedS: Float64Array; ghiWPerM2: Float32Array } {
  const lat = (options.latitudeDeg ?? 39.74) * DEG;
  const day = options.dayOfYear ?? 287;
  const step = options.stepS ?? 60;
  const n = Math.floor((options.durationS ?? 86_400) / step);
  const decl = 23.45 * DEG * Math.sin((2 * Math.PI * (284 + day)) / 365);
  const elapsedS = new Float64Array(n);
  const ghi = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const t = i * step;
    const hourAngle = (15 * DEG * (t / 3600 - 12)) % (2 * Math.PI);
    const cosZ = Math.sin(lat) * Math.sin(decl) + Math.cos(lat) * Math.cos(decl) * Math.cos(hourAngle);
    elapsedS[i] = t;
    ghi[i] = cosZ > 0 ? 1098 * cosZ * Math.exp(-0.057 / cosZ) : 0;
  }
  return { elapsedS, ghiWPerM2: ghi };
}

const pad2 = (v: number) => String(v).padStart(2, '0');

/** MIDC text for one day starting on `date` (UTC calendar fields used as the station's local date). */
export function formatMidc(date: Date, trace: { elapsedS: Float64Array; ghiWPerM2: Float32Array }): string {
  const lines = ['DATE (MM/DD/YYYY),MST,Global PSP [W/m^2],Temperature @ 2m [deg C]'];
  trace.elapsedS.forEach((t, i) => {
    const d = new Date(date.getTime() + t * 1000);
    lines.push(`${pad2(d.getUTCMonth() + 1)}/${pad2(d.getUTCDate())}/${d.getUTCFullYear()},${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())},${trace.ghiWPerM2[i]!.toFixed(3)},10.0`);
  });
  return lines.join('\n') + '\n';
}

/** PSM3 CSV (`withMetadata`: the two NSRDB metadata lines; else pandas' header-only form). DNI/DHI split as a fixed 80/20 of GHI, a test signal only. */
export function formatPsm3(date: Date, trace: { elapsedS: Float64Array; ghiWPerM2: Float32Array }, withMetadata: boolean): string {
  const lines: string[] = [];
  if (withMetadata) lines.push('Source,Location ID,Latitude,Longitude,Time Zone', 'NSRDB,0,39.74,-105.18,-7');
  lines.push(`${withMetadata ? '' : ','}Year,Month,Day,Hour,Minute,Temperature,DHI,DNI,GHI`);
  trace.elapsedS.forEach((t, i) => {
    const d = new Date(date.getTime() + t * 1000);
    const g = trace.ghiWPerM2[i]!;
    const prefix = withMetadata ? '' : `${i},`;
    lines.push(`${prefix}${d.getUTCFullYear()},${d.getUTCMonth() + 1},${d.getUTCDate()},${d.getUTCHours()},${d.getUTCMinutes()},10.0,${(0.2 * g).toFixed(1)},${(0.8 * g).toFixed(1)},${g.toFixed(1)}`);
  });
  return lines.join('\n') + '\n';
}

export interface SyntheticDischargeOptions {
  /** Discharge current, A (positive = discharging, as in the shared files). */
  currentA: number;
  /** Capacity, A·h; the trace ends when it is used up. */
  capacityAh: number;
  /** Internal resistance, Ω. Default 0.05. */
  resistanceOhm?: number;
  /** Open-circuit voltage at state of charge s in [0, 1]. Default 3.0 + 1.2·s V (a straight line, not a cell model). */
  ocvV?: (soc: number) => number;
  /** Sample step, s. Default 10 (the shared files' step). */
  stepS?: number;
}

/** The battery discharge CSV (`t_s,current_a,voltage_v,temp_c,charge_as`) of a constant-current discharge. */
export function formatBatteryDischarge(o: SyntheticDischargeOptions): string {
  if (!(o.currentA > 0) || !(o.capacityAh > 0)) throw new RangeError(`formatBatteryDischarge: currentA and capacityAh must be > 0, got ${o.currentA} and ${o.capacityAh}`);
  const step = o.stepS ?? 10;
  const r = o.resistanceOhm ?? 0.05;
  const ocv = o.ocvV ?? ((s: number) => 3.0 + 1.2 * s);
  const capacityC = o.capacityAh * 3600;
  const lines = ['t_s,current_a,voltage_v,temp_c,charge_as', `0,-0,${ocv(1).toFixed(4)},25.0,0`];
  for (let t = step; t * o.currentA <= capacityC; t += step) {
    const q = t * o.currentA;
    lines.push(`${t},${o.currentA.toFixed(4)},${(ocv(1 - q / capacityC) - o.currentA * r).toFixed(4)},25.0,${q.toFixed(2)}`);
  }
  return lines.join('\n') + '\n';
}

/** Writes `text` atomically (the readers never see half a file). */
export function writeSyntheticTrace(path: string, text: string): void {
  writeFileAtomicSync(path, text);
}
