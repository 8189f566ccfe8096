/**
 * Ordinary least squares for the small systems calibration fits (a handful
 * of coefficients from a handful of published results): normal equations
 * solved by Gaussian elimination with partial pivoting. Exact when there
 * are as many independent equations as unknowns.
 */

/** Minimises ‖A·x − b‖² for A with rows.length ≥ columns; throws when the columns are dependent. */
export function leastSquares(a: readonly (readonly number[])[], b: readonly number[]): number[] {
  const n = a[0]?.length ?? 0;
  if (n === 0 || a.length < n || a.length !== b.length) throw new RangeError(`leastSquares: need at least ${n} rows of ${n} columns and one target per row, got ${a.length} rows and ${b.length} targets`);
  // Normal equations AᵀA x = Aᵀb, augmented.
  const m = Array.from({ length: n }, (_, i) => [
    ...Array.from({ length: n }, (_, j) => a.reduce((s, row) => s + row[i]! * row[j]!, 0)),
    a.reduce((s, row, r) => s + row[i]! * b[r]!, 0),
  ]);
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let r = col + 1; r < n; r++) if (Math.abs(m[r]![col]!) > Math.abs(m[pivot]![col]!)) pivot = r;
    const scale = Math.max(...m.map((row) => Math.abs(row[col]!)));
    if (Math.abs(m[pivot]![col]!) <= 1e-12 * (scale || 1)) throw new RangeError(`leastSquares: column ${col} is not determined by the data (the samples do not separate it from the others)`);
    [m[col], m[pivot]] = [m[pivot]!, m[col]!];
    for (let r = 0; r < n; r++) {
      if (r === col) continue;
      const f = m[r]![col]! / m[col]![col]!;
      for (let c = col; c <= n; c++) m[r]![c]! -= f * m[col]![c]!;
    }
  }
  return m.map((row, i) => row[n]! / row[i]!);
}
