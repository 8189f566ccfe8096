/**
 * anomalyScores against ½‖x − decode(μ)‖² + ½‖μ‖² computed here from the
 * codec's own encode/decode, at fp32 and int8, and its point: after brief
 * training, windows unlike the training ones score higher.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { noGrad, Rng, tensor, tidy } from '../../../src/engine/index.js';
import { sensorVae } from '../../../src/nn/index.js';
import { anomalyScores } from '../../../src/generative/anomaly/anomaly-scores.js';
import { codecVariants } from '../../../src/generative/precision/codec-variants.js';
import { floatCodec, type LatentCodec } from '../../../src/generative/precision/latent-codec.js';
import type { WindowSet } from '../../../src/generative/metrics/index.js';
import { noisySines, SMALL_VAE, trainedSmallVae } from '../helpers.js';

const trained = trainedSmallVae();

/** Per window, in float64, one window at a time. */
function byHand(codec: LatentCodec, set: WindowSet, labels?: number[]): { scores: number[]; mse: number[] } {
  const per = set.channels * set.length;
  const scores: number[] = [];
  const mse: number[] = [];
  for (let w = 0; w < set.count; w++) {
    const x = Float32Array.from(set.data.subarray(w * per, (w + 1) * per));
    const lab = labels ? [labels[w]!] : undefined;
    const [mu, y] = noGrad(() =>
      tidy(() => {
        const m = codec.encode(tensor(x, [1, set.channels, set.length]), lab);
        return [Array.from(m.toArray()), Array.from(codec.decode(m, lab).toArray())];
      }),
    );
    const sse = y.reduce((s, v, i) => s + (x[i]! - v) ** 2, 0);
    scores.push(0.5 * sse + 0.5 * mu.reduce((s, v) => s + v * v, 0));
    mse.push(sse / per);
  }
  return { scores, mse };
}

function assertClose(got: ArrayLike<number>, want: number[], what: string): void {
  assert.equal(got.length, want.length, what);
  want.forEach((w, i) => assert.ok(Math.abs(got[i]! - w) <= 1e-4 * Math.max(1, Math.abs(w)), `${what}[${i}]: ${got[i]} vs ${w}`));
}

const mean = (a: ArrayLike<number>) => Array.from(a).reduce((s, v) => s + v, 0) / a.length;

test('the score is ½‖x − x̂‖² + ½‖μ‖² and the MSE ‖x − x̂‖²/D, at fp32 and int8, whatever the batch size', async () => {
  const { vae, train } = await trained;
  const windows = noisySines(7, 32, new Rng(30));
  const variants = await codecVariants(vae, ['fp32', 'int8'], { calibration: train });
  try {
    for (const v of variants) {
      const want = byHand(v.codec, windows);
      const got = anomalyScores(v.codec, windows);
      assertClose(got.scores, want.scores, `${v.id} scores`);
      assertClose(got.reconstructionMse, want.mse, `${v.id} reconstructionMse`);
      assertClose(anomalyScores(v.codec, windows, undefined, 3).scores, want.scores, `${v.id} scores in batches of 3`);
    }
  } finally {
    for (const v of variants) v.dispose();
  }
});

test('windows far from the training distribution score higher on average', async () => {
  const { vae } = await trained;
  const codec = floatCodec(vae);
  const normal = anomalyScores(codec, noisySines(64, 32, new Rng(31))).scores;
  const far: Record<string, WindowSet> = {
    'offset +2': noisySines(64, 32, new Rng(32), { offset: 2 }),
    'amplitude 3': noisySines(64, 32, new Rng(33), { amplitude: 3 }),
    '5 cycles': noisySines(64, 32, new Rng(34), { cycles: 5 }),
    'white noise': noisySines(64, 32, new Rng(35), { amplitude: 0, noise: 1 }),
  };
  // Observed means: 1.9 on training-like windows; 9 (5 cycles) to 74 (offset) on the others.
  for (const [name, set] of Object.entries(far)) {
    const s = anomalyScores(codec, set).scores;
    assert.ok(mean(s) > 2 * mean(normal), `${name}: mean score ${mean(s).toFixed(2)} vs ${mean(normal).toFixed(2)} on training-like windows`);
  }
});

test('a conditional codec scores with the labels it is given', () => {
  const vae = sensorVae({ ...SMALL_VAE, classes: 2 });
  const codec = floatCodec(vae);
  const windows = noisySines(4, 32, new Rng(36));
  const labels = [1, 0, 0, 1];
  assertClose(anomalyScores(codec, windows, labels).scores, byHand(codec, windows, labels).scores, 'conditional scores');
  assert.throws(() => anomalyScores(codec, windows), /needs one label per sample/);
  assert.throws(() => anomalyScores(codec, { ...windows, count: 5 }), /anomalyScores: windows\.data has 128 values; expected/);
});
