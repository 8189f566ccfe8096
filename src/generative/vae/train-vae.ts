/**
 * Training a sensor VAE on Edgewatt's engine: AdamW on the −ELBO
 * (elbo.ts) over shuffled mini-batches, the KL weight warmed up linearly
 * from 0 to β over the first epochs (Bowman et al. 2016, "Generating
 * Sentences from a Continuous Space", sec. 3.1: without it the posterior
 * collapses onto the prior early), and the weights of the epoch with the
 * lowest validation −ELBO restored at the end (the mean path, deterministic,
 * so epochs compare without sampling noise).
 *
 * Defaults, each from a source: learning rate 1e-3 (Kingma & Ba 2015,
 * Algorithm 1); batch 64 and 10% of the epochs of warm-up are this
 * project's choice, measured in docs/generative.md.
 */
import { exp, noGrad, square, tensor, tidy, type Rng } from '../../engine/index.js';
import type { SensorVae } from '../../nn/index.js';
import { AdamW, createProgress, loadModuleArrays, moduleArrays } from '../../train/index.js';
import { checkWindowSet, type WindowSet } from '../metrics/window-set.js';
import { elboTerms } from './elbo.js';

/** Windows, with a class per window for a conditional model. */
export interface TrainingWindows {
  windows: WindowSet;
  labels?: Int32Array;
}

export interface TrainVaeOptions {
  epochs: number;
  /** Default 64. */
  batchSize?: number;
  /** Default 1e-3. */
  lr?: number;
  /** Default 0 (no decay: the KL term already regularises the latent). */
  weightDecay?: number;
  /** KL weight after warm-up; default 1 (the plain ELBO). */
  beta?: number;
  /** Epochs over which the KL weight ramps from 0 to β; default ceil(epochs / 10). */
  warmupEpochs?: number;
  /** Stop after this many seconds of training; default no limit. */
  timeBudgetS?: number;
  progress?: boolean;
  label?: string;
}

export interface VaeEpoch {
  epoch: number;
  beta: number;
  /** Mean per window over the epoch's batches. */
  trainReconstruction: number;
  trainKl: number;
  /** Validation −ELBO (mean path) per window, when validation windows are given. */
  valLoss?: number;
  seconds: number;
}

export interface VaeTrainingResult {
  epochs: VaeEpoch[];
  /** The epoch whose weights the model holds now (lowest validation −ELBO, else the last). */
  bestEpoch: number;
  stoppedByBudget: boolean;
}

const WHO = 'trainVae';

