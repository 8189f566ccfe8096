/**
 * A daily cycle of arrival rate: one cosine harmonic around the mean,
 *
 *   λ(t) = λ̄ · (1 + A · cos(2π (t − t_peak) / P)),   0 <= A <= 1,
 *
 * the first harmonic of a Fourier series for a periodic intensity: the
 * simplest daily cycle with a stated mean, peak time and peak-to-trough
 * ratio. It is a modelling choice, not a fitted law; a measured profile
 * would add harmonics. The mean over a whole period is λ̄
 * exactly; A = 1 lets the rate touch 0 at the trough (night-time silence).
 * Time 0 is midnight; P defaults to one day (86 400 s).
 *
 * The integral has a closed form, used for the expected count of a window
 * (the property tests' reference and the workload's nominal rate):
 *
 *   ∫_a^b λ = λ̄ [(b − a) + A P/(2π) (sin(2π(b − t_peak)/P) − sin(2π(a − t_peak)/P))].
 */
import { checkFinite, checkInRange, checkNonNegative, checkOptionsObject, checkPositive } from '../option-checks.js';

/** Seconds in a day: the default period of the cycle. */
export const SECONDS_PER_DAY = 86_400;

export interface DiurnalProfile {
  /** Mean rate over a period, 1/s (>= 0). */
  meanRatePerS: number;
  /** Relative amplitude A in [0, 1]: the peak is λ̄(1 + A), the trough λ̄(1 − A). */
  amplitude: number;
  /** Time of day of the peak, s after midnight, in [0, periodS). */
  peakTimeOfDayS: number;
  /** Period of the cycle, s; default one day. */
  periodS?: number;
}

/** Checks a profile and returns it with its period filled in. */
export function checkDiurnalProfile(who: string, profile: DiurnalProfile, name = 'options.diurnal'): Required<DiurnalProfile> {
  checkOptionsObject(`${who} (${name})`, profile);
  const periodS = checkPositive(who, `${name}.periodS`, profile.periodS ?? SECONDS_PER_DAY, 's');
  const peak = checkNonNegative(who, `${name}.peakTimeOfDayS`, profile.peakTimeOfDayS, 's');
  if (peak >= periodS) throw new RangeError(`${who}: ${name}.peakTimeOfDayS must be < the period (${periodS} s), got ${peak}`);
  return {
    meanRatePerS: checkNonNegative(who, `${name}.meanRatePerS`, profile.meanRatePerS, '1/s'),
    amplitude: checkInRange(who, `${name}.amplitude`, profile.amplitude, 0, 1),
    peakTimeOfDayS: peak,
    periodS,
  };
}

/** λ(t), 1/s. */
export function diurnalRatePerS(profile: Required<DiurnalProfile>, tS: number): number {
  const { meanRatePerS, amplitude, peakTimeOfDayS, periodS } = profile;
  return meanRatePerS * (1 + amplitude * Math.cos((2 * Math.PI * (tS - peakTimeOfDayS)) / periodS));
}

/** The largest rate of the cycle, λ̄(1 + A): the thinning bound. */
export function diurnalPeakRatePerS(profile: Required<DiurnalProfile>): number {
  return profile.meanRatePerS * (1 + profile.amplitude);
}

/** ∫ λ(t) dt over [fromS, toS]: the expected number of arrivals (see the file comment). */
export function diurnalExpectedCount(profile: DiurnalProfile, fromS: number, toS: number): number {
  const p = checkDiurnalProfile('diurnalExpectedCount', profile, 'profile');
  checkFinite('diurnalExpectedCount', 'fromS', fromS, 's');
  checkFinite('diurnalExpectedCount', 'toS', toS, 's');
  if (toS < fromS) throw new RangeError(`diurnalExpectedCount: toS (${toS}) must be >= fromS (${fromS})`);
  const w = (2 * Math.PI) / p.periodS;
  const oscillation = (p.amplitude / w) * (Math.sin(w * (toS - p.peakTimeOfDayS)) - Math.sin(w * (fromS - p.peakTimeOfDayS)));
  return p.meanRatePerS * (toS - fromS + oscillation);
}
