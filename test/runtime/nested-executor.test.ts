/**
 * One nested any-precision cnn1d behind the runtime: each width is a
 * variant, a switch is setBits (warm, no load), the outputs are the engine's
 * at that width, and a runtime driven by a controller switches widths
 * request by request.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { noGrad, randn, Rng, tensor, tidy } from '../../src/engine/index.js';
import { buildNestedModel } from '../../src/compress/integer/index.js';
import { VirtualClock } from '../../src/runtime/clock.js';
import type { Controller, ControllerAction, ControllerState } from '../../src/runtime/controller.js';
import { EdgeRuntime } from '../../src/runtime/edge-runtime.js';
import { NestedExecutor, nestedVariantId } from '../../src/runtime/nested-executor.js';
import { createRequest } from '../../src/runtime/request.js';
import type { RequestEvent } from '../../src/runtime/request-event.js';
import { makeModel, normalBatches, settleBatchNorm, SMALL_ZOO } from '../compress/integer/helpers.js';
import { cost } from './helpers.js';

const CNN1D = SMALL_ZOO[1]!;

function nestedCnn1d() {
  const model = makeModel(CNN1D);
  const rng = new Rng(7);
  settleBatchNorm(model, rng, CNN1D.inputShape);
  const nested = buildNestedModel(model, normalBatches(rng, CNN1D.inputShape, 2, 16), { inputShape: CNN1D.inputShape });
  const x = randn([1, ...CNN1D.inputShape], rng).toArray() as Float32Array;
  return { nested, x };
}

test('each width is a variant; select is setBits and warm; run is the engine forward at that width', async () => {
  const { nested, x } = nestedCnn1d();
  const ex = new NestedExecutor(nested, { quality: { 8: 0.91, 4: 0.88 } });
  assert.deepEqual(ex.variantIds, ['nested-int8', 'nested-int4', 'nested-int2']);
  assert.deepEqual(ex.inputShape, [3, 26]);
  assert.deepEqual([ex.qualityOf('nested-int4'), ex.qualityOf('nested-int2')], [0.88, null]);
  const outs = new Map<number, Float32Array>();
  for (const bits of [8, 4, 2]) {
    const c = await ex.select(nestedVariantId(bits));
    assert.equal(c.cold, false);
    // One switch's wall time is noise on a loaded host; the median over 2001 switches is checked in test/compress/integer/nested.test.ts.
    assert.ok(Number.isFinite(c.switchS) && c.switchS >= 0, `${c.switchS} s`);
    assert.equal(nested.bits, bits);
    const y = await ex.run(x);
    nested.setBits(bits);
    const want = tidy(() => noGrad(() => nested.call(tensor(x, [1, 3, 26])).toArray()));
    assert.deepEqual(y, want);
    outs.set(bits, y);
  }
  assert.notDeepEqual(outs.get(8), outs.get(2), 'widths compute different outputs');
  await assert.rejects(ex.select('nested-int3'), /unknown variant "nested-int3"; this executor runs "nested-int8", "nested-int4", "nested-int2"/);
  await assert.rejects(ex.run(new Float32Array(5)), /has 78 values, got 5/);
  assert.throws(() => new NestedExecutor(nested, { quality: { 3: 0.5 } }), /3 bits, which is not one of the model's widths/);
});

test('a runtime switches the nested widths request by request as its controller says', async () => {
  const { nested, x } = nestedCnn1d();
  const widths = [8, 4, 4, 2, 8];
  let i = 0;
  const controller: Controller = {
    decide: (_s: ControllerState): ControllerAction => ({ variantId: nestedVariantId(widths[i++]!) }),
    observe: () => {},
  };
  const costs = { 8: cost(4e-3, 2e-3), 4: cost(2e-3, 1e-3), 2: cost(1e-3, 1e-3) } as Record<number, ReturnType<typeof cost>>;
  const events: RequestEvent[] = [];
  const runtime = new EdgeRuntime({
    executor: new NestedExecutor(nested), costOf: (id) => costs[Number(id.slice('nested-int'.length))]!, idlePowerW: 0,
    clock: new VirtualClock(0), controller, onEvent: (e) => e.type === 'request' && events.push(e),
  });
  for (let k = 0; k < widths.length; k++) runtime.submit(createRequest({ id: `n${k}`, input: x, arrivalS: 0 }));
  const r = await runtime.drain();
  assert.equal(r.served, 5);
  assert.deepEqual(events.map((e) => e.variantId), widths.map(nestedVariantId));
  assert.deepEqual(events.map((e) => e.switched), [true, true, false, true, true]);
  assert.equal(nested.bits, 8);
  assert.deepEqual(events.map((e) => e.energyJ), widths.map((b) => costs[b]!.energyJ), 'a virtual clock nobody advances: no switch time, model energy as given');
});
