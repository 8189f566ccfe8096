import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Rng } from '../../src/engine/random.js';
import { compose, normalize, randomCropWithPadding, randomHorizontalFlip } from '../../src/data/transforms.js';

/** An Rng that replays scripted draws, so a random transform's output is known exactly. */
class ScriptedRng extends Rng {
  private readonly draws: number[];
  constructor(draws: number[]) {
    super(0);
    this.draws = [...draws];
  }
  override next(): number {
    const v = this.draws.shift();
    if (v === undefined) throw new Error('ScriptedRng: ran out of draws');
    return v;
  }
}

/** A draw that makes `rng.int(n)` return k. */
const intDraw = (k: number, n: number): number => (k + 0.5) / n;

// One channel, 3 x 3: 1..9.
const img = Float32Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9]);
const shape = [1, 3, 3];

test('randomCropWithPadding shifts by the drawn offset and fills with zeros', () => {
  const crop = randomCropWithPadding(1);
  // Offsets 0 in the padded image: the window starts one pixel above-left of the original.
  assert.deepEqual([...crop(img, shape, new ScriptedRng([intDraw(0, 3), intDraw(0, 3)]))], [0, 0, 0, 0, 1, 2, 0, 4, 5]);
  // Offset 2, 2: one pixel below-right.
  assert.deepEqual([...crop(img, shape, new ScriptedRng([intDraw(2, 3), intDraw(2, 3)]))], [5, 6, 0, 8, 9, 0, 0, 0, 0]);
  // Centre offset is the identity.
  assert.deepEqual([...crop(img, shape, new ScriptedRng([intDraw(1, 3), intDraw(1, 3)]))], [...img]);
  // Rows and columns move independently: down-left.
  assert.deepEqual([...crop(img, shape, new ScriptedRng([intDraw(2, 3), intDraw(0, 3)]))], [0, 4, 5, 0, 7, 8, 0, 0, 0]);
});

test('randomCropWithPadding equals cropping an explicitly zero-padded image, for every channel alike', () => {
  const [c, h, w, pad] = [2, 4, 5, 2];
  const x = Float32Array.from({ length: c * h * w }, (_, i) => i + 1);
  const crop = randomCropWithPadding(pad);
  const rng = new Rng(42);
  for (let trial = 0; trial < 50; trial++) {
    const probe = new Rng(trial);
    const [oy, ox] = [probe.int(2 * pad + 1), probe.int(2 * pad + 1)];
    const out = crop(x, [c, h, w], new ScriptedRng([intDraw(oy, 2 * pad + 1), intDraw(ox, 2 * pad + 1)]));
    // Reference: materialise the padded image, then take the h x w window at (oy, ox).
    for (let ch = 0; ch < c; ch++) {
      for (let i = 0; i < h; i++) {
        for (let j = 0; j < w; j++) {
          const [pi, pj] = [i + oy - pad, j + ox - pad];
          const expected = pi >= 0 && pi < h && pj >= 0 && pj < w ? x[ch * h * w + pi * w + pj] : 0;
          assert.equal(out[ch * h * w + i * w + j], expected, `trial ${trial} offset (${oy}, ${ox}) at c${ch} (${i}, ${j})`);
        }
      }
    }
  }
  // With a real Rng it only ever produces outputs of that form and never writes outside the sample.
  const big = randomCropWithPadding(7); // pad larger than the image
  const out = big(x, [c, h, w], rng);
  assert.equal(out.length, x.length);
  assert.ok(out.every((v) => v === 0 || x.includes(v)));
});

test('randomHorizontalFlip mirrors the last axis when the draw is below p, else returns the input', () => {
  const x = Float32Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]); // [2, 2, 3]
  const flip = randomHorizontalFlip(0.5);
  assert.deepEqual([...flip(x, [2, 2, 3], new ScriptedRng([0.3]))], [3, 2, 1, 6, 5, 4, 9, 8, 7, 12, 11, 10]);
  assert.equal(flip(x, [2, 2, 3], new ScriptedRng([0.7])), x);
  assert.equal(randomHorizontalFlip(0)(x, [2, 2, 3], new ScriptedRng([0])), x, 'p = 0 never flips');
  assert.deepEqual([...x], [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12], 'input untouched');
});

test('normalize standardises each channel with its own mean and std', () => {
  const x = Float32Array.from([1, 3, 10, 30]); // [2 channels, 2]
  const out = normalize([2, 20], [1, 10])(x, [2, 2], new Rng(0));
  assert.deepEqual([...out], [-1, 1, -1, 1]);
  assert.deepEqual([...x], [1, 3, 10, 30], 'input untouched');
  assert.throws(() => normalize([0, 0], [1, 1])(x, [4], new Rng(0)), /configured for 2 channels but the sample shape \[4\] has 4 on axis 0/);
  assert.throws(() => normalize([0], [0]), /std\[0\] must be positive and finite, got 0/);
  assert.throws(() => normalize([0, 1], [1]), /equal lengths, got 2 and 1/);
});

test('compose applies left to right, and one instance used twice does not read what it overwrites', () => {
  const x = Float32Array.from([1, 2, 3]); // [1, 3]
  const flipThenNorm = compose(randomHorizontalFlip(1), normalize([1], [2]));
  assert.deepEqual([...flipThenNorm(x, [1, 3], new ScriptedRng([0]))], [1, 0.5, 0]);
  const flip = randomHorizontalFlip(1);
  assert.deepEqual([...compose(flip, flip)(x, [1, 3], new ScriptedRng([0, 0]))], [1, 2, 3]);
  const twice = compose(flip, flip, flip);
  assert.deepEqual([...twice(x, [1, 3], new ScriptedRng([0, 0, 0]))], [3, 2, 1]);
});

test('transforms check the sample against its shape and reuse their output buffer', () => {
  assert.throws(() => randomCropWithPadding(1)(img, [1, 3], new Rng(0)), /sample has 9 values but shape \[1, 3\] needs 3/);
  assert.throws(() => randomCropWithPadding(1)(img, [9], new Rng(0)), /expected a CHW sample shape \[C, H, W\], got \[9\]/);
  assert.throws(() => randomCropWithPadding(-1), /pad must be a non-negative integer, got -1/);
  assert.throws(() => randomHorizontalFlip(2), /p must be in \[0, 1\], got 2/);
  const crop = randomCropWithPadding(1);
  const rng = new Rng(3);
  const a = crop(img, shape, rng);
  const b = crop(img, shape, rng);
  assert.equal(a, b, 'same buffer on every call');
});
