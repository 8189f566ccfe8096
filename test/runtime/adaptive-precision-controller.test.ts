/**
 * The default controller as a pure function over synthetic states: the
 * ladder is int2 (1 mJ) < int4 (2 mJ) < int8 (4 mJ, best quality); with
 * the default thresholds the SoC band edges sit at 0.6 and 0.4 (pressure
 * 1/3 and 2/3 on the 0.2–0.8 ramp), moved by the hysteresis of 0.05
 * pressure = 0.03 SoC.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  AdaptivePrecisionController,
  decideAdaptivePrecision,
  energyLadder,
  resolveAdaptivePrecisionOptions,
  ADAPTIVE_PRECISION_DEFAULTS,
} from '../../src/runtime/adaptive-precision-controller.js';
import type { ControllerState } from '../../src/runtime/controller.js';
import { energyPressure } from '../../src/runtime/energy-pressure.js';
import { Rng } from '../../src/engine/random.js';
import { candidate, state, THREE_RUNGS } from './helpers.js';

const RANK: Record<string, number> = { int2: 0, int4: 1, int8: 2 };

/** Feeds a sequence of SoC values through the controller, one request per second, carrying the chosen variant forward. */
function walk(socs: readonly number[], options = ADAPTIVE_PRECISION_DEFAULTS, start: string | null = null): string[] {
  let current = start;
  let lastSwitchS = -Infinity;
  const chosen: string[] = [];
  socs.forEach((soc, i) => {
    const s: ControllerState = state({ soc, nowS: i, currentVariantId: current, sinceSwitchS: i - lastSwitchS });
    const { variantId } = decideAdaptivePrecision(s, options);
    if (variantId !== current) lastSwitchS = i;
    current = variantId;
    chosen.push(variantId);
  });
  return chosen;
}

test('falling state of charge walks down the ladder monotonically, at the band edges moved by the hysteresis', () => {
  const socs = Array.from({ length: 201 }, (_, i) => 1 - i * 0.005);
  const chosen = walk(socs);
  const ranks = chosen.map((v) => RANK[v]!);
  for (let i = 1; i < ranks.length; i++) assert.ok(ranks[i]! <= ranks[i - 1]!, `stepped up at soc ${socs[i]}: ${chosen[i - 1]} → ${chosen[i]}`);
  assert.equal(chosen[0], 'int8');
  assert.equal(chosen.at(-1), 'int2');
  // Edge 0.6 (pressure 1/3) minus 0.03 of hysteresis: int4 from soc 0.57; edge 0.4 minus 0.03: int2 from 0.37.
  const firstInt4 = socs[chosen.indexOf('int4')]!;
  const firstInt2 = socs[chosen.indexOf('int2')]!;
  assert.ok(firstInt4 <= 0.57 + 1e-9 && firstInt4 > 0.565 - 1e-9, `int4 from soc ${firstInt4}`);
  assert.ok(firstInt2 <= 0.37 + 1e-9 && firstInt2 > 0.365 - 1e-9, `int2 from soc ${firstInt2}`);
});

test('a state of charge oscillating around a band edge does not flap; without hysteresis and dwell it would', () => {
  const socs = Array.from({ length: 200 }, (_, i) => (i % 2 === 0 ? 0.585 : 0.615));
  const switches = (vs: string[]) => vs.filter((v, i) => i > 0 && v !== vs[i - 1]).length;
  assert.equal(switches(walk(socs, ADAPTIVE_PRECISION_DEFAULTS, 'int8')), 0);
  const bare = resolveAdaptivePrecisionOptions({ hysteresis: 0, minDwellS: 0 });
  assert.ok(switches(walk(socs, bare, 'int8')) >= 150, 'the same wobble flaps without hysteresis');
  // Once down at int4, a wobble short of the up edge (0.63) keeps it there.
  const down = walk(Array.from({ length: 100 }, (_, i) => (i % 2 === 0 ? 0.56 : 0.62)), ADAPTIVE_PRECISION_DEFAULTS, 'int8');
  assert.equal(switches(down), 0);
  assert.equal(down[0], 'int4');
});

