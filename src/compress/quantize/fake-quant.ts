/**
 * Fake quantization ("simulated quantization", Jacob et al. 2018, sec. 3):
 * the forward pass rounds x to the integer grid and maps it back,
 *
 *   fq(x) = (clip(roundHalfEven(x / s) + z, qmin, qmax) − z) · s,
 *
 * so training sees the quantization error, while the backward pass uses the
 * clipped straight-through estimator (Bengio, Léonard & Courville 2013,
 * "Estimating or Propagating Gradients Through Stochastic Neurons for
 * Conditional Computation", arXiv:1308.3432; Jacob et al. 2018, sec. 3):
 * round counts as the identity, so ∂fq/∂x = 1 where the clip is inactive —
 * roundHalfEven(x / s) + z inside [qmin, qmax], PyTorch's mask in
 * `fake_quantize_per_tensor_affine` — and 0 where x saturates.
 *
 * Composed from engine primitives (div, round, add, clip, sub, mul, cmpGt);
 * in float32 each step rounds as `quantizeArray` / `dequantizeArray` do, so
 * the forward values equal dequantizeArray(quantizeArray(x)) exactly. The
 * gradient is built as fq + (x − detach(x)) · mask: the second term is
 * exactly 0 forwards (no rounding disturbs fq) and has derivative mask.
 */
import { add, clip, detach, formatShape, gt, mul, noGrad, round, sub, tensor, div, type Tensor } from '../../engine/index.js';

export interface FakeQuantParams {
  /** One positive scale, or one per channel along `axis`. */
  scale: number | ArrayLike<number>;
  /** One integer zero point, or one per channel along `axis`. */
  zeroPoint: number | ArrayLike<number>;
  qmin: number;
  qmax: number;
  /** Channel axis of per-channel scale and zero point; null or absent per tensor. A `QuantParams` fits as is. */
  axis?: number | null;
}

export function fakeQuantize(x: Tensor, p: FakeQuantParams): Tensor {
  const { scale, zeroPoint } = quantTensors(x, p);
  const { qmin, qmax } = p;
  const grid = noGrad(() => {
    const rounded = add(round(div(x, scale)), zeroPoint);
    const values = mul(sub(clip(rounded, qmin, qmax), zeroPoint), scale);
    // rounded is integer-valued: rounded >= qmin ⟺ rounded > qmin − ½.
    const inside = mul(gt(rounded, qmin - 0.5), gt(qmax + 0.5, rounded));
    return { values, inside };
  });
  if (!x.requiresGrad) return grid.values;
  return add(grid.values, mul(sub(x, detach(x)), grid.inside));
}

/** Scale and zero point as tensors of x's dtype and backend that broadcast over x. */
function quantTensors(x: Tensor, p: FakeQuantParams): { scale: Tensor; zeroPoint: Tensor } {
  const who = 'fakeQuantize';
  if (!Number.isInteger(p.qmin) || !Number.isInteger(p.qmax) || p.qmin >= p.qmax) {
    throw new RangeError(`${who}: expected integers qmin < qmax, got qmin ${p.qmin}, qmax ${p.qmax}`);
  }
  const scales = typeof p.scale === 'number' ? [p.scale] : Array.from(p.scale);
  const zeros = typeof p.zeroPoint === 'number' ? [p.zeroPoint] : Array.from(p.zeroPoint);
  if (scales.length !== zeros.length) throw new RangeError(`${who}: ${scales.length} scales but ${zeros.length} zero points`);
  scales.forEach((s, c) => {
    if (!(s > 0) || !Number.isFinite(s)) throw new RangeError(`${who}: scale[${c}] is ${s}; scales must be positive and finite`);
  });
  zeros.forEach((z, c) => {
    if (!Number.isInteger(z) || z < p.qmin || z > p.qmax) throw new RangeError(`${who}: zeroPoint[${c}] is ${z}; expected an integer in [${p.qmin}, ${p.qmax}]`);
  });
  const shape = broadcastShape(x, p.axis ?? null, scales.length, who);
  return { scale: tensor(scales, shape, x.dtype, x.backend), zeroPoint: tensor(zeros, shape, x.dtype, x.backend) };
}

/** [] per tensor; per channel, ones with the channel count at `axis`. */
function broadcastShape(x: Tensor, axis: number | null, channels: number, who: string): number[] {
  if (axis === null) {
    if (channels !== 1) throw new RangeError(`${who}: ${channels} scales need an axis; per tensor takes one`);
    return [];
  }
  const a = axis < 0 ? axis + x.rank : axis;
  if (!Number.isInteger(a) || a < 0 || a >= x.rank) throw new RangeError(`${who}: axis ${axis} is out of range for x of shape ${formatShape(x.shape)}`);
  if (x.shape[a] !== channels) throw new RangeError(`${who}: axis ${axis} of x ${formatShape(x.shape)} has ${x.shape[a]} channels but ${channels} scales were given`);
  return x.shape.map((_, i) => (i === a ? channels : 1));
}
