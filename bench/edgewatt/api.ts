/**
 * The slice of Edgewatt's public API the benchmarks use, and its loader.
 *
 * The contenders are typed against this structural description rather than
 * importing src/ directly, and src/ is loaded with a dynamic import, so that
 * the harness (and its tfjs baselines) still builds and runs while the engine
 * is mid-change: a missing module or export makes the Edgewatt contenders
 * "skipped" with the reason, never a crashed run. When the API is stable,
 * these interfaces can become `typeof import('../../src/engine/index.js')`.
 */
import type { Rng } from '../../src/engine/random.js';
import { NotAvailableError } from '../contender.js';

export type EwTypedArray = Float32Array | Float64Array | Int32Array | Int8Array;

export interface EwTensor {
  readonly shape: readonly number[];
  readonly size: number;
  /** A copy of the elements (forces the result to exist, whatever the backend). */
  toArray(): EwTypedArray;
  dispose(): void;
  backward(): void;
}

export interface EwMatmulOptions {
  readonly transA?: boolean;
  readonly transB?: boolean;
}

export interface EwEngine {
  setBackend(name: 'wasm' | 'reference'): unknown;
  tensor(data: EwTypedArray | number[], shape: readonly number[]): EwTensor;
  randn(shape: readonly number[], rng: Rng): EwTensor;
  matmul(a: EwTensor, b: EwTensor, opts?: EwMatmulOptions): EwTensor;
  matmulInt8(a: EwTensor, b: EwTensor, opts?: EwMatmulOptions): EwTensor;
  tidy<T>(fn: () => T): T;
  noGrad<T>(fn: () => T): T;
  Rng: new (seed: number) => Rng;
}

export interface EwModule {
  forward(x: EwTensor): EwTensor;
  train(): unknown;
  eval(): unknown;
  parameters(): EwTensor[];
}

export interface EwNn {
  /** The MLPerf Tiny ResNet-8; `inputSize` is the side of the square NCHW input (default 32). */
  resnet8(config?: { readonly inputSize?: number }): EwModule;
  /** The HAR 1-D CNN (input [inputChannels, inputLength]). */
  cnn1d(config?: { readonly inputChannels?: number; readonly inputLength?: number; readonly numClasses?: number }): EwModule;
}

/** The integer-only model's options, as the benchmarks set them. */
export interface EwQuantizeOptions {
  readonly inputShape: readonly number[];
  readonly calibration: 'minmax';
  readonly biasCorrection: boolean;
}

export interface EwCompress {
  /** Folds each batch norm into the conv/linear before it, in place (compress/quantize/fold-batch-norm.ts). */
  foldBatchNorm(model: EwModule): unknown;
  /** Post-training int8: the integer-only QuantizedModel of a float model (compress/integer/quantize-model.ts). */
  quantizeModel(model: EwModule, calibration: readonly EwTensor[], options: EwQuantizeOptions): EwModule & { dispose(): void };
}

export interface EwOptimizer {
  step(): void;
  zeroGrad(): void;
}

export interface EwTrain {
  SGD: new (params: EwTensor[], opts: { lr: number; momentum: number }) => EwOptimizer;
  crossEntropy(logits: EwTensor, labels: Int32Array | EwTensor): EwTensor;
}

/** Which of the entry modules a contender needs. */
export interface Edgewatt {
  readonly engine: EwEngine;
  readonly nn: EwNn;
  readonly train: EwTrain;
  readonly compress: EwCompress;
}

/** The backend every Edgewatt figure is measured on: the WebAssembly SIMD one, single-threaded. */
export const EDGEWATT_BACKEND = 'wasm';

type Part = keyof Edgewatt;

/** Module path (relative to this file, which sits at the same depth in dist/) and the exports used from it. */
const PARTS: { readonly [P in Part]: { readonly path: string; readonly exports: readonly (keyof Edgewatt[P])[] } } = {
  engine: {
    path: '../../src/engine/index.js',
    exports: ['setBackend', 'tensor', 'randn', 'matmul', 'matmulInt8', 'tidy', 'noGrad', 'Rng'],
  },
  nn: { path: '../../src/nn/index.js', exports: ['resnet8', 'cnn1d'] },
  train: { path: '../../src/train/index.js', exports: ['SGD', 'crossEntropy'] },
  compress: { path: '../../src/compress/index.js', exports: ['foldBatchNorm', 'quantizeModel'] },
};

const loaded = new Map<Part, Promise<unknown>>();

async function loadPart<P extends Part>(part: P): Promise<Edgewatt[P]> {
  let p = loaded.get(part);
  if (!p) {
    p = (async () => {
      const { path, exports } = PARTS[part];
      let mod: Record<string, unknown>;
      try {
        mod = (await import(new URL(path, import.meta.url).href)) as Record<string, unknown>;
      } catch (e) {
        throw new NotAvailableError(`cannot load src/${part}: ${e instanceof Error ? e.message : String(e)}`);
      }
      const missing = exports.filter((name) => mod[name as string] === undefined);
      if (missing.length > 0) throw new NotAvailableError(`src/${part} does not export ${missing.join(', ')}`);
      return mod;
    })();
    loaded.set(part, p);
  }
  return (await p) as Edgewatt[P];
}

/**
 * The engine with its benchmark backend active, plus whichever of nn/train
 * are asked for. Throws an Error saying what is missing.
 */
export async function loadEdgewatt<P extends Part>(...parts: P[]): Promise<Pick<Edgewatt, 'engine' | P>> {
  const engine = await loadPart('engine');
  try {
    engine.setBackend(EDGEWATT_BACKEND);
  } catch (e) {
    throw new NotAvailableError(`Edgewatt backend "${EDGEWATT_BACKEND}" unavailable: ${e instanceof Error ? e.message : String(e)}`);
  }
  const out: Partial<Edgewatt> = { engine };
  for (const part of parts) (out as Record<Part, unknown>)[part] = await loadPart(part);
  return out as Pick<Edgewatt, 'engine' | P>;
}