test('critical requests get the highest-quality variant, whatever the pressure and even when it is not the most expensive', () => {
  const withDistilled = [...THREE_RUNGS, candidate('distilled', 3e-3, 3e-3, 0.95)];
  for (const s of [
    state({ criticality: 'critical', soc: 0 }),
    state({ criticality: 'critical', soc: 0.05, queueLength: 50, arrivalRateHz: 1000, currentVariantId: 'int2', sinceSwitchS: 0 }),
    state({ criticality: 'critical', slackS: 1e-6 }),
  ]) {
    assert.equal(decideAdaptivePrecision(s).variantId, 'int8');
    assert.equal(decideAdaptivePrecision({ ...s, candidates: withDistilled }).variantId, 'distilled');
  }
  assert.equal(decideAdaptivePrecision(state({ soc: 0 })).variantId, 'int2', 'a normal request at the same SoC runs cheap');
});

test('a harvest forecast that covers the demand relieves the pressure of a low battery', () => {
  // Demand over 900 s at 1 Hz on the 4 mJ top rung: 3.6 J.
  assert.equal(decideAdaptivePrecision(state({ soc: 0.1, harvestForecastJ: 3.6 })).variantId, 'int8');
  const half = energyPressure(state({ soc: 0.1, harvestForecastJ: 1.8 }), THREE_RUNGS[0]!.cost, ADAPTIVE_PRECISION_DEFAULTS);
  assert.ok(Math.abs(half.harvestCoverage - 0.5) < 1e-12, String(half.harvestCoverage));
  assert.ok(Math.abs(half.total - 0.5) < 1e-12, String(half.total));
  assert.equal(decideAdaptivePrecision(state({ soc: 0.1, harvestForecastJ: 1.8 })).variantId, 'int4');
  assert.equal(decideAdaptivePrecision(state({ soc: 0.1, harvestForecastJ: 0 })).variantId, 'int2');
});

test('a long queue or an arrival rate near the top rung\'s service rate steps down with a full battery', () => {
  assert.equal(decideAdaptivePrecision(state({ arrivalRateHz: 230 })).variantId, 'int2', 'utilisation 0.92 at 4 ms');
  assert.equal(decideAdaptivePrecision(state({ arrivalRateHz: 175 })).variantId, 'int4', 'utilisation 0.7: pressure 0.5');
  assert.equal(decideAdaptivePrecision(state({ queueLength: 8 })).variantId, 'int2');
  assert.equal(decideAdaptivePrecision(state({ queueLength: 5 })).variantId, 'int4');
  assert.equal(decideAdaptivePrecision(state({ queueLength: 2 })).variantId, 'int8');
});

test('a switch is taken only when the saving over the dwell window exceeds its measured cost', () => {
  const withSwitch = (switchCostS: number) => THREE_RUNGS.map((c) => (c.id === 'int2' ? { ...c, switchCostS } : c));
  const low = { soc: 0.1, currentVariantId: 'int8', sinceSwitchS: 100 };
  // int2 runs at 1 W: a 10 s load costs 10 J; 6 requests in the window save 6 × 3 mJ.
  assert.equal(decideAdaptivePrecision(state({ ...low, candidates: withSwitch(10) })).variantId, 'int8');
  assert.equal(decideAdaptivePrecision(state({ ...low, candidates: withSwitch(1e-3) })).variantId, 'int2');
  // A higher rate raises the window's saving past the same cost: (1 + 5 s × 1000 Hz) × 3 mJ ≈ 15 J.
  assert.equal(decideAdaptivePrecision(state({ ...low, candidates: withSwitch(10), arrivalRateHz: 1000, queueLength: 0 })).variantId, 'int2');
  // Up: the switch may add at most 10 % of the window's energy at the new rung: 10 % of 6 × 4 mJ = 2.4 mJ, i.e. 2.4 ms at int8's 1 W.
  const up = (switchCostS: number) => THREE_RUNGS.map((c) => (c.id === 'int8' ? { ...c, switchCostS } : c));
  const high = { soc: 1, currentVariantId: 'int2', sinceSwitchS: 100 };
  assert.equal(decideAdaptivePrecision(state({ ...high, candidates: up(2e-3) })).variantId, 'int8');
  assert.equal(decideAdaptivePrecision(state({ ...high, candidates: up(3e-3) })).variantId, 'int2');
});

test('stepping up waits for the minimum dwell time; stepping down does not', () => {
  assert.equal(decideAdaptivePrecision(state({ soc: 1, currentVariantId: 'int2', sinceSwitchS: 1 })).variantId, 'int2');
  assert.equal(decideAdaptivePrecision(state({ soc: 1, currentVariantId: 'int2', sinceSwitchS: 5 })).variantId, 'int8');
  assert.equal(decideAdaptivePrecision(state({ soc: 0, currentVariantId: 'int8', sinceSwitchS: 0 })).variantId, 'int2');
});

