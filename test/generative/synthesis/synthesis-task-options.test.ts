/**
 * The options every synthesis task shares: a bad count is refused naming
 * the task and the option, and what reaches evaluateSynthesis is the
 * caller's choice over the task's default, nothing set that was not asked.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkSynthesisTaskOptions, evaluationOptions } from '../../../src/generative/synthesis/synthesis-task-options.js';

test('checkSynthesisTaskOptions refuses non-positive or fractional counts, naming the task and the option', () => {
  assert.doesNotThrow(() => checkSynthesisTaskOptions('runX', { epochs: 3, latent: 8, samplesPerClass: 1 }));
  assert.throws(() => checkSynthesisTaskOptions('runX', { epochs: 0 }), /runX: epochs must be a positive integer, got 0/);
  assert.throws(() => checkSynthesisTaskOptions('runX', { samplesPerClass: 2.5 }), /runX: samplesPerClass must be a positive integer, got 2\.5/);
  assert.throws(() => checkSynthesisTaskOptions('runX', { classifierSeeds: -1 }), /classifierSeeds/);
});

test('evaluationOptions: the caller over the task default, only what was given', () => {
  const log = () => undefined;
  assert.deepEqual(evaluationOptions({}, 26, 1), { sampleRateHz: 26, seed: 1 });
  assert.deepEqual(evaluationOptions({}, 26, 1, { classifierSeeds: 5 }), { sampleRateHz: 26, seed: 1, classifierSeeds: 5 });
  assert.deepEqual(
    evaluationOptions({ classifierSeeds: 2, classifierEpochs: 3, latents: 'prior', noise: 'none', samplesPerClass: 4, log, epochs: 9 }, 90, 7, { classifierSeeds: 5 }),
    { sampleRateHz: 90, seed: 7, classifierEpochs: 3, classifierSeeds: 2, latents: 'prior', noise: 'none', samplesPerClass: 4, log },
  );
});
