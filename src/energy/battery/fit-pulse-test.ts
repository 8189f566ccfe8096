/**
 * What a pulse (GITT-style) discharge test says about a cell, pure: the
 * textbook way to measure an equivalent circuit. The cell is discharged in
 * constant-current pulses separated by rests:
 *
 * - the voltage at the end of each rest is the open-circuit voltage at the
 *   charge discharged so far (one OCV point per rest);
 * - the relaxation after each pulse, OCV − V(t) = A·exp(−t/tau1), gives the
 *   RC pair: tau1 from a log-linear least-squares fit, R1 from A (the RC
 *   voltage at the end of a pulse of length Tp is I·R1·(1 − exp(−Tp/tau1)));
 * - the rest of the voltage step at the pulse's trailing edge is R0:
 *   R0 = (OCV − A − V_load(edge)) / I.
 *
 * Samples are taken at a fixed logger rate (10 s in the shared LG 18650
 * files), so a current step falls between two samples; the edge is placed at
 * their midpoint, which is also what the trapezoidal charge integral assumes
 * (the file's own charge column agrees: 600 s × 1.2999 A = 779.94 C per
 * pulse). The loaded voltage at the edge is extrapolated linearly from the
 * last two loaded samples. When the logger also records its own coulomb
 * count (`chargeC`), that is used for the discharged charge instead of the
 * trapezoid: the instrument integrates far faster than it logs, which
 * matters where a discharge starts right after a sample (the LG 18650
 * constant-current files: 25.92 C logged after the first 10 s at 2.6 A,
 * where the trapezoid would give half).
 */

/** Parallel arrays of a logged test: time s, current A (discharge positive), terminal voltage V. */
export interface DischargeTrace {
  timeS: ArrayLike<number>;
  currentA: ArrayLike<number>;
  voltageV: ArrayLike<number>;
  /** The logger's cumulative discharged charge, C, when it records one; else the trapezoid of the current is used. */
  chargeC?: ArrayLike<number>;
}

export interface PulseFitOptions {
  /** A sample is under load when |current| exceeds this, A; default 5 % of the largest |current|. */
  loadThresholdA?: number;
  /**
   * Only the first `relaxWindowS` of each rest enter the exponential fit;
   * default 400 s, about two time constants of the fast relaxation in the
   * LG 18650 data (tau1 ~ 100–400 s). Later the slow diffusion tail, which a
   * single RC pair cannot follow, dominates; it ends up in the OCV point.
   */
  relaxWindowS?: number;
  /**
   * Samples whose remaining overpotential OCV − V is below this are left
   * out of the log-linear fit (their logarithm is noise); default 2 mV,
   * twenty times the 0.1 mV resolution of the logged voltages.
   */
  relaxFloorV?: number;
}

/** An open-circuit voltage measured at the end of a rest. */
export interface OcvPoint {
  dischargedC: number;
  ocvV: number;
}

/** The equivalent-circuit parameters measured on one pulse. */
export interface PulseResistance {
  /** Charge discharged at the end of the pulse, C. */
  dischargedC: number;
  currentA: number;
  pulseS: number;
  r0Ohm: number;
  r1Ohm: number;
  tau1S: number;
}

export interface PulseFit {
  ocvPoints: OcvPoint[];
  pulses: PulseResistance[];
}

/** Cumulative discharged charge, C: the logged `chargeC` relative to its first sample, else the trapezoid rule. */
export function cumulativeChargeC(trace: Pick<DischargeTrace, 'timeS' | 'currentA' | 'chargeC'>): Float64Array {
  const n = trace.timeS.length;
  const logged = trace.chargeC;
  if (logged !== undefined) return Float64Array.from({ length: n }, (_, k) => logged[k]! - logged[0]!);
  const q = new Float64Array(n);
  for (let k = 1; k < n; k++) q[k] = q[k - 1]! + ((trace.currentA[k]! + trace.currentA[k - 1]!) / 2) * (trace.timeS[k]! - trace.timeS[k - 1]!);
  return q;
}

/** Checks the three arrays have one length (>= 2), finite values and strictly increasing time; `who` names the caller in errors. */
export function checkTrace(trace: DischargeTrace, who: string): void {
  const n = trace.timeS.length;
  if (n < 2 || trace.currentA.length !== n || trace.voltageV.length !== n) {
    throw new RangeError(`${who}: timeS, currentA and voltageV must have one length >= 2, got ${n}, ${trace.currentA.length}, ${trace.voltageV.length}`);
  }
  if (trace.chargeC !== undefined && trace.chargeC.length !== n) throw new RangeError(`${who}: chargeC must have the length of timeS (${n}), got ${trace.chargeC.length}`);
  for (let k = 0; k < n; k++) {
    if (!Number.isFinite(trace.timeS[k]!) || !Number.isFinite(trace.currentA[k]!) || !Number.isFinite(trace.voltageV[k]!)) throw new RangeError(`${who}: sample ${k} is not finite`);
    if (trace.chargeC !== undefined && !Number.isFinite(trace.chargeC[k]!)) throw new RangeError(`${who}: chargeC[${k}] is not finite`);
    if (k > 0 && !(trace.timeS[k]! > trace.timeS[k - 1]!)) throw new RangeError(`${who}: timeS must strictly increase, but timeS[${k}] = ${trace.timeS[k]} follows ${trace.timeS[k - 1]}`);
  }
}

