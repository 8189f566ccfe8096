import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { constantLr, cosineLr, stepLr, warmup } from '../../src/train/schedules.js';

const close = (actual: number, expected: number, what = ''): void =>
  assert.ok(Math.abs(actual - expected) <= 1e-12 * Math.max(1, Math.abs(expected)), `${what}: ${actual} != ${expected}`);

describe('learning-rate schedules', () => {
  it('constantLr', () => {
    const lr = constantLr(0.01);
    assert.equal(lr(0), 0.01);
    assert.equal(lr(123456), 0.01);
    assert.throws(() => constantLr(-1), /constantLr: lr must be a finite number >= 0, got -1/);
    assert.throws(() => constantLr(NaN), /got NaN/);
  });

  it('stepLr decays by gamma at each multiple of stepSize', () => {
    const lr = stepLr({ base: 0.1, stepSize: 30, gamma: 0.1 });
    close(lr(0), 0.1);
    close(lr(29), 0.1);
    close(lr(30), 0.01);
    close(lr(59), 0.01);
    close(lr(60), 0.001);
    close(lr(95), 0.0001);
    assert.throws(() => stepLr({ base: 0.1, stepSize: 0, gamma: 0.1 }), /stepSize must be a positive integer, got 0/);
    assert.throws(() => stepLr({ base: 0.1, stepSize: 2.5, gamma: 0.1 }), /stepSize/);
    assert.throws(() => stepLr({ base: 0.1, stepSize: 10, gamma: 0 }), /gamma must be a finite number > 0, got 0/);
  });

  it('cosineLr follows the SGDR closed form and stays at min afterwards', () => {
    const lr = cosineLr({ base: 1, totalSteps: 100, min: 0.1 });
    close(lr(0), 1, 'start');
    close(lr(50), 0.55, 'half way: min + (base - min) / 2');
    close(lr(25), 0.1 + 0.9 * (1 + Math.SQRT1_2) / 2, 'quarter: cos(pi/4)');
    close(lr(100), 0.1, 'end');
    close(lr(1000), 0.1, 'past the end');
    // Monotone non-increasing.
    for (let t = 1; t <= 100; t++) assert.ok(lr(t) <= lr(t - 1));
    close(cosineLr({ base: 2, totalSteps: 4 })(2), 1, 'default min 0');
    assert.throws(() => cosineLr({ base: 0.1, totalSteps: 10, min: 0.2 }), /min \(0.2\) must not exceed base \(0.1\)/);
    assert.throws(() => cosineLr({ base: 0.1, totalSteps: 0 }), /totalSteps must be a positive integer/);
  });

  it('warmup ramps linearly from startFactor to the wrapped schedule', () => {
    const lr = warmup(constantLr(1), { steps: 4, startFactor: 0.2 });
    close(lr(0), 0.2);
    close(lr(1), 0.4);
    close(lr(2), 0.6);
    close(lr(3), 0.8);
    close(lr(4), 1);
    close(lr(100), 1);
    close(warmup(constantLr(0.3), { steps: 3 })(0), 0.1, 'default start factor 1/3');
  });

  it('warmup uses the absolute step, so the wrapped decays do not move', () => {
    const inner = stepLr({ base: 1, stepSize: 5, gamma: 0.5 });
    const lr = warmup(inner, { steps: 10, startFactor: 0.5 });
    close(lr(4), 1 * (0.5 + 0.5 * 0.4));
    close(lr(5), 0.5 * (0.5 + 0.5 * 0.5), 'decay at step 5 happens inside warm-up');
    close(lr(10), 0.25);
    // steps 0 disables warm-up.
    const none = warmup(inner, { steps: 0, startFactor: 0.1 });
    for (const t of [0, 3, 7, 12]) close(none(t), inner(t));
  });

  it('warmup validates its arguments', () => {
    assert.throws(() => warmup(constantLr(1), { steps: -1 }), /warmup: steps must be a non-negative integer, got -1/);
    assert.throws(() => warmup(constantLr(1), { steps: 5, startFactor: 0 }), /startFactor must be in \(0, 1\], got 0/);
    assert.throws(() => warmup(constantLr(1), { steps: 5, startFactor: 1.5 }), /startFactor/);
    assert.throws(() => warmup(null as never, { steps: 5 }), /schedule must be a function/);
  });

  it('every schedule rejects a negative or non-finite step', () => {
    const schedules = [
      constantLr(1),
      stepLr({ base: 1, stepSize: 1, gamma: 0.5 }),
      cosineLr({ base: 1, totalSteps: 10 }),
      warmup(constantLr(1), { steps: 2 }),
    ];
    for (const lr of schedules) {
      assert.throws(() => lr(-1), /step must be a finite number >= 0, got -1/);
      assert.throws(() => lr(NaN), /got NaN/);
    }
  });
});
