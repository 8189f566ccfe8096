import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { assertJsonObject, assertJsonValue } from '../../src/train/json-value.js';

describe('assertJsonValue', () => {
  it('accepts everything that survives a JSON round trip', () => {
    const value = { a: [1, 'x', null, true, { b: -0.5 }], c: {}, d: Object.create(null) as object };
    assert.doesNotThrow(() => assertJsonValue(value, 'v'));
    // The same object reached twice (not a cycle) is fine.
    const shared = { k: 1 };
    assert.doesNotThrow(() => assertJsonValue([shared, shared], 'v'));
  });

  it('names the path of the first value JSON would change', () => {
    assert.throws(() => assertJsonValue({ a: [1, Infinity] }, 'cfg'), /^TypeError: cfg\.a\[1\]: Infinity cannot be stored/);
    assert.throws(() => assertJsonValue({ a: undefined }, 'cfg'), /cfg\.a: undefined cannot be stored/);
    assert.throws(() => assertJsonValue({ m: new Map() }, 'cfg'), /cfg\.m: a Map cannot be stored/);
    assert.throws(() => assertJsonValue([() => 1], 'cfg'), /cfg\[0\]: a function/);
    assert.throws(() => assertJsonValue({ n: 1n }, 'cfg'), /cfg\.n: bigint/);
    assert.throws(() => assertJsonValue(new Float32Array(1), 'cfg'), /cfg: a Float32Array/);
    const cyclic: Record<string, unknown> = { x: {} };
    (cyclic.x as Record<string, unknown>).back = cyclic;
    assert.throws(() => assertJsonValue(cyclic, 'cfg'), /cfg\.x\.back: refers back/);
  });

  it('assertJsonObject requires a plain object at the top', () => {
    assert.doesNotThrow(() => assertJsonObject({}, 'cfg'));
    assert.throws(() => assertJsonObject([], 'cfg'), /cfg: expected a plain object, got an array/);
    assert.throws(() => assertJsonObject(null, 'cfg'), /got null/);
    assert.throws(() => assertJsonObject('x', 'cfg'), /got string/);
  });
});
