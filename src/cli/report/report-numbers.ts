/**
 * How numbers are written in evaluation reports. An estimate over several
 * seeds reads "mean ± half-width" of its 95% interval, with the half-width
 * to two significant figures and the mean to the same decimal place — the
 * usual convention (e.g. BIPM, JCGM 100:2008 "GUM" §7.2.6: do not give the
 * uncertainty to more than two significant digits). One seed reads as a
 * bare value to three significant figures. A missing value reads "—", never
 * "NaN".
 */
import type { Estimate } from '../../scheduler/eval/evaluation-result.js';

/** Digits after the point, capped so tiny values do not print as a string of zeros. */
const MAX_DECIMALS = 6;

function decimalsFor(magnitude: number, significant: number): number {
  if (!(magnitude > 0) || !Number.isFinite(magnitude)) return 0;
  return Math.min(MAX_DECIMALS, Math.max(0, significant - 1 - Math.floor(Math.log10(magnitude))));
}

/** `v` with `decimals` digits after the point, never "-0.0". */
export function fixed(v: number, decimals: number): string {
  const s = v.toFixed(decimals);
  return /^-0(\.0*)?$/.test(s) ? s.slice(1) : s; // no "-0.0"
}

/** A single value: three significant figures (whole numbers above 100), "—" when NaN, "∞" when infinite. */
export function formatNumber(v: number): string {
  if (Number.isNaN(v)) return '—';
  if (!Number.isFinite(v)) return v > 0 ? '∞' : '−∞';
  return fixed(v, decimalsFor(Math.abs(v), 3));
}

/**
 * `e` times `scale` (1e3 for s → ms, 100 for a fraction → %): "mean ± half-width"
 * when it has more than one seed, the mean alone otherwise. The half-width is
 * the larger distance from the mean to an interval bound (the two agree for
 * Student t; the larger one never understates).
 */
export function formatEstimate(e: Estimate, scale = 1): string {
  const mean = e.mean * scale;
  if (!Number.isFinite(mean) || e.values.length <= 1) return formatNumber(mean);
  const half = Math.max(Math.abs(e.high - e.mean), Math.abs(e.mean - e.low)) * scale;
  if (Number.isNaN(half)) return `${formatNumber(mean)} ± —`;
  if (!Number.isFinite(half)) return `${formatNumber(mean)} ± ∞`;
  if (half === 0) return formatNumber(mean);
  const d = decimalsFor(half, 2);
  return `${fixed(mean, d)} ± ${fixed(half, d)}`;
}

/** A fraction as a percentage with one decimal: 0.4523 → "45.2%". */
export function formatPercent(fraction: number): string {
  if (Number.isNaN(fraction)) return '—';
  if (!Number.isFinite(fraction)) return fraction > 0 ? '∞%' : '−∞%';
  return `${fixed(fraction * 100, 1)}%`;
}

/** Device time in the largest unit that keeps it ≥ 1: "90 s", "12.5 min", "24.0 h". */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return formatNumber(seconds);
  if (seconds >= 3600) return `${fixed(seconds / 3600, 1)} h`;
  if (seconds >= 60) return `${fixed(seconds / 60, 1)} min`;
  return `${formatNumber(seconds)} s`;
}
