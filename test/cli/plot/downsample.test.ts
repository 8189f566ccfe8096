import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DOWNSAMPLE_ABOVE, downsampleByColumn } from '../../../src/cli/plot/downsample.js';

test('short series pass through untouched', () => {
  const pts = Array.from({ length: DOWNSAMPLE_ABOVE }, (_, i) => ({ x: i / 10, y: i }));
  assert.equal(downsampleByColumn(pts), pts);
});

test('long series keep, per pixel column, the first, lowest, highest and last point', () => {
  const n = 100_000;
  const width = 500;
  const pts = Array.from({ length: n }, (_, i) => ({ x: (i / n) * width, y: Math.sin(i / 50) * 100 + (i % 7) }));
  const out = downsampleByColumn(pts);
  assert.ok(out.length <= 4 * width, `${out.length} points`);
  assert.deepEqual(out[0], pts[0]);
  assert.deepEqual(out[out.length - 1], pts[n - 1]);
  const range = (ps: readonly { x: number; y: number }[]): Map<number, [number, number]> => {
    const m = new Map<number, [number, number]>();
    for (const p of ps) {
      const col = Math.floor(p.x);
      const r = m.get(col);
      if (r === undefined) m.set(col, [p.y, p.y]);
      else m.set(col, [Math.min(r[0], p.y), Math.max(r[1], p.y)]);
    }
    return m;
  };
  assert.deepEqual(range(out), range(pts));
  for (let i = 1; i < out.length; i++) assert.ok(out[i]!.x >= out[i - 1]!.x, 'order kept');
});
