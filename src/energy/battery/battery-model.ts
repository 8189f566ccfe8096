/**
 * The battery model: an equivalent circuit of one cell — an open-circuit
 * voltage source OCV(soc), a series resistance R0(soc) and one RC pair
 * (R1(soc), tau1(soc)) — plus its capacity, cut-off and charge limits, and
 * how many identical cells form the pack. Plain JSON-serialisable numbers,
 * so a fitted model can be saved, diffed and shipped (see lg18650-25c.ts).
 *
 * Rate effects come from the resistance alone, not from a Peukert exponent:
 * at a higher current the I·R drop reaches the cut-off voltage at a higher
 * state of charge, so less charge is delivered. A Peukert exponent would need
 * two rates in the fit, i.e. fitting on the very 1C/2C discharges the model
 * must predict; the resistance is measured on the pulse test instead, and the
 * 1C/2C discharge times are then an out-of-sample check (see
 * test/energy/battery/fit-lg18650.test.ts for the errors).
 *
 * Everything is per cell; `packParametersAt` scales to the pack: OCV and
 * cut-off by the series count, resistances by series/parallel, capacity by
 * the parallel count (identical, balanced cells).
 */
import { interpolateClamped, isStrictlyAscending } from './piecewise-linear.js';

/** OCV of one cell against state of charge: ascending soc in [0, 1], voltage non-decreasing with soc. */
export interface OcvTable {
  socFraction: number[];
  voltageV: number[];
}

/** One cell's series resistance and RC pair against state of charge (ascending soc). */
export interface ResistanceTable {
  socFraction: number[];
  /** Series (ohmic + fast) resistance, ohm: the instantaneous voltage step when the current steps. */
  r0Ohm: number[];
  /** RC-pair resistance, ohm: the part of the overpotential that builds up and relaxes with tau1S. */
  r1Ohm: number[];
  /** RC-pair time constant, s. */
  tau1S: number[];
}

export interface BatteryModel {
  /** Human-readable, e.g. "LG 18650 (2.6 Ah), 25 °C, fitted on pulse + 0.5C". */
  name: string;
  /** Charge of one cell from soc 1 to soc 0, C (coulombs). */
  capacityC: number;
  ocv: OcvTable;
  resistance: ResistanceTable;
  /** Discharge stops when the cell's terminal voltage falls to this, V. */
  cutoffV: number;
  /** The charger's constant-voltage limit per cell, V: charging current is reduced to keep the terminal voltage at or below it. */
  chargeVoltageMaxV: number;
  /** Fraction of the charging charge that is stored (discharge/charge charge of a full cycle), 0..1. */
  coulombicEfficiency: number;
  cellsInSeries: number;
  cellsInParallel: number;
  /** Where the numbers come from (data files, fit, datasheets). */
  source?: string;
}

/** The pack's equivalent circuit at one state of charge. */
export interface PackParameters {
  ocvV: number;
  r0Ohm: number;
  r1Ohm: number;
  tau1S: number;
}

/** Pack capacity, C: cells in parallel share the current. */
export function packCapacityC(model: BatteryModel): number {
  return model.capacityC * model.cellsInParallel;
}

/** Pack open-circuit voltage at `socFraction`, V. */
export function packOcvV(model: BatteryModel, socFraction: number): number {
  return model.cellsInSeries * interpolateClamped(model.ocv.socFraction, model.ocv.voltageV, socFraction);
}

/** Pack cut-off voltage, V. */
export function packCutoffV(model: BatteryModel): number {
  return model.cellsInSeries * model.cutoffV;
}

/** Pack charge-voltage limit, V. */
export function packChargeVoltageMaxV(model: BatteryModel): number {
  return model.cellsInSeries * model.chargeVoltageMaxV;
}