/** Maximal runs of consecutive samples that are all loaded or all resting. */
function runs(loaded: boolean[]): { start: number; end: number; loaded: boolean }[] {
  const out: { start: number; end: number; loaded: boolean }[] = [];
  let start = 0;
  for (let k = 1; k <= loaded.length; k++) {
    if (k === loaded.length || loaded[k] !== loaded[start]) {
      out.push({ start, end: k - 1, loaded: loaded[start]! });
      start = k;
    }
  }
  return out;
}

/** Least-squares fit of ln(y) = ln(A) − t/tau; undefined when fewer than 3 points or no decay. */
function fitExponentialDecay(ts: number[], ys: number[]): { amplitudeV: number; tauS: number } | undefined {
  const n = ts.length;
  if (n < 3) return undefined;
  const ls = ys.map(Math.log);
  const mt = ts.reduce((a, b) => a + b, 0) / n;
  const ml = ls.reduce((a, b) => a + b, 0) / n;
  let sxy = 0;
  let sxx = 0;
  for (let k = 0; k < n; k++) {
    sxy += (ts[k]! - mt) * (ls[k]! - ml);
    sxx += (ts[k]! - mt) ** 2;
  }
  const slope = sxy / sxx;
  if (!(slope < 0)) return undefined;
  return { amplitudeV: Math.exp(ml - slope * mt), tauS: -1 / slope };
}

/** OCV points from every rest and R0/R1/tau1 from every pulse that a rest follows. */
export function fitPulseTest(trace: DischargeTrace, options: PulseFitOptions = {}): PulseFit {
  checkTrace(trace, 'fitPulseTest');
  const { timeS: t, currentA: i, voltageV: v } = trace;
  const n = t.length;
  let maxI = 0;
  for (let k = 0; k < n; k++) maxI = Math.max(maxI, Math.abs(i[k]!));
  const threshold = options.loadThresholdA ?? 0.05 * maxI;
  const window = options.relaxWindowS ?? 400;
  const floor = options.relaxFloorV ?? 0.002;
  if (!(maxI > 0)) throw new RangeError('fitPulseTest: the trace has no current: expected constant-current pulses separated by rests');
  const q = cumulativeChargeC(trace);
  const loaded = Array.from({ length: n }, (_, k) => Math.abs(i[k]!) > threshold);
  const segments = runs(loaded);
  const fit: PulseFit = { ocvPoints: [], pulses: [] };
  segments.forEach((seg, s) => {
    if (seg.loaded) return;
    fit.ocvPoints.push({ dischargedC: q[seg.end]!, ocvV: v[seg.end]! });
    const pulse = segments[s - 1];
    if (pulse === undefined) return;
    const e = pulse.end;
    const edgeS = (t[e]! + t[e + 1]!) / 2;
    const startS = pulse.start > 0 ? (t[pulse.start - 1]! + t[pulse.start]!) / 2 : t[pulse.start]!;
    let sumI = 0;
    for (let k = pulse.start; k <= e; k++) sumI += i[k]!;
    const currentA = sumI / (e - pulse.start + 1);
    const ocvV = v[seg.end]!;
    const ts: number[] = [];
    const ys: number[] = [];
    for (let k = seg.start; k <= seg.end && t[k]! - edgeS <= window; k++) {
      const y = ocvV - v[k]!;
      if (y > floor) {
        ts.push(t[k]! - edgeS);
        ys.push(y);
      }
    }
    const decay = fitExponentialDecay(ts, ys);
    if (decay === undefined) return;
    const slope = e > pulse.start ? (v[e]! - v[e - 1]!) / (t[e]! - t[e - 1]!) : 0;
    const loadEdgeV = v[e]! + slope * (edgeS - t[e]!);
    const pulseS = edgeS - startS;
    fit.pulses.push({
      dischargedC: q[seg.end]!,
      currentA,
      pulseS,
      r0Ohm: (ocvV - decay.amplitudeV - loadEdgeV) / currentA,
      r1Ohm: decay.amplitudeV / (currentA * -Math.expm1(-pulseS / decay.tauS)),
      tau1S: decay.tauS,
    });
  });
  return fit;
}
