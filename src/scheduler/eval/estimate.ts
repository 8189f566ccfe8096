/**
 * Mean and 95% confidence interval over seeds: mean ± t(0.975, n−1) · s/√n
 * with the sample standard deviation s. The t quantiles are the two-sided
 * 95% critical values of Student's t for 1–30 degrees of freedom (NIST/
 * SEMATECH e-Handbook of Statistical Methods, §1.3.6.7.2, "Critical values
 * of the Student's t distribution"); beyond 30 the normal 1.960.
 */
import type { Estimate } from './evaluation-result.js';

const T_975 = [12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.16, 2.145, 2.131, 2.12, 2.11, 2.101, 2.093, 2.086, 2.08, 2.074, 2.069, 2.064, 2.06, 2.056, 2.052, 2.048, 2.045, 2.042];
const Z_975 = 1.96;

/** The t quantile for a two-sided 95% interval with `df` degrees of freedom. */
export function studentT975(df: number): number {
  if (!Number.isInteger(df) || df < 1) throw new RangeError(`studentT975: degrees of freedom must be a positive integer, got ${df}`);
  return df <= T_975.length ? T_975[df - 1]! : Z_975;
}

export function estimate(values: readonly number[]): Estimate {
  if (values.length === 0) throw new RangeError('estimate: no values');
  for (const v of values) if (!Number.isFinite(v)) throw new RangeError(`estimate: values must be finite, got ${v}`);
  const n = values.length;
  const mean = values.reduce((a, b) => a + b, 0) / n;
  if (n === 1) return { mean, low: mean, high: mean, values: [...values] };
  const s = Math.sqrt(values.reduce((a, v) => a + (v - mean) ** 2, 0) / (n - 1));
  const half = studentT975(n - 1) * (s / Math.sqrt(n));
  return { mean, low: mean - half, high: mean + half, values: [...values] };
}