test('a tight deadline takes the best rung that still meets it; an impossible one does not move the controller', () => {
  assert.equal(decideAdaptivePrecision(state({ slackS: 3e-3 })).variantId, 'int4');
  assert.equal(decideAdaptivePrecision(state({ slackS: 1.5e-3 })).variantId, 'int2');
  assert.equal(decideAdaptivePrecision(state({ slackS: 5e-4, currentVariantId: 'int8', sinceSwitchS: 100 })).variantId, 'int8');
  assert.equal(decideAdaptivePrecision(state({ slackS: -1, currentVariantId: 'int8', sinceSwitchS: 100 })).variantId, 'int8');
});

test('the controller class gives the pure function\'s answers, and bad thresholds are refused by name', () => {
  const c = new AdaptivePrecisionController();
  for (const soc of [1, 0.5, 0.1]) assert.deepEqual(c.decide(state({ soc })), decideAdaptivePrecision(state({ soc })));
  assert.throws(() => new AdaptivePrecisionController({ socFullPressure: 0.9 }), /socFullPressure < socNoPressure/);
  assert.throws(() => new AdaptivePrecisionController({ minDwellS: -1 }), /options\.minDwellS must be a finite number >= 0/);
  assert.throws(() => new AdaptivePrecisionController({ hysteresis: 0.6 }), /hysteresis .* < 0\.5/);
  assert.throws(() => c.decide(state({ candidates: [] })), /no candidate variants/);
});

test('the controller class agrees with the pure function on 2,000 random states, handing out one frozen action per variant', () => {
  const rng = new Rng(11);
  const c = new AdaptivePrecisionController();
  const ids = [null, ...THREE_RUNGS.map((v) => v.id)];
  // Two candidate arrays, as the runtime hands a new one when a measured switch cost changes.
  const measured = THREE_RUNGS.map((v, i) => ({ ...v, switchCostS: 1e-3 * (i + 1) }));
  const given = new Map<string, ReturnType<typeof c.decide>>();
  for (let i = 0; i < 2000; i++) {
    const s = state({
      soc: rng.next(),
      criticality: rng.next() < 0.1 ? 'critical' : rng.next() < 0.5 ? 'normal' : 'background',
      queueLength: rng.int(10),
      arrivalRateHz: rng.next() * 400,
      harvestForecastJ: rng.next() < 0.3 ? rng.next() * 4 : 0,
      currentVariantId: ids[rng.int(ids.length)]!,
      sinceSwitchS: rng.next() * 10,
      slackS: rng.next() < 0.2 ? rng.next() * 5e-3 : Infinity,
      candidates: i % 500 < 250 ? THREE_RUNGS : measured,
    });
    const action = c.decide(s);
    assert.deepEqual(action, decideAdaptivePrecision(s), `state ${i}`);
    assert.ok(Object.isFrozen(action));
    const before = given.get(action.variantId) ?? action;
    assert.equal(action, before, `one action object for ${action.variantId}`);
    given.set(action.variantId, action);
  }
  assert.deepEqual([...given.keys()].sort(), ['int2', 'int4', 'int8']);
});

test('a dominated variant (no cheaper, no better) is never chosen: a nested int2 width priced as its int8 width', () => {
  // On an engine without sub-byte kernels int2 runs on int8 kernels: same energy, 20 points less top-1.
  const nested = [candidate('nested-int8', 4e-3, 4e-3, 0.99), candidate('nested-int4', 4e-3, 4e-3, 0.98), candidate('nested-int2', 4e-3, 4e-3, 0.79)];
  assert.deepEqual(energyLadder(nested).map((c) => c.id), ['nested-int8']);
  assert.equal(decideAdaptivePrecision(state({ soc: 0.01, candidates: nested })).variantId, 'nested-int8', 'under full pressure the cheapest non-dominated rung');
  // Unmeasured variants are kept; a cheaper but worse rung stays on the ladder.
  const mixed = [...nested, candidate('pruned', 1e-3, 1e-3, 0.85), candidate('unknown', 5e-3, 5e-3, null)];
  assert.deepEqual(energyLadder(mixed).map((c) => c.id), ['pruned', 'nested-int8', 'unknown']);
});
