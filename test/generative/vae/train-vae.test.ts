/**
 * trainVae: the −ELBO falls on noisy sines within a few epochs, the KL weight
 * warms up linearly, the best validation epoch's weights (parameters and
 * BatchNorm statistics) are the ones left in the model, and bad windows or
 * labels are refused with errors that name them.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Rng } from '../../../src/engine/index.js';
import { sensorVae, type SensorVae } from '../../../src/nn/index.js';
import { trainVae, validationLoss, type TrainVaeOptions } from '../../../src/generative/vae/train-vae.js';
import { noisySines, SMALL_VAE } from '../helpers.js';

const state = (m: SensorVae) => [...m.stateDict()].map(([k, t]) => [k, Array.from(t.toArray())] as const);

test('the loss falls within a few epochs; without validation the last epoch is kept and the model is left in eval mode', async () => {
  const vae = sensorVae(SMALL_VAE);
  const train = noisySines(256, 32, new Rng(1));
  const r = await trainVae(vae, { windows: train }, new Rng(2), { epochs: 5, batchSize: 32, lr: 3e-3, warmupEpochs: 1 });
  assert.equal(r.epochs.length, 5);
  assert.equal(r.bestEpoch, 5);
  assert.equal(r.stoppedByBudget, false);
  const first = r.epochs[0]!;
  const last = r.epochs[4]!;
  // Observed 7.0 → 1.6 (reconstruction, per window of 32 samples).
  assert.ok(last.trainReconstruction < 0.5 * first.trainReconstruction, `reconstruction ${first.trainReconstruction} → ${last.trainReconstruction}`);
  assert.ok(r.epochs.every((e) => e.valLoss === undefined && Number.isFinite(e.trainKl) && e.trainKl >= 0 && e.seconds >= 0));
  assert.ok(vae.namedModules().every(([, m]) => !m.training));
  // The mean-path −ELBO on fresh windows of the same kind fell too.
  const fresh = { windows: noisySines(64, 32, new Rng(3)) };
  const untrained = validationLoss(sensorVae(SMALL_VAE), fresh, 1);
  const trained = validationLoss(vae, fresh, 1);
  assert.ok(trained < 0.5 * untrained, `validation −ELBO ${untrained} → ${trained}`);
});

test('the KL weight ramps linearly from 0 to β over warmupEpochs (default ceil(epochs / 10))', async () => {
  const train = { windows: noisySines(16, 32, new Rng(4)) };
  const betas = async (o: Partial<TrainVaeOptions>) => (await trainVae(sensorVae(SMALL_VAE), train, new Rng(5), { epochs: 4, batchSize: 16, ...o })).epochs.map((e) => e.beta);
  assert.deepEqual(await betas({ beta: 2, warmupEpochs: 2 }), [0, 1, 2, 2]);
  assert.deepEqual(await betas({}), [0, 1, 1, 1]);
  assert.deepEqual(await betas({ warmupEpochs: 0, beta: 0.5 }), [0.5, 0.5, 0.5, 0.5]);
});

test('the best validation epoch is restored: its recorded loss is the model\'s, and its weights equal a run stopped there', async () => {
  const train = { windows: noisySines(128, 32, new Rng(1)) };
  // Validation on another frequency: as the model learns 2 cycles per window, 3 cycles reconstruct worse
  // (observed −ELBO 9.1 after epoch 1, then 10.7-12.3), so the best epoch is an early one.
  const validation = { windows: noisySines(32, 32, new Rng(6), { cycles: 3 }) };
  const options: TrainVaeOptions = { epochs: 6, batchSize: 16, lr: 0.05, warmupEpochs: 0 };
  const vae = sensorVae(SMALL_VAE);
  const r = await trainVae(vae, train, new Rng(2), options, validation);
  const losses = r.epochs.map((e) => e.valLoss!);
  assert.ok(losses.every(Number.isFinite));
  assert.equal(r.bestEpoch, losses.indexOf(Math.min(...losses)) + 1);
  assert.ok(r.bestEpoch < options.epochs, `this setup is meant to overfit: validation losses ${losses.map((l) => l.toFixed(2)).join(', ')}`);
  assert.equal(validationLoss(vae, validation, 1, options.batchSize), losses[r.bestEpoch - 1]);
  // The same seeds stopped at the best epoch: identical trajectory, so identical parameters and running statistics.
  const stopped = sensorVae(SMALL_VAE);
  await trainVae(stopped, train, new Rng(2), { ...options, epochs: r.bestEpoch }, validation);
  assert.deepEqual(state(vae), state(stopped));
});

test('a time budget stops training after the batch that exceeds it', async () => {
  const r = await trainVae(sensorVae(SMALL_VAE), { windows: noisySines(64, 32, new Rng(7)) }, new Rng(8), { epochs: 3, batchSize: 16, timeBudgetS: 0 });
  assert.equal(r.stoppedByBudget, true);
  assert.equal(r.epochs.length, 1);
  assert.equal(r.bestEpoch, 1);
});

test('windows of the wrong shape are refused, naming both shapes', async () => {
  const vae = sensorVae(SMALL_VAE);
  await assert.rejects(trainVae(vae, { windows: noisySines(8, 16, new Rng(1)) }, new Rng(1), { epochs: 1 }), (e: unknown) => e instanceof RangeError && /train windows are \[1, 16\]/.test(e.message) && /model takes \[1, 32\]/.test(e.message));
  const twoChannels = { data: new Float32Array(8 * 2 * 32), count: 8, channels: 2, length: 32 };
  await assert.rejects(trainVae(vae, { windows: noisySines(8, 32, new Rng(1)) }, new Rng(1), { epochs: 1 }, { windows: twoChannels }), /validation windows are \[2, 32\] but the model takes \[1, 32\]/);
  await assert.rejects(trainVae(vae, { windows: { data: new Float32Array(10), count: 1, channels: 1, length: 32 } }, new Rng(1), { epochs: 1 }), /train\.windows\.data has 10 values/);
});

test('options are checked', async () => {
  const vae = sensorVae(SMALL_VAE);
  const train = { windows: noisySines(8, 32, new Rng(1)) };
  await assert.rejects(trainVae(vae, train, new Rng(1), { epochs: 0 }), /options\.epochs must be a positive integer, got 0/);
  await assert.rejects(trainVae(vae, train, new Rng(1), { epochs: 1, batchSize: 2.5 }), /options\.batchSize must be a positive integer, got 2\.5/);
  await assert.rejects(trainVae(vae, train, new Rng(1), { epochs: 1, beta: -1 }), /options\.beta must be >= 0, got -1/);
  await assert.rejects(trainVae(vae, train, new Rng(1), { epochs: 1, warmupEpochs: 1.5 }), /options\.warmupEpochs must be an integer >= 0, got 1\.5/);
});

test('a conditional VAE needs one valid label per window, in training and validation', async () => {
  const vae = sensorVae({ ...SMALL_VAE, classes: 2 });
  const windows = noisySines(8, 32, new Rng(1));
  const labels = Int32Array.from([0, 1, 0, 1, 0, 1, 0, 1]);
  await assert.rejects(trainVae(vae, { windows }, new Rng(1), { epochs: 1 }), /needs train\.labels, one per window \(8\), got none/);
  await assert.rejects(trainVae(vae, { windows, labels: labels.subarray(0, 7) }, new Rng(1), { epochs: 1 }), /train\.labels, one per window \(8\), got 7/);
  await assert.rejects(trainVae(vae, { windows, labels: Int32Array.from([0, 1, 2, 1, 0, 1, 0, 1]) }, new Rng(1), { epochs: 1 }), /train\.labels\[2\] = 2; expected a class in \[0, 2\)/);
  await assert.rejects(trainVae(vae, { windows, labels }, new Rng(1), { epochs: 1 }, { windows }), /needs validation\.labels/);
  const r = await trainVae(vae, { windows, labels }, new Rng(1), { epochs: 2, batchSize: 4 }, { windows, labels });
  assert.equal(r.epochs.length, 2);
  assert.ok(r.epochs.every((e) => Number.isFinite(e.valLoss!) && Number.isFinite(e.trainReconstruction)));
});
