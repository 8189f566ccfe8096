/**
 * Error of an imputation on the entries that were missing. Scoring every
 * entry would dilute the error with the observed ones an imputer copies
 * through unchanged, so MAE and RMSE are taken over the masked entries only
 * (the protocol of e.g. W. Cao et al., "BRITS: Bidirectional Recurrent
 * Imputation for Time Series", NeurIPS 2018, and of CSDI, Y. Tashiro et
 * al., NeurIPS 2021). Masks here and in dropout-mask.ts / linear-interpolation.ts
 * mark a missing entry with 1 and an observed one with 0, and use the same
 * layout as the values they mask.
 */
import { requireBinary, requireSameLength, type NumericArray } from './argument-checks.js';

export interface MaskedErrors {
  /** Mean absolute error over the missing entries, in the values' unit. */
  mae: number;
  /** Root mean squared error over the missing entries. */
  rmse: number;
  /** Number of missing entries scored. */
  count: number;
}

/**
 * MAE and RMSE of `estimate` against `truth` where `mask` is 1. Only masked
 * entries are read, and they must be finite; the others may hold anything
 * (NaN for the gaps of a raw stream, say).
 */
export function maskedErrors(truth: NumericArray, estimate: NumericArray, mask: NumericArray): MaskedErrors {
  const who = 'maskedErrors';
  requireSameLength(who, 'truth', truth, 'estimate', estimate);
  requireSameLength(who, 'truth', truth, 'mask', mask);
  const count = requireBinary(who, 'mask', mask);
  if (count === 0) throw new RangeError(`${who}: mask marks no entry as missing (1); there is nothing to score`);
  let absolute = 0;
  let squared = 0;
  for (let i = 0; i < mask.length; i++) {
    if (mask[i] !== 1) continue;
    const t = truth[i]!;
    const e = estimate[i]!;
    if (!Number.isFinite(t)) throw new RangeError(`${who}: truth[${i}] is masked but not finite (got ${t})`);
    if (!Number.isFinite(e)) throw new RangeError(`${who}: estimate[${i}] is masked but not finite (got ${e})`);
    absolute += Math.abs(t - e);
    squared += (t - e) ** 2;
  }
  return { mae: absolute / count, rmse: Math.sqrt(squared / count), count };
}
