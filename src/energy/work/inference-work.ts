/**
 * The work of one inference as the energy model sees it (DESIGN.md, "Model
 * summary (nn → energy)"): per layer, MACs with their op class and
 * precision, output elements, and bytes of weights and activations. Nothing
 * else about a model reaches the energy model.
 */
import type { ModelSummary } from '../../nn/summary.js';
import type { OpClass } from '../../nn/module.js';
import { PRECISIONS, type Precision } from '../profile/precision.js';

export interface WorkLayer {
  name: string;
  opClass: OpClass;
  precision: Precision;
  macs: number;
  /** Output elements written (each pays a requantization / bias / store on an interpreter). */
  outputs: number;
  /** Bytes of this layer's weights at their storage precision. */
  weightBytes: number;
  /** Bytes read and written: the input and the output at the activation precision. */
  activationBytes: number;
}

export interface InferenceWork {
  layers: WorkLayer[];
  /** Largest live set of activations, bytes (input + output of one layer). */
  peakActivationBytes: number;
  /** All weights, bytes at their storage precision. */
  weightBytes: number;
}

const BITS: Record<Precision, number> = { float32: 32, int16: 16, int8: 8, int4: 4, int2: 2 };

function asPrecision(dtype: string): Precision {
  return (PRECISIONS as readonly string[]).includes(dtype) ? (dtype as Precision) : 'float32';
}

export interface WorkFromSummaryOptions {
  /**
   * Run the model at this precision instead of its dtype: the MLPerf Tiny
   * models are int8 on the MCU while the zoo's modules are float32. Weight
   * and activation bytes are rescaled by the bit width (int4/int2 weights
   * packed, their activations int8 as in the integer path).
   */
  precision?: Precision;
  /** Per-layer weight bits by layer path (a mixed-precision rung); overrides `precision` for those layers' MACs and weights. */
  bitsPerLayer?: Readonly<Record<string, number>>;
}

const BY_BITS: Record<number, Precision> = { 32: 'float32', 16: 'int16', 8: 'int8', 4: 'int4', 2: 'int2' };

/** The work of a summarised model, optionally re-priced at a lower precision. */
export function workFromSummary(summary: ModelSummary, options: WorkFromSummaryOptions = {}): InferenceWork {
  const layers = summary.layers
    .filter((l) => l.macs > 0 || l.ops > 0)
    .map((l): WorkLayer => {
      const native = asPrecision(l.precision);
      const bits = options.bitsPerLayer?.[l.name];
      const precision = bits !== undefined ? (BY_BITS[bits] ?? native) : (options.precision ?? native);
      const weightScale = BITS[precision] / BITS[native];
      // Activations stay int8 below 8 bits (weights-only low-bit, as the integer path runs them).
      const actScale = Math.max(8, BITS[options.precision ?? native]) / BITS[native];
      return {
        name: l.name,
        opClass: l.opClass,
        precision,
        macs: l.macs,
        outputs: l.outputShape.reduce((a, b) => a * b, 1),
        weightBytes: Math.ceil(l.paramBytes * weightScale),
        activationBytes: Math.ceil((l.inputBytes + l.activationBytes) * actScale),
      };
    });
  const actScale = Math.max(8, BITS[options.precision ?? 'float32']) / 32;
  return {
    layers,
    peakActivationBytes: Math.ceil(summary.peakActivationBytes * (options.precision ? actScale : 1)),
    weightBytes: layers.reduce((n, l) => n + l.weightBytes, 0),
  };
}

/** MACs per precision, as the ladder manifest records them. */
export function macsByPrecision(work: InferenceWork): Partial<Record<Precision, number>> {
  const out: Partial<Record<Precision, number>> = {};
  for (const l of work.layers) if (l.macs > 0) out[l.precision] = (out[l.precision] ?? 0) + l.macs;
  return out;
}

/**
 * Work from published aggregate figures (a model outside the zoo): one
 * pseudo-layer per op class carrying its share of the MACs, outputs and
 * bytes in proportion to its MACs, and the per-layer overheads spread over
 * the stated layer count.
 */
export function workFromAggregate(agg: {
  macs: { conv: number; depthwise: number; dense: number };
  outputs: number;
  layers: number;
  weightBytes: number;
  activationBytes: number;
  peakActivationBytes: number;
}, precision: Precision): InferenceWork {
  const total = agg.macs.conv + agg.macs.depthwise + agg.macs.dense;
  const classes = (['conv', 'depthwise', 'dense'] as const).filter((c) => agg.macs[c] > 0);
  const layers: WorkLayer[] = [];
  let remainingLayers = agg.layers;
  classes.forEach((c, i) => {
    const share = agg.macs[c] / total;
    const n = i === classes.length - 1 ? Math.max(1, remainingLayers) : Math.max(1, Math.round(agg.layers * share));
    remainingLayers -= n;
    for (let k = 0; k < n; k++) {
      layers.push({
        name: `${c}.${k}`,
        opClass: c,
        precision,
        macs: agg.macs[c] / n,
        outputs: (agg.outputs * share) / n,
        weightBytes: (agg.weightBytes * share) / n,
        activationBytes: (agg.activationBytes * share) / n,
      });
    }
  });
  return { layers, peakActivationBytes: agg.peakActivationBytes, weightBytes: agg.weightBytes };
}

/** What a ladder variant records (structurally: energy does not import the ladder). */
export interface LadderFigures {
  macsByPrecision: Readonly<Record<string, number>>;
  weightBytes: number;
  work?: { opClassMacs: { conv: number; depthwise: number; dense: number }; outputs: number; layers: number; activationBytes: number; peakActivationBytes: number };
}

/**
 * Work of a ladder variant from its manifest figures: each precision's MACs
 * split over the op classes in the variant's overall proportions (a mixed
 * rung's int4 and int8 layers are not told apart by class). Without the
 * `work` record (ladders built before it existed) every MAC counts as conv
 * and activations as zero bytes — `approximate` says so.
 */
export function workFromLadderFigures(v: LadderFigures): { work: InferenceWork; approximate: boolean } {
  const w = v.work;
  const classMacs = w ? w.opClassMacs : { conv: 1, depthwise: 0, dense: 0 };
  const classTotal = classMacs.conv + classMacs.depthwise + classMacs.dense;
  const macTotal = Object.values(v.macsByPrecision).reduce((a, b) => a + b, 0);
  const layers: WorkLayer[] = [];
  for (const [p, macs] of Object.entries(v.macsByPrecision)) {
    if (!(PRECISIONS as readonly string[]).includes(p) || macs <= 0) continue;
    const share = macs / macTotal;
    for (const c of ['conv', 'depthwise', 'dense'] as const) {
      if (classMacs[c] === 0) continue;
      const f = classMacs[c] / classTotal;
      layers.push({
        name: `${p}.${c}`,
        opClass: c,
        precision: p as Precision,
        macs: macs * f,
        outputs: (w?.outputs ?? 0) * share * f,
        weightBytes: v.weightBytes * share * f,
        activationBytes: (w?.activationBytes ?? 0) * share * f,
      });
    }
  }
  return { work: { layers, peakActivationBytes: w?.peakActivationBytes ?? 0, weightBytes: v.weightBytes }, approximate: w === undefined };
}
