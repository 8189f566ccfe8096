/**
 * Group-wise weight quantization: one symmetric scale per group of
 * `groupSize` consecutive weights along the reduction axis (the input
 * features of a Linear, axis 1), instead of one per output channel. A
 * single outlier then widens the grid of its group only, which is what
 * makes 4- and 3-bit weights usable (Frantar, Ashkboos, Hoefler & Alistarh
 * 2023, "GPTQ: Accurate Post-Training Quantization for Generative
 * Pre-trained Transformers", ICLR, which pairs its solver with groups of
 * 128). The scale layout is ONNX's blocked quantization (DequantizeLinear
 * opset 21, `block_size`): the weight's shape with the grouped axis
 * replaced by ⌈K / groupSize⌉; a last group may be shorter.
 *
 * Values use the restricted symmetric range of qparams.ts, [−(2^(b−1)−1),
 * 2^(b−1)−1], zero point 0, scale = max|w_group| / qmax (at least MIN_SCALE).
 */
import type { Shape } from '../../engine/index.js';
import { axisLayout } from './axis-layout.js';
import { packedBytes } from './packing.js';
import { MIN_SCALE, symmetricRange } from './qparams.js';
import { roundHalfEven } from './round-half-even.js';

export interface GroupedQuantization {
  /** Quantized values, in the weight's order. */
  q: Int8Array;
  /** The weight's shape. */
  shape: number[];
  /** One scale per group, shaped `scaleShape`. */
  scales: Float32Array;
  scaleShape: number[];
  bits: number;
  groupSize: number;
  axis: number;
  /** Bytes of the values densely packed (packInt4/packInt2 for 4 and 2 bits). */
  weightBytes: number;
  /** Bytes of the float32 scales. */
  scaleBytes: number;
  /** weightBytes + scaleBytes. */
  storageBytes: number;
}

/** Bytes per stored scale: float32, as ONNX DequantizeLinear's float scales here. */
const SCALE_BYTES = 4;

export function quantizeGrouped(w: Float32Array, shape: Shape, bits: number, groupSize: number, axis: number): GroupedQuantization {
  const who = 'quantizeGrouped';
  if (!Number.isInteger(bits) || bits < 2 || bits > 8) throw new RangeError(`${who}: bits must be an integer from 2 to 8, got ${bits}`);
  if (!Number.isInteger(groupSize) || groupSize < 1) throw new RangeError(`${who}: groupSize must be a positive integer, got ${groupSize}`);
  const { axis: a, outer, channels: k, inner } = axisLayout(shape, axis, w.length, who);
  const groups = Math.ceil(k / groupSize);
  const { qmax } = symmetricRange(bits);
  const scales = new Float32Array(outer * groups * inner);
  const q = new Int8Array(w.length);
  // Element (o, i, j) sits at (o·k + i)·inner + j; its group's scale at (o·groups + ⌊i/groupSize⌋)·inner + j.
  for (let o = 0; o < outer; o++) {
    for (let g = 0; g < groups; g++) {
      for (let j = 0; j < inner; j++) {
        const at = (i: number): number => (o * k + i) * inner + j;
        const end = Math.min(k, (g + 1) * groupSize);
        let maxAbs = 0;
        for (let i = g * groupSize; i < end; i++) {
          const v = w[at(i)]!;
          if (!Number.isFinite(v)) throw new RangeError(`${who}: weight ${at(i)} is ${v}; weights must be finite`);
          maxAbs = Math.max(maxAbs, Math.abs(v));
        }
        const s = Math.fround(Math.max(maxAbs / qmax, MIN_SCALE));
        scales[(o * groups + g) * inner + j] = s;
        for (let i = g * groupSize; i < end; i++) {
          q[at(i)] = Math.min(Math.max(roundHalfEven(Math.fround(w[at(i)]! / s)), -qmax), qmax);
        }
      }
    }
  }
  const scaleShape = shape.map((d, i) => (i === a ? groups : d));
  const weightBytes = packedBytes(w.length, bits);
  const scaleBytes = scales.length * SCALE_BYTES;
  return { q, shape: [...shape], scales, scaleShape, bits, groupSize, axis: a, weightBytes, scaleBytes, storageBytes: weightBytes + scaleBytes };
}

/** w ≈ scale_group · q, in float32. */
export function dequantizeGrouped(g: GroupedQuantization): Float32Array {
  const { channels: k, inner } = axisLayout(g.shape, g.axis, g.q.length, 'dequantizeGrouped');
  const groups = Math.ceil(k / g.groupSize);
  const out = new Float32Array(g.q.length);
  for (let idx = 0; idx < out.length; idx++) {
    const j = idx % inner;
    const i = Math.floor(idx / inner) % k;
    const o = Math.floor(idx / (inner * k));
    out[idx] = g.q[idx]! * g.scales[(o * groups + Math.floor(i / g.groupSize)) * inner + j]!;
  }
  return out;
}
