import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { EarlyStopping } from '../../src/train/early-stopping.js';

/** Feeds values and returns the decisions as compact strings: I (improved), . (no), S (stop). */
function run(stopper: EarlyStopping, values: number[]): string {
  return values
    .map((v) => {
      const d = stopper.update(v);
      return d.stop ? 'S' : d.improved ? 'I' : '.';
    })
    .join('');
}

describe('EarlyStopping', () => {
  it('max mode: stops after `patience` evaluations without improvement', () => {
    const s = new EarlyStopping({ patience: 2, mode: 'max' });
    assert.equal(run(s, [0.5, 0.6, 0.6, 0.7, 0.69, 0.65, 0.9]), 'II.I.SS');
    assert.equal(s.best, 0.7);
    assert.equal(s.bestIndex, 3);
    assert.equal(s.waited, 2);
  });

  it('min mode for losses', () => {
    const s = new EarlyStopping({ patience: 2, mode: 'min' });
    assert.equal(run(s, [2.0, 1.5, 1.6, 1.4, 1.4, 1.45]), 'II.I.S');
    assert.equal(s.best, 1.4);
  });

  it('minDelta: a gain must exceed it to count', () => {
    const s = new EarlyStopping({ patience: 3, minDelta: 0.01 });
    assert.equal(run(s, [0.5, 0.505, 0.51, 0.5201]), 'I..I');
    assert.equal(s.best, 0.5201);
    assert.equal(s.waited, 0);
  });

  it('patience 0 stops at the first miss; stop is sticky', () => {
    const s = new EarlyStopping({ patience: 0 });
    assert.equal(run(s, [1, 2, 2, 3]), 'IISS');
    assert.equal(s.best, 2);
  });

  it('NaN never improves, so a diverged run stops', () => {
    const s = new EarlyStopping({ patience: 2, mode: 'min' });
    assert.equal(run(s, [NaN, 1, NaN, NaN]), '.I.S');
    assert.equal(s.best, 1);
    const t = new EarlyStopping({ patience: 1 });
    assert.equal(t.best, undefined);
    assert.equal(t.bestIndex, -1);
  });

  it('validates options', () => {
    assert.throws(() => new EarlyStopping({ patience: -1 }), /patience must be a non-negative integer, got -1/);
    assert.throws(() => new EarlyStopping({ patience: 1.5 }), /patience/);
    assert.throws(() => new EarlyStopping({ patience: 1, minDelta: -0.1 }), /minDelta must be a finite number >= 0/);
    assert.throws(() => new EarlyStopping({ patience: 1, mode: 'up' as never }), /mode must be 'max' or 'min', got up/);
  });
});
