/**
 * The RL action space and the observation on hand-made inputs: ranks,
 * the dominance mask and the reference; every feature of hand-made states
 * against values worked by hand, including the edges (no current variant,
 * no deadline, already late, an infinite arrival rate).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { CandidateVariant, ControllerState } from '../../../src/runtime/controller.js';
import { OBSERVATION_FIELDS, OBSERVATION_NORMALISER, OBSERVATION_SIZE, observationOf, SLACK_LOG_SCALE } from '../../../src/scheduler/rl-policy/observation.js';
import { opPointOf, rlActionSpace } from '../../../src/scheduler/rl-policy/rl-action-space.js';
import { act, HAND } from './fixtures.js';

const space = rlActionSpace(HAND, 'a@fast');

test('the action space: quality and operating-point ranks, the dominance mask, the reference', () => {
  assert.deepEqual(space.ids, HAND.map((a) => a.id));
  // Distinct qualities 0.8 < 0.85 < 0.9.
  assert.deepEqual(Array.from(space.qualityRank), [1, 1, 0, 0, 0.5, 0]);
  // Ordered by the latency of the variants offered at both points (a, b): slow, then fast.
  assert.deepEqual(Array.from(space.opPointRank), [1, 0, 1, 0, 1, 1]);
  // c@fast costs more than a@fast at the same latency for less quality; b2@fast duplicates b@fast.
  assert.deepEqual(Array.from(space.allowed), [1, 1, 1, 1, 0, 0]);
  assert.equal(space.referenceIndex, 0);
  assert.equal(space.fastestLatencyS, 0.005);
  assert.equal(space.bestQuality, 0.9);
  assert.equal(space.indexOf('b@slow'), 3);
  assert.equal(space.indexOf('nope'), -1);
  assert.equal(opPointOf('pruned50-kd-int8@range4-25mhz'), 'range4-25mhz');
  // Unmeasured quality: never masked (its trade-off is unknown), ranked lowest.
  const u = rlActionSpace([...HAND.slice(0, 2), act('u@fast', 0.5, 9, null)], 'a@fast');
  assert.deepEqual(Array.from(u.allowed), [1, 1, 1]);
  assert.equal(u.qualityRank[2], 0);
  assert.throws(() => rlActionSpace(HAND, 'z@fast'), /reference action "z@fast" is not among the actions/);
  assert.throws(() => rlActionSpace([HAND[0]!, HAND[0]!], 'a@fast'), /must be unique/);
  assert.throws(() => rlActionSpace([act('x', -1, 1, 0.5)], 'x'), /cost.latencyS must be a finite number >= 0/);
});

function state(patch: Partial<ControllerState>): ControllerState {
  const candidates: CandidateVariant[] = HAND.map((a) => ({ id: a.id, cost: { ...a.cost, computeJ: 0, memoryJ: 0, staticJ: 0, measured: false }, quality: a.quality, switchCostS: null }));
  return {
    nowS: 100, soc: 0.7, remainingJ: 70, harvestForecastJ: 7.2, forecastHorizonS: 900, queueLength: 3, arrivalRateHz: 0.02,
    criticality: 'critical', slackS: 0.5, currentVariantId: 'b@slow', sinceSwitchS: 2.5, candidates, ...patch,
  };
}

function features(s: ControllerState, credit = 0.25): Record<string, number> {
  const x = observationOf(s, space, new Float32Array(OBSERVATION_SIZE), credit);
  return Object.fromEntries(OBSERVATION_FIELDS.map((f, i) => [f, x[i]!]));
}

function close(actual: Record<string, number>, expected: Record<string, number>): void {
  for (const [k, v] of Object.entries(expected)) assert.ok(Math.abs(actual[k]! - v) < 1e-6, `${k}: ${actual[k]} vs ${v}`);
}

test('features of a hand-made state, each worked by hand', () => {
  close(features(state({})), {
    soc: 0.7,
    // Demand over 900 s at 0.02 Hz on b@slow (0.8 J): 18 requests, 14.4 J; 7.2 J of harvest covers half.
    harvestCoverage: 0.5,
    queueLog: Math.log(4),
    // 0.5 s of slack is 100 of the fastest allowed action's 5 ms.
    slackLog: Math.log1p(100) / SLACK_LOG_SCALE,
    // 0.02 Hz × the reference a@fast's 10 ms.
    utilisation: 0.0002,
    currentQualityRank: 0,
    currentOpPointRank: 0,
    critical: 1, normal: 0, background: 0,
    sinceSwitch: 0.5,
    qualityCredit: 0.25,
  });
});

test('feature edges: before the first request, no deadline, already late, a burst, a long dwell, a full harvest', () => {
  close(features(state({ currentVariantId: null, slackS: Infinity, criticality: 'background', sinceSwitchS: Infinity })), {
    // No current variant: the reference's ranks (a@fast); demand at its 2 J: 36 J, 7.2 J covers a fifth.
    currentQualityRank: 1, currentOpPointRank: 1, harvestCoverage: 0.2, slackLog: 1, critical: 0, normal: 0, background: 1, sinceSwitch: 1,
  });
  close(features(state({ slackS: -0.05, criticality: 'normal' })), { slackLog: -Math.log1p(10) / SLACK_LOG_SCALE, normal: 1 });
  // Two arrivals at one instant: an infinite rate estimate; demand infinite, utilisation clipped.
  close(features(state({ arrivalRateHz: Infinity })), { harvestCoverage: 0, utilisation: 2 });
  close(features(state({ harvestForecastJ: 1e6, queueLength: 0, sinceSwitchS: 60, soc: 1 })), { harvestCoverage: 1, queueLog: 0, sinceSwitch: 1, soc: 1 });
  // Slack beyond 10⁶ service times saturates.
  close(features(state({ slackS: 1e5 })), { slackLog: 1 });
  // The accuracy budget's feature, as QualityCredit gives it, clipped.
  close(features(state({}), -0.3), { qualityCredit: -0.3 });
  close(features(state({}), 7), { qualityCredit: 1 });
  close(features(state({}), -7), { qualityCredit: -1 });
});

test('the normaliser maps each feature range onto about [−1, 1]; the field list has no duplicates', () => {
  assert.equal(new Set(OBSERVATION_FIELDS).size, OBSERVATION_SIZE);
  assert.equal(OBSERVATION_NORMALISER.mean.length, OBSERVATION_SIZE);
  const x = observationOf(state({}), space, new Float32Array(OBSERVATION_SIZE), 0.5);
  for (let i = 0; i < OBSERVATION_SIZE; i++) {
    const z = (x[i]! - OBSERVATION_NORMALISER.mean[i]!) / OBSERVATION_NORMALISER.std[i]!;
    assert.ok(Math.abs(z) <= 1.5, `${OBSERVATION_FIELDS[i]}: ${z}`);
  }
});
