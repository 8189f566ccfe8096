/**
 * runEcgAnomaly end to end on the synthetic record, two epochs: one result
 * per precision, scores per test beat, a positive threshold from the
 * validation beats, and sensitivity/false alarms consistent with them.
 * Detection quality on synthetic data is not asserted.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ecgBeatTask } from '../../../src/generative/datasets/ecg-beat-task.js';
import { runEcgAnomaly } from '../../../src/generative/tasks/ecg-anomaly.js';
import { syntheticEcg } from '../helpers.js';

const { record, annotations } = syntheticEcg({ beats: 50 });

test('one result per precision with scores per test beat and decisions consistent with the threshold', async () => {
  const logs: string[] = [];
  const r = await runEcgAnomaly(record, annotations, { epochs: 2, precisions: ['fp32', 'int8', 'int4', 'mixed'], seed: 3, log: (m) => logs.push(m) });
  const { counts } = r.task;
  assert.ok(counts.testAbnormal > 0 && counts.testNormal > 0 && counts.train > 0 && counts.validation > 0, JSON.stringify(counts));
  assert.ok(!('train' in r.task) && !('validation' in r.task) && !('test' in r.task), 'the windows themselves are not returned');
  assert.equal(r.task.testLabels.length, counts.testNormal + counts.testAbnormal);
  assert.equal(r.training.epochs.length, 2);
  assert.ok(r.training.bestEpoch === 1 || r.training.bestEpoch === 2);
  assert.ok(r.training.epochs.every((e) => Number.isFinite(e.valLoss!)));
  assert.ok(logs.some((m) => /training a VAE on \d+ normal beats/.test(m)), logs.join('; '));
  assert.deepEqual(r.results.map((x) => x.precision), ['fp32', 'int8', 'int4', 'mixed']);
  for (const x of r.results) {
    assert.equal(x.scores.length, r.task.testLabels.length, x.precision);
    assert.ok(x.scores.every((s) => Number.isFinite(s) && s > 0), x.precision);
    assert.ok(Number.isFinite(x.threshold) && x.threshold > 0, `${x.precision} threshold ${x.threshold}`);
    const above = Array.from(x.scores, (s, i) => [s > x.threshold, r.task.testLabels[i] === 1] as const);
    assert.equal(x.sensitivity, above.filter(([a, y]) => a && y).length / counts.testAbnormal, x.precision);
    assert.equal(x.falseAlarms, above.filter(([a, y]) => a && !y).length, x.precision);
    for (const auc of [x.rocAuc, x.prAuc]) assert.ok(auc >= 0 && auc <= 1, `${x.precision} AUC ${auc}`);
    assert.ok(x.weightBytes > 0);
  }
  const [fp32, int8, int4, mixed] = r.results;
  assert.ok(int8!.weightBytes < fp32!.weightBytes && int4!.weightBytes < int8!.weightBytes && mixed!.weightBytes <= int4!.weightBytes);
  assert.equal(fp32!.variant.bits, null);
  assert.ok(int8!.variant.work.encoder.layers.length > 0 && int8!.variant.work.decoder.layers.length > 0);
});

test('the default precision is fp32 alone; the task options reach the split, the quantile the threshold', async () => {
  const options = { epochs: 1, trainFraction: 0.4, validationFraction: 0.2 };
  const median = await runEcgAnomaly(record, annotations, { ...options, thresholdQuantile: 0.5 });
  assert.deepEqual(median.results.map((x) => x.precision), ['fp32']);
  assert.deepEqual(median.task.counts, ecgBeatTask(record, annotations, options).counts);
  // Same seed, same model: only the quantile of the same validation scores differs.
  const high = await runEcgAnomaly(record, annotations, options);
  assert.deepEqual(high.results[0]!.scores, median.results[0]!.scores);
  assert.ok(median.results[0]!.threshold < high.results[0]!.threshold, `${median.results[0]!.threshold} < ${high.results[0]!.threshold}`);
  await assert.rejects(runEcgAnomaly(record, annotations, { epochs: 1, trainFraction: 0.9, validationFraction: 0.2 }), /their sum < 1/);
});
