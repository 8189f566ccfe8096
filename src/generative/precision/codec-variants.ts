/**
 * A VAE at every precision of the ladder, as latent codecs (latent-codec.ts)
 * built by the integer-only path (src/compress/integer):
 *
 *   fp32    the trained model
 *   int8    per-channel int8 weights, int8 activations (PTQ, minmax ranges,
 *           BN folded, ReLU fused, bias corrected)
 *   int4    int4 weights except the encoder's first and the decoder's last
 *           layer (int8), the ladder's int4 rung (src/compress/ladder)
 *   mixed   bits per layer from single-layer sensitivity under the int4
 *           variant's weight bytes, as the ladder's mixed rung; the
 *           sensitivity here is the mean squared change of the
 *           reconstruction (the quantity the anomaly score and imputation
 *           use), not a classifier's KL
 *
 * Each variant carries its weight bytes as stored and its work (per-layer
 * MACs by precision) for the energy model, encoder and decoder halves both.
 */
import { concat, noGrad, randn, Rng, tensor, tidy } from '../../engine/index.js';
import { summarize, type SensorVae } from '../../nn/index.js';
import { allocateBits, measureSensitivity, quantizeModel, quantizedSizeBytes, type LayerChoices, type QuantizedModel, type WeightBits } from '../../compress/index.js';
import { weightedLayers } from '../../compress/ladder/quantized-rungs.js';
import { workFromSummary, type InferenceWork } from '../../energy/index.js';
import type { WindowSet } from '../metrics/window-set.js';
import { encodeAll, encoderHalf, floatCodec, type LatentCodec } from './latent-codec.js';

export type CodecPrecision = 'fp32' | 'int8' | 'int4' | 'mixed';
export const CODEC_PRECISIONS: readonly CodecPrecision[] = ['fp32', 'int8', 'int4', 'mixed'];

export interface CodecVariant {
  id: CodecPrecision;
  codec: LatentCodec;
  /** Weight bits by layer path of each half; null for fp32. */
  bits: { encoder: Record<string, WeightBits>; decoder: Record<string, WeightBits> } | null;
  /** Bytes of both halves' weights as stored (int4 packed; scales and biases included for quantized variants). */
  weightBytes: number;
  /** The work of encoding one window and decoding it, for the energy model. */
  work: { encoder: InferenceWork; decoder: InferenceWork };
  /** Free the quantized models' buffers. */
  dispose(): void;
}

export interface CodecVariantOptions {
  /** Windows whose activation ranges calibrate the integer models (standardised, as the model sees them). */
  calibration: WindowSet;
  labels?: Int32Array;
  /** Latent samples from the prior added to the decoder's calibration (synthesis decodes those); default as many as windows. */
  priorSamples?: number;
  seed?: number;
  log?: (message: string) => void;
}

const WHO = 'codecVariants';

