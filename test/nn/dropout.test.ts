/** Inverted dropout: seeded masks, scaling of survivors, identity in eval. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ones, Rng, tidy } from '../../src/engine/index.js';
import { Dropout } from '../../src/nn/index.js';

test('the same seed drops the same elements; survivors are scaled by 1/(1-p)', () => {
  const x = ones([1000]);
  const a = tidy(() => Array.from(new Dropout(0.25, { rng: new Rng(3) }).call(x).toArray()));
  const b = tidy(() => Array.from(new Dropout(0.25, { rng: new Rng(3) }).call(x).toArray()));
  const c = tidy(() => Array.from(new Dropout(0.25, { rng: new Rng(4) }).call(x).toArray()));
  assert.deepEqual(a, b);
  assert.notDeepEqual(a, c);
  for (const v of a) assert.ok(v === 0 || Math.abs(v - 1 / 0.75) < 1e-6, `unexpected value ${v}`);
  const dropped = a.filter((v) => v === 0).length / a.length;
  // Binomial(1000, 0.25): standard deviation 0.014; 0.05 is over 3.5 of them.
  assert.ok(Math.abs(dropped - 0.25) < 0.05, `dropped ${dropped}`);
});

test('eval mode and p = 0 return the input untouched', () => {
  const x = ones([4, 4]);
  const d = new Dropout(0.5);
  d.eval();
  assert.equal(d.call(x), x);
  assert.equal(new Dropout(0).call(x), x);
  assert.throws(() => new Dropout(1), /Dropout: p must be in \[0, 1\), got 1/);
});