export async function trainVae(model: SensorVae, train: TrainingWindows, rng: Rng, options: TrainVaeOptions, validation?: TrainingWindows): Promise<VaeTrainingResult> {
  const epochs = positiveInt(options.epochs, 'options.epochs');
  const batchSize = positiveInt(options.batchSize ?? 64, 'options.batchSize');
  const beta = options.beta ?? 1;
  if (!(beta >= 0)) throw new RangeError(`${WHO}: options.beta must be >= 0, got ${beta}`);
  const warmup = options.warmupEpochs ?? Math.ceil(epochs / 10);
  if (!Number.isInteger(warmup) || warmup < 0) throw new RangeError(`${WHO}: options.warmupEpochs must be an integer >= 0, got ${warmup}`);
  checkFits(model, train, 'train');
  if (validation) checkFits(model, validation, 'validation');
  const optimizer = new AdamW(model.parameters(), { lr: options.lr ?? 1e-3, weightDecay: options.weightDecay ?? 0 });
  const { windows } = train;
  const perWindow = windows.channels * windows.length;
  const order = Int32Array.from({ length: windows.count }, (_, i) => i);
  const steps = Math.ceil(windows.count / batchSize);
  const result: VaeTrainingResult = { epochs: [], bestEpoch: 0, stoppedByBudget: false };
  let best: { loss: number; arrays: ReturnType<typeof moduleArrays> } | undefined;
  const started = performance.now() / 1000;
  for (let epoch = 1; epoch <= epochs && !result.stoppedByBudget; epoch++) {
    const t0 = performance.now() / 1000;
    const betaNow = warmup === 0 ? beta : beta * Math.min(1, (epoch - 1) / warmup);
    rng.shuffle(order);
    model.train();
    const progress = createProgress({ total: steps, label: `${options.label ?? 'vae'} epoch ${epoch}/${epochs}`, enabled: options.progress ?? false });
    let recSum = 0;
    let klSum = 0;
    let seen = 0;
    try {
      for (let s = 0; s < steps; s++) {
        const idx = order.subarray(s * batchSize, Math.min(windows.count, (s + 1) * batchSize));
        const x = new Float32Array(idx.length * perWindow);
        idx.forEach((w, k) => x.set(windows.data.subarray(w * perWindow, (w + 1) * perWindow), k * perWindow));
        const labels = train.labels ? Int32Array.from(idx, (w) => train.labels![w]!) : undefined;
        const [rec, kl] = tidy(() => {
          const terms = elboTerms(model, tensor(x, [idx.length, windows.channels, windows.length]), labels, betaNow, rng);
          const values = [terms.reconstruction.item(), terms.kl.item()] as const;
          if (!values.every(Number.isFinite)) return values;
          optimizer.zeroGrad();
          terms.loss.backward();
          optimizer.step();
          return values;
        });
        if (!Number.isFinite(rec) || !Number.isFinite(kl)) throw new Error(`${WHO}: the loss became non-finite at epoch ${epoch}, batch ${s + 1} (reconstruction ${rec}, KL ${kl}); lower the learning rate or check that the windows are standardised`);
        recSum += rec * idx.length;
        klSum += kl * idx.length;
        seen += idx.length;
        progress.increment({ loss: rec + betaNow * kl, samples: seen });
        if (options.timeBudgetS !== undefined && performance.now() / 1000 - started > options.timeBudgetS) {
          result.stoppedByBudget = true;
          break;
        }
      }
    } finally {
      progress.stop();
    }
    const record: VaeEpoch = { epoch, beta: betaNow, trainReconstruction: recSum / seen, trainKl: klSum / seen, seconds: performance.now() / 1000 - t0 };
    if (validation) {
      record.valLoss = validationLoss(model, validation, beta, batchSize);
      if (!best || record.valLoss < best.loss) {
        best = { loss: record.valLoss, arrays: moduleArrays(model) };
        result.bestEpoch = epoch;
      }
    } else {
      result.bestEpoch = epoch;
    }
    result.epochs.push(record);
  }
  if (best) loadModuleArrays(model, best.arrays, `${WHO} (best epoch ${result.bestEpoch})`);
  model.eval();
  return result;
}

/** Mean over windows of the mean-path −ELBO: ½‖x − decoder(μ)‖² + β·KL(q(z|x) ‖ N(0, I)). */
export function validationLoss(model: SensorVae, data: TrainingWindows, beta: number, batchSize = 256): number {
  const { windows } = data;
  const perWindow = windows.channels * windows.length;
  const wasTraining = model.training;
  model.eval();
  let total = 0;
  for (let start = 0; start < windows.count; start += batchSize) {
    const n = Math.min(batchSize, windows.count - start);
    const x = Float32Array.from(windows.data.subarray(start * perWindow, (start + n) * perWindow));
    const labels = data.labels?.subarray(start, start + n);
    total += noGrad(() =>
      tidy(() => {
        const xt = tensor(x, [n, windows.channels, windows.length]);
        const { mean: mu, logVar } = model.encode(xt, labels);
        const rec = square(xt.sub(model.decode(mu, labels))).sum().mul(0.5);
        const kl = square(mu).add(exp(logVar)).sub(logVar).sub(1).sum().mul(0.5 * beta);
        return rec.add(kl).item();
      }),
    );
  }
  if (wasTraining) model.train();
  return total / windows.count;
}

function checkFits(model: SensorVae, data: TrainingWindows, name: string): void {
  checkWindowSet(WHO, `${name}.windows`, data.windows);
  const c = model.spec.config;
  const { channels, length, count } = data.windows;
  if (channels !== c.inputChannels || length !== c.inputLength) {
    throw new RangeError(`${WHO}: ${name} windows are [${channels}, ${length}] but the model takes [${c.inputChannels}, ${c.inputLength}]`);
  }
  if (c.classes > 0) {
    const labels = data.labels;
    if (!labels || labels.length !== count) throw new RangeError(`${WHO}: a conditional VAE needs ${name}.labels, one per window (${count}), got ${labels ? labels.length : 'none'}`);
    labels.forEach((y, i) => {
      if (!Number.isInteger(y) || y < 0 || y >= c.classes) throw new RangeError(`${WHO}: ${name}.labels[${i}] = ${y}; expected a class in [0, ${c.classes})`);
    });
  }
}

function positiveInt(v: number, name: string): number {
  if (!Number.isInteger(v) || v < 1) throw new RangeError(`${WHO}: ${name} must be a positive integer, got ${v}`);
  return v;
}
