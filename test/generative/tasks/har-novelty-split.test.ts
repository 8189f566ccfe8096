/**
 * knownActivitySplit on hand-built recording lists: the held-out activity's
 * windows in neither set, whole recordings on one side only, the window
 * indices of each recording where storage order puts them, a stratified
 * calibration share per known activity, and the argument errors.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Rng } from '../../../src/engine/index.js';
import { knownActivitySplit, type RecordingWindows } from '../../../src/generative/tasks/har-novelty-split.js';

const classes = ['a', 'b', 'c'];
// Storage order as loadHarDataset's (sorted by file); window counts differ so a misplaced range shows.
const recordings: RecordingWindows[] = [
  { file: 'a/1', label: 0, windows: 3 }, { file: 'a/2', label: 0, windows: 2 }, { file: 'a/3', label: 0, windows: 4 },
  { file: 'b/1', label: 1, windows: 5 }, { file: 'b/2', label: 1, windows: 1 }, { file: 'b/3', label: 1, windows: 2 }, { file: 'b/4', label: 1, windows: 3 }, { file: 'b/5', label: 1, windows: 2 },
  { file: 'c/1', label: 2, windows: 6 }, { file: 'c/2', label: 2, windows: 2 },
];
const start = recordings.map((_, i) => recordings.slice(0, i).reduce((s, r) => s + r.windows, 0));
const range = (file: string): number[] => {
  const i = recordings.findIndex((r) => r.file === file);
  return Array.from({ length: recordings[i]!.windows }, (_, w) => start[i]! + w);
};

test('the held-out activity is in neither set; every known recording is in exactly one, with its own windows', () => {
  for (let k = 0; k < 3; k++) {
    const s = knownActivitySplit(recordings, classes, k, 0.25, new Rng(3));
    const known = recordings.filter((r) => r.label !== k).map((r) => r.file);
    assert.deepEqual([...s.fitFiles, ...s.calibrationFiles].sort(), known.sort(), `held out ${classes[k]}`);
    assert.ok(s.calibrationFiles.every((f) => !s.fitFiles.includes(f)));
    assert.deepEqual(s.fit, s.fitFiles.flatMap(range).sort((x, y) => x - y));
    assert.deepEqual(s.calibration, s.calibrationFiles.flatMap(range).sort((x, y) => x - y));
    // Stratified over the known activities: each gives round(n / 4) recordings, at least 1 and at most n − 1.
    for (const c of classes.filter((_, j) => j !== k)) {
      const n = recordings.filter((r) => r.file.startsWith(`${c}/`)).length;
      assert.equal(s.calibrationFiles.filter((f) => f.startsWith(`${c}/`)).length, Math.min(n - 1, Math.max(1, Math.round(n / 4))), `class ${c}`);
    }
  }
});

test('the split depends on the random source only through its seed', () => {
  const a = knownActivitySplit(recordings, classes, 2, 0.4, new Rng(9));
  assert.deepEqual(knownActivitySplit(recordings, classes, 2, 0.4, new Rng(9)), a);
  const seeds = new Set(Array.from({ length: 8 }, (_, s) => knownActivitySplit(recordings, classes, 2, 0.4, new Rng(s)).calibrationFiles.join()));
  assert.ok(seeds.size > 1, 'different seeds choose different calibration recordings');
});

test('argument errors', () => {
  assert.throws(() => knownActivitySplit(recordings, classes, 3, 0.2, new Rng(1)), (e: unknown) => e instanceof RangeError && /heldOut must be a class index in 0..2 \(a, b, c\), got 3/.test(e.message));
  assert.throws(() => knownActivitySplit(recordings, classes, 0, 1, new Rng(1)), /calibrationFraction must lie in \(0, 1\), got 1/);
  assert.throws(() => knownActivitySplit([{ file: 'a/1', label: 0, windows: 1.5 }], classes, 1, 0.2, new Rng(1)), /recordings\[0\].windows \(a\/1\) must be an integer >= 0, got 1.5/);
  assert.throws(() => knownActivitySplit([{ file: 'x/1', label: 5, windows: 1 }], classes, 1, 0.2, new Rng(1)), /recordings\[0\].label \(x\/1\) must be a class index/);
  // A known activity with a single recording cannot give both sets one: the file split's error names it.
  assert.throws(() => knownActivitySplit(recordings.filter((r) => r.file !== 'c/2'), classes, 0, 0.2, new Rng(1)), /class "c" has 1 usable recording/);
});