/** The pack's OCV, resistances and time constant at `socFraction` (tables interpolated, clamped at their ends). */
export function packParametersAt(model: BatteryModel, socFraction: number): PackParameters {
  const r = model.resistance;
  const scale = model.cellsInSeries / model.cellsInParallel;
  return {
    ocvV: packOcvV(model, socFraction),
    r0Ohm: scale * interpolateClamped(r.socFraction, r.r0Ohm, socFraction),
    r1Ohm: scale * interpolateClamped(r.socFraction, r.r1Ohm, socFraction),
    tau1S: interpolateClamped(r.socFraction, r.tau1S, socFraction),
  };
}

/** A copy of `model` as a pack of `cellsInSeries` x `cellsInParallel` identical cells. */
export function asPack(model: BatteryModel, cellsInSeries: number, cellsInParallel: number): BatteryModel {
  const pack = { ...model, cellsInSeries, cellsInParallel, name: `${model.name}, ${cellsInSeries}s${cellsInParallel}p` };
  validateBatteryModel(pack);
  return pack;
}

function fail(field: string, expected: string, got: unknown): never {
  throw new RangeError(`BatteryModel.${field}: expected ${expected}, got ${JSON.stringify(got)}`);
}

function checkTable(name: string, soc: number[], columns: Record<string, number[]>, minValue: number, positive = false): void {
  if (!Array.isArray(soc) || soc.length < 1) fail(`${name}.socFraction`, 'a non-empty array', soc);
  if (!isStrictlyAscending(soc) || soc[0]! < 0 || soc[soc.length - 1]! > 1) fail(`${name}.socFraction`, 'strictly ascending values in [0, 1]', soc);
  for (const [col, values] of Object.entries(columns)) {
    if (!Array.isArray(values) || values.length !== soc.length) fail(`${name}.${col}`, `an array of ${soc.length} numbers (one per socFraction)`, values);
    const bad = values.findIndex((v) => !Number.isFinite(v) || v < minValue || (positive && v === 0));
    if (bad >= 0) fail(`${name}.${col}[${bad}]`, `a finite number ${positive ? '>' : '>='} ${minValue}`, values[bad]);
  }
}

/**
 * Checks every field; throws a RangeError naming the first bad one and what
 * was expected. The public entry points (BatteryStore, simulateDischarge)
 * call it; the maths behind them trusts a validated model.
 */
export function validateBatteryModel(model: BatteryModel): void {
  if (typeof model.name !== 'string') fail('name', 'a string', model.name);
  if (!(model.capacityC > 0) || !Number.isFinite(model.capacityC)) fail('capacityC', 'a positive finite charge in coulombs', model.capacityC);
  checkTable('ocv', model.ocv?.socFraction, { voltageV: model.ocv?.voltageV }, 0, true);
  const v = model.ocv.voltageV;
  for (let i = 1; i < v.length; i++) if (v[i]! < v[i - 1]!) fail(`ocv.voltageV[${i}]`, `OCV non-decreasing with state of charge (>= ${v[i - 1]} V)`, v[i]);
  const r = model.resistance;
  checkTable('resistance', r?.socFraction, { r0Ohm: r?.r0Ohm, r1Ohm: r?.r1Ohm }, 0);
  checkTable('resistance', r.socFraction, { tau1S: r.tau1S }, 0, true);
  if (!(model.cutoffV > 0) || !(model.cutoffV < v[v.length - 1]!)) fail('cutoffV', `a voltage in (0, ${v[v.length - 1]}) V (below the full-charge OCV)`, model.cutoffV);
  if (!(model.chargeVoltageMaxV >= v[v.length - 1]!) || !Number.isFinite(model.chargeVoltageMaxV)) fail('chargeVoltageMaxV', `a voltage >= the full-charge OCV ${v[v.length - 1]} V`, model.chargeVoltageMaxV);
  if (!(model.coulombicEfficiency > 0 && model.coulombicEfficiency <= 1)) fail('coulombicEfficiency', 'a fraction in (0, 1]', model.coulombicEfficiency);
  for (const key of ['cellsInSeries', 'cellsInParallel'] as const) {
    if (!Number.isInteger(model[key]) || model[key] < 1) fail(key, 'a positive integer', model[key]);
  }
}