export async function codecVariants(vae: SensorVae, precisions: readonly CodecPrecision[], o: CodecVariantOptions): Promise<CodecVariant[]> {
  for (const p of precisions) if (!CODEC_PRECISIONS.includes(p)) throw new RangeError(`${WHO}: precisions are ${CODEC_PRECISIONS.join(', ')}, got "${p}"`);
  const c = vae.spec.config;
  const { calibration } = o;
  if (calibration.channels !== c.inputChannels || calibration.length !== c.inputLength) {
    throw new RangeError(`${WHO}: calibration windows are [${calibration.channels}, ${calibration.length}], the model takes [${c.inputChannels}, ${c.inputLength}]`);
  }
  if (c.classes > 0 && (!o.labels || o.labels.length !== calibration.count)) throw new RangeError(`${WHO}: a conditional VAE needs one calibration label per window (${calibration.count})`);
  vae.eval();
  const float = floatCodec(vae);
  const encHalf = encoderHalf(vae);
  const encShape = [c.inputChannels + c.classes, c.inputLength];
  const decShape = [c.latent + c.classes];
  const encSummary = summarize(encHalf, encShape);
  const decSummary = summarize(vae.decoder, decShape);
  // Calibration inputs of both halves, float, as the integer models will see them.
  const x = Float32Array.from(calibration.data);
  const encInput = noGrad(() => tidy(() => vae.encoderInput(tensor(x, [calibration.count, c.inputChannels, c.inputLength]), o.labels)));
  const mu = encodeAll(float, x, calibration.count, [c.inputChannels, c.inputLength], o.labels);
  const prior = o.priorSamples ?? calibration.count;
  const rng = new Rng(o.seed ?? 0);
  const decInput = noGrad(() =>
    tidy(() => {
      const fromData = vae.decoderInput(tensor(mu, [calibration.count, c.latent]), o.labels);
      if (prior === 0) return fromData;
      const priorLabels = c.classes > 0 ? Int32Array.from({ length: prior }, (_, i) => i % c.classes) : undefined;
      return concat([fromData, vae.decoderInput(randn([prior, c.latent], rng), priorLabels)], 0);
    }),
  );
  // Conv/linear layers with paths relative to each half, as quantizeModel's weightBits keys are.
  const encLayers = weightedLayers(encHalf);
  const decLayers = weightedLayers(vae.decoder);
  const quantize = (bits: { encoder: Record<string, WeightBits>; decoder: Record<string, WeightBits> }): { enc: QuantizedModel; dec: QuantizedModel } => ({
    enc: quantizeModel(encHalf, [encInput], { inputShape: encShape, weightBits: bits.encoder }),
    dec: quantizeModel(vae.decoder, [decInput], { inputShape: decShape, weightBits: bits.decoder }),
  });
  const uniform = (b: WeightBits) => ({ encoder: fill(encLayers, () => b), decoder: fill(decLayers, () => b) });
  const guarded4 = {
    encoder: fill(encLayers, (i) => (i === 0 ? 8 : 4)),
    decoder: fill(decLayers, (i) => (i === decLayers.length - 1 ? 8 : 4)),
  };
  const variants: CodecVariant[] = [];
  const make = (id: CodecPrecision, bits: { encoder: Record<string, WeightBits>; decoder: Record<string, WeightBits> }): CodecVariant => {
    const { enc, dec } = quantize(bits);
    const decBits = Object.fromEntries(Object.entries(bits.decoder).map(([p, b]) => [`${vae.decoder.path}.${p}`, b]));
    return {
      id,
      bits,
      weightBytes: quantizedSizeBytes(enc) + quantizedSizeBytes(dec),
      work: { encoder: workFromSummary(encSummary, { precision: 'int8', bitsPerLayer: bits.encoder }), decoder: workFromSummary(decSummary, { precision: 'int8', bitsPerLayer: decBits }) },
      codec: {
        id,
        latent: c.latent,
        classes: c.classes,
        encode: (xt, labels) => enc.call(vae.encoderInput(xt, labels)),
        decode: (z, labels) => dec.call(vae.decoderInput(z, labels)),
      },
      dispose: () => {
        enc.dispose();
        dec.dispose();
      },
    };
  };
  try {
    for (const p of precisions) {
      if (p === 'fp32') {
        variants.push({
          id: 'fp32', codec: float, bits: null,
          weightBytes: [...vae.stateDict()].filter(([n]) => !n.startsWith('logVar.')).reduce((s, [, t]) => s + t.size * 4, 0),
          work: { encoder: workFromSummary(encSummary), decoder: workFromSummary(decSummary) },
          dispose: () => undefined,
        });
      } else if (p === 'int8') {
        o.log?.('quantizing the VAE to int8');
        variants.push(make('int8', uniform(8)));
      } else if (p === 'int4') {
        o.log?.('quantizing the VAE to int4 (first and last layer int8)');
        variants.push(make('int4', guarded4));
      } else {
        o.log?.(`measuring the reconstruction sensitivity of ${encLayers.length + decLayers.length} layers at 4 and 2 bits`);
        variants.push(make('mixed', await mixedBits(x, calibration, o.labels, float, (bits) => make('mixed', bits), encLayers, decLayers, guarded4)));
      }
    }
  } finally {
    encInput.dispose();
    decInput.dispose();
  }
  return variants;
}

function fill(layers: { path: string }[], bits: (i: number) => WeightBits): Record<string, WeightBits> {
  return Object.fromEntries(layers.map((l, i) => [l.path, bits(i)]));
}

async function mixedBits(
  x: Float32Array,
  calibration: WindowSet,
  labels: Int32Array | undefined,
  float: LatentCodec,
  build: (b: { encoder: Record<string, WeightBits>; decoder: Record<string, WeightBits> }) => CodecVariant,
  encLayers: { path: string; weights: number }[],
  decLayers: { path: string; weights: number }[],
  guarded4: { encoder: Record<string, WeightBits>; decoder: Record<string, WeightBits> },
): Promise<{ encoder: Record<string, WeightBits>; decoder: Record<string, WeightBits> }> {
  const shape = [calibration.count, calibration.channels, calibration.length];
  const reference = noGrad(() => tidy(() => float.decode(float.encode(tensor(x, shape), labels), labels).toArray() as Float32Array));
  const all = [...encLayers.map((l) => ({ ...l, key: `encoder:${l.path}` })), ...decLayers.map((l) => ({ ...l, key: `decoder:${l.path}` }))];
  const split = (bits: Readonly<Record<string, number>>) => ({
    encoder: Object.fromEntries(encLayers.map((l) => [l.path, bits[`encoder:${l.path}`] as WeightBits])),
    decoder: Object.fromEntries(decLayers.map((l) => [l.path, bits[`decoder:${l.path}`] as WeightBits])),
  });
  const report = await measureSensitivity({
    layers: all.map((l) => l.key),
    bits: [4, 2],
    evaluate: (bits) => {
      const v = build(split(bits));
      try {
        const y = noGrad(() => tidy(() => v.codec.decode(v.codec.encode(tensor(x, shape), labels), labels).toArray() as Float32Array));
        let s = 0;
        for (let i = 0; i < y.length; i++) s += (y[i]! - reference[i]!) ** 2;
        return s / y.length;
      } finally {
        v.dispose();
      }
    },
  });
  const choices: LayerChoices[] = report.layers.map((s, i) => ({
    name: s.layer,
    choices: [8, 4, 2].map((b) => ({ bits: b, cost: Math.ceil((all[i]!.weights * b) / 8), sensitivity: s.byBits[b]! })),
  }));
  const budget = all.reduce((sum, l) => sum + Math.ceil((l.weights * (l.key.startsWith('encoder:') ? guarded4.encoder[l.path]! : guarded4.decoder[l.path]!)) / 8), 0);
  return split(allocateBits(choices, { budget, unit: 'weight bytes' }).bits);
}
