/**
 * TrainingOnly: an identity at inference whose head is still a trained part
 * of the model, and a pass-through for the integer path, so a whole
 * (unconditional) sensor VAE quantizes as its mean path and tracks the float
 * model within the int8 tolerance of quantize-model.test.ts.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { noGrad, randn, Rng } from '../../../src/engine/index.js';
import { Linear, ReLU, Sequential, sensorVae, summarize, TrainingOnly } from '../../../src/nn/index.js';
import { macsByPrecision, planQuantization, quantizeModel, type PlanNode } from '../../../src/compress/integer/index.js';
import { centredRelativeError, floatOutput, normalBatches, settleBatchNorm } from './helpers.js';

/** As quantize-model.test.ts: int8 error relative to how much the outputs vary (observed 0.04 here). */
const INT8_CENTRED_ERROR = 0.15;

test('TrainingOnly returns its input in training and eval mode; its head is a registered, trained child', () => {
  const head = new Linear(3, 5, { rng: new Rng(1) });
  const branch = new TrainingOnly(head);
  const x = randn([2, 3], new Rng(2));
  for (const mode of ['train', 'eval'] as const) {
    branch[mode]();
    assert.equal(branch.call(x), x, `${mode}: the very same tensor`);
  }
  assert.deepEqual([...branch.stateDict().keys()], ['head.weight', 'head.bias']);
  assert.deepEqual(branch.parameters(), [head.weight, head.bias]);
  const model = new Sequential({ fc: new Linear(3, 4, { rng: new Rng(3) }), aux: branch });
  assert.ok([...model.stateDict().keys()].includes('aux.head.weight'));
  // The summary counts what runs: the head's 15 MACs are absent.
  assert.equal(summarize(model, [3]).totalMacs, 12);
});

test('the summary\'s parameter totals leave out a TrainingOnly head, as training-only.ts says ("no cost in the summary")', () => {
  const model = new Sequential({ fc: new Linear(3, 4, { rng: new Rng(3) }), aux: new TrainingOnly(new Linear(4, 5, { rng: new Rng(1) })) });
  const s = summarize(model, [3]);
  assert.equal(s.totalParams, 3 * 4 + 4);
  assert.equal(s.totalParamBytes, 4 * (3 * 4 + 4));
});

test('the integer path treats TrainingOnly as a pass-through: Linear + TrainingOnly + ReLU quantizes as Linear + ReLU', () => {
  const fc = new Linear(6, 4, { rng: new Rng(4) });
  const withBranch = new Sequential({ fc, aux: new TrainingOnly(new Linear(4, 9, { rng: new Rng(5) })), relu: new ReLU() });
  const plan = planQuantization(withBranch) as Extract<PlanNode, { kind: 'sequence' }>;
  assert.equal(plan.kind, 'sequence');
  assert.deepEqual(plan.children.map((c) => [c.name, c.node.kind, c.node.kind === 'weighted' ? c.node.activation : null]), [['fc', 'weighted', 'relu']]);
  const rng = new Rng(6);
  const batches = normalBatches(rng, [6], 2, 16);
  const x = randn([8, 6], rng);
  const got = Array.from(quantizeModel(withBranch, batches, { inputShape: [6] }).call(x).toArray());
  const plain = new Sequential({ fc, relu: new ReLU() });
  assert.deepEqual(got, Array.from(quantizeModel(plain, batches, { inputShape: [6] }).call(x).toArray()));
});

test('quantizeModel(sensorVae) runs the whole unconditional model as its int8 mean path', () => {
  const shape = [1, 32];
  const vae = sensorVae({ inputChannels: 1, inputLength: 32, width: 8, stages: 2, latent: 4, seed: 1 });
  const rng = new Rng(3);
  settleBatchNorm(vae, rng, shape);
  const plan = planQuantization(vae) as Extract<PlanNode, { kind: 'sequence' }>;
  assert.deepEqual(plan.children.map((c) => c.name), ['encoder', 'mean', 'decoder'], 'no node for logVar');
  const q = quantizeModel(vae, normalBatches(rng, shape, 4, 16), { inputShape: shape });
  assert.ok(![...q.stateDict().keys()].some((k) => k.startsWith('logVar')));
  assert.deepEqual(macsByPrecision(q), { int8: summarize(vae, shape).totalMacs });
  const x = randn([64, ...shape], rng);
  const want = floatOutput(vae, x);
  const got = noGrad(() => q.call(x).toArray());
  assert.equal(got.length, want.length);
  const err = centredRelativeError(got, want, 32);
  assert.ok(err <= INT8_CENTRED_ERROR, `centred relative error ${err.toFixed(3)} > ${INT8_CENTRED_ERROR}`);
});
