/**
 * Round half to even (IEEE 754 roundTiesToEven), the rounding ONNX
 * QuantizeLinear specifies ("rounding to nearest ties to even", onnx/docs/
 * Operators.md, QuantizeLinear) and the engine's `round` primitive uses.
 * `Math.round` rounds ties towards +∞ (−2.5 → −2, 2.5 → 3), which would
 * bias quantized values upwards and disagree with onnxruntime at ties.
 */
export function roundHalfEven(x: number): number {
  const f = Math.floor(x);
  const d = x - f;
  if (d < 0.5) return f;
  if (d > 0.5) return f + 1;
  // An exact tie: the even neighbour (f % 2 is −0, 0, −1 or 1).
  return f % 2 === 0 ? f : f + 1;
}
