import { test } from 'node:test';
import assert from 'node:assert/strict';
import { allocateBits, costRange, type LayerChoices } from '../../../src/compress/mixed/bit-allocation.js';
import { measureSensitivity } from '../../../src/compress/mixed/sensitivity.js';
import { Rng } from '../../../src/engine/index.js';

/** Exhaustive search: the definition of the optimum. */
function bruteForce(layers: readonly LayerChoices[], budget: number): number {
  let best = Infinity;
  const visit = (i: number, cost: number, sens: number): void => {
    if (cost > budget) return;
    if (i === layers.length) {
      best = Math.min(best, sens);
      return;
    }
    for (const c of layers[i]!.choices) visit(i + 1, cost + c.cost, sens + c.sensitivity);
  };
  visit(0, 0, 0);
  return best;
}

function randomLayers(rng: Rng, n: number): LayerChoices[] {
  return Array.from({ length: n }, (_, i) => {
    const params = 10 + rng.int(200);
    const s4 = rng.next() * 2;
    return {
      name: `l${i}`,
      choices: [
        { bits: 8, cost: params, sensitivity: 0 },
        { bits: 4, cost: Math.ceil(params / 2), sensitivity: s4 },
        { bits: 2, cost: Math.ceil(params / 4), sensitivity: s4 * (1 + 3 * rng.next()) },
      ],
    };
  });
}

test('allocateBits equals exhaustive search when the cost steps are whole units', () => {
  const rng = new Rng(11);
  for (let trial = 0; trial < 40; trial++) {
    const layers = randomLayers(rng, 2 + rng.int(5));
    const { min, max } = costRange(layers);
    const budget = min + rng.int(max - min + 1);
    const r = allocateBits(layers, { budget, resolution: Math.max(1, budget - min) });
    assert.ok(r.cost <= budget, `cost ${r.cost} over budget ${budget}`);
    assert.ok(Math.abs(r.sensitivity - bruteForce(layers, budget)) < 1e-9, `trial ${trial}: ${r.sensitivity} vs ${bruteForce(layers, budget)}`);
  }
});

test('with fractional costs a coarse DP never exceeds the budget and is close to the optimum', () => {
  const rng = new Rng(12);
  for (let trial = 0; trial < 30; trial++) {
    const layers = randomLayers(rng, 6).map((l) => ({ ...l, choices: l.choices.map((c) => ({ ...c, cost: c.cost * 1.37 + 0.01 })) }));
    const { min, max } = costRange(layers);
    const budget = min + rng.next() * (max - min);
    const r = allocateBits(layers, { budget, resolution: 256 });
    assert.ok(r.cost <= budget + 1e-9);
    assert.ok(r.sensitivity >= bruteForce(layers, budget) - 1e-9);
  }
});

test('a generous budget keeps every layer at its least sensitive width; an impossible one is refused before searching', () => {
  const layers = randomLayers(new Rng(3), 4);
  const all8 = allocateBits(layers, { budget: 1e9 });
  assert.deepEqual(Object.values(all8.bits), [8, 8, 8, 8]);
  const { min } = costRange(layers);
  assert.throws(() => allocateBits(layers, { budget: min - 1, unit: 'bytes' }), new RegExp(`budget of ${min - 1} bytes is impossible: the cheapest assignment .* needs ${min} bytes`));
  assert.throws(() => allocateBits([], { budget: 1 }), /no layers/);
  assert.throws(() => allocateBits([{ name: 'a', choices: [{ bits: 0, cost: 1, sensitivity: 0 }] }], { budget: 1 }), /"a": bits must be a positive integer/);
});

test('measureSensitivity probes one layer at a time against the reference', async () => {
  // A made-up loss: layer a costs 1 per bit removed, layer b costs 3.
  const weight: Record<string, number> = { a: 1, b: 3 };
  const calls: Record<string, number>[] = [];
  const report = await measureSensitivity({
    layers: ['a', 'b'],
    bits: [4, 2],
    evaluate: (bits) => {
      calls.push({ ...bits });
      return 0.5 + Object.entries(bits).reduce((s, [k, v]) => s + weight[k]! * (8 - v), 0);
    },
  });
  assert.equal(calls.length, 5);
  assert.equal(report.referenceLoss, 0.5);
  assert.deepEqual(report.layers, [
    { layer: 'a', byBits: { 8: 0, 4: 4, 2: 6 } },
    { layer: 'b', byBits: { 8: 0, 4: 12, 2: 18 } },
  ]);
  await assert.rejects(measureSensitivity({ layers: ['a'], bits: [4], evaluate: () => NaN }), /evaluate\(\) gave NaN for the reference/);
});
