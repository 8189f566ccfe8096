/** Shared by the integer-path tests: small zoo models, calibration data and comparisons. */
import { getBackend, noGrad, randn, tidy, variance, type Rng, type Tensor } from '../../../src/engine/index.js';
import { BatchNorm, createModel, type Module } from '../../../src/nn/index.js';

export interface SmallModel {
  name: string;
  config: Record<string, number>;
  inputShape: number[];
}

/** The zoo models the integer path must support, sized so each runs in milliseconds. */
export const SMALL_ZOO: readonly SmallModel[] = [
  { name: 'resnet8', config: { inputSize: 16, numFilters: 8 }, inputShape: [3, 16, 16] },
  { name: 'cnn1d', config: {}, inputShape: [3, 26] },
  { name: 'dscnn', config: { filters: 16, blocks: 2 }, inputShape: [1, 49, 10] },
];

export function makeModel(m: SmallModel): Module {
  return createModel(m.name, m.config);
}

/** `count` batches of `n` standard-normal samples of `shape`. */
export function normalBatches(rng: Rng, shape: readonly number[], count: number, n: number): Tensor[] {
  return Array.from({ length: count }, () => randn([n, ...shape], rng));
}

/**
 * Sets every BatchNorm's running statistics to those of its input on a batch
 * of 64 standard-normal samples, as training would leave them (each set
 * before its layer runs, so later layers see normalised inputs), then eval
 * mode: the random model normalises its activations and its outputs depend
 * on the input.
 */
export function settleBatchNorm(model: Module, rng: Rng, shape: readonly number[]): void {
  const removers = model.namedModules().filter(([, m]) => m instanceof BatchNorm).map(([, m]) => {
    const bn = m as BatchNorm;
    return bn.addHooks({
      pre: (_m, x) => tidy(() => {
        const axes = x.shape.map((_, i) => i).filter((i) => i !== 1);
        // Compute first: an allocation may grow WebAssembly memory and detach earlier views.
        const mean = x.mean(axes).toArray();
        const vari = variance(x, axes).toArray();
        bn.runningMean.view().set(mean);
        bn.runningVar.view().set(vari);
      }),
    });
  });
  model.eval();
  try {
    noGrad(() => tidy(() => void model.call(randn([64, ...shape], rng))));
  } finally {
    for (const remove of removers) remove();
  }
}

export function floatOutput(model: Module, x: Tensor): Float32Array {
  return tidy(() => noGrad(() => model.call(x).toArray() as Float32Array));
}

export function argmaxRows(y: ArrayLike<number>, classes: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < y.length / classes; i++) {
    let best = 0;
    for (let k = 1; k < classes; k++) if (y[i * classes + k]! > y[i * classes + best]!) best = k;
    out.push(best);
  }
  return out;
}

/** Fraction of rows whose argmax agrees. */
export function top1Agreement(a: ArrayLike<number>, b: ArrayLike<number>, classes: number): number {
  const ta = argmaxRows(a, classes);
  const tb = argmaxRows(b, classes);
  return ta.filter((t, i) => t === tb[i]).length / ta.length;
}

/**
 * RMS of (got − want) over the RMS of want's deviation from its per-class
 * mean: the error relative to how much the outputs vary with the input
 * (a constant offset shared by all inputs would otherwise hide it).
 */
export function centredRelativeError(got: ArrayLike<number>, want: ArrayLike<number>, classes: number): number {
  const rows = want.length / classes;
  const mean = new Float64Array(classes);
  for (let i = 0; i < want.length; i++) mean[i % classes]! += want[i]! / rows;
  let err = 0;
  let spread = 0;
  for (let i = 0; i < want.length; i++) {
    err += (got[i]! - want[i]!) ** 2;
    spread += (want[i]! - mean[i % classes]!) ** 2;
  }
  return Math.sqrt(err / spread);
}

export function wasmUnavailable(): string | undefined {
  try {
    getBackend('wasm');
    return undefined;
  } catch (e) {
    return `WebAssembly backend unavailable: ${(e as Error).message}`;
  }
}

/**
 * A small 3-class task for cnn1d: 3-axis windows of 26 samples holding a
 * sinusoid of 2, 3 or 4 cycles (the class) with random phase and amplitude
 * per axis, in Gaussian noise. Close frequencies and strong noise keep it
 * from being trivially separable, so precision shows in the accuracy.
 */
export function sinusoidTask(n: number, rng: Rng, noise = 0.8): { x: Float32Array; y: Int32Array } {
  const x = new Float32Array(n * 3 * 26);
  const y = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const k = rng.int(3);
    y[i] = k;
    for (let a = 0; a < 3; a++) {
      const phase = rng.next() * 2 * Math.PI;
      const amp = 0.5 + rng.next();
      for (let t = 0; t < 26; t++) x[(i * 3 + a) * 26 + t] = amp * Math.sin((2 * Math.PI * (2 + k) * t) / 26 + phase) + noise * rng.normal();
    }
  }
  return { x, y };
}

/** A quantized model's int8 output (before DequantizeOutput), as plain numbers. */
export function int8Output(q: Module, x: Tensor): number[] {
  return tidy(() =>
    noGrad(() => {
      let v = x;
      for (const [name, child] of q.namedChildren()) if (name !== 'dequantizeOutput') v = child.call(v);
      if (v.dtype !== 'int8') throw new Error(`int8Output: the last layer gave ${v.dtype}`);
      return Array.from(v.toArray());
    }),
  );
}
