/**
 * The latency budget on the scheduler's actions: only actions at most the
 * ratio × the reference's latency survive (the reference always does), the
 * excluded ones say why, and the p50 floor is the bound its header derives,
 * checked against a brute force over two-action mixes on the MCU's actions.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadDeviceProfile } from '../../../src/energy/index.js';
import { referenceAction } from '../../../src/scheduler/sim/reference-action.js';
import { capLatency, latencyFloorRatio } from '../../../src/scheduler/sim/latency-cap.js';
import { twinActions } from '../../../src/scheduler/sim/twin-actions.js';
import { LADDER } from '../eval/fixtures.js';

const mcu = loadDeviceProfile('nucleo-u575zi');
const space = twinActions(LADDER, mcu, { variants: ['int8', 'int4', 'pruned-int8'] });
const ref = referenceAction(space, mcu);

test('capLatency keeps exactly the actions within ratio × the reference latency; the rest are excluded with the reason', () => {
  for (const ratio of [1, 2.5, 100]) {
    const capped = capLatency(space, ref.id, ratio);
    const expected = space.actions.filter((a) => a.cost.latencyS <= ref.cost.latencyS * ratio * (1 + 1e-9)).map((a) => a.id);
    assert.deepEqual(capped.actions.map((a) => a.id), expected, `ratio ${ratio}`);
    assert.ok(capped.actions.some((a) => a.id === ref.id), 'the reference stays');
    const dropped = space.actions.length - capped.actions.length;
    assert.equal(capped.excluded.length - space.excluded.length, dropped);
    if (dropped > 0) {
      assert.match(capped.excluded[capped.excluded.length - 1]!.reason, new RegExp(`slower than ${ratio} × ${ref.id.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
      const slow = space.actions.find((a) => !expected.includes(a.id))!;
      assert.throws(() => capped.byId(slow.id), /unknown or excluded action/);
    } else assert.equal(capped, space, 'nothing slower: the same space');
  }
  // The MCU's slower operating points are all more than 1× the nominal one's latency.
  assert.ok(capLatency(space, ref.id, 1).actions.every((a) => a.opPointId === mcu.power.nominalOpPoint || a.cost.latencyS <= ref.cost.latencyS));
  assert.ok(capLatency(space, ref.id, 1).actions.length < space.actions.length);
  assert.throws(() => capLatency(space, ref.id, 0.5), /maxRatio must be a finite number >= 1/);
  assert.throws(() => capLatency(space, 'nope@x', 1), /unknown action "nope@x"/);
});

test('latencyFloorRatio: no half-fast, half-best mix within the accuracy budget has a lower median', () => {
  for (const maxLoss of [0, 0.01, 0.02, 0.05]) {
    const floor = latencyFloorRatio(space, ref.id, maxLoss);
    assert.ok(floor !== null && floor > 0 && floor <= 1, `maxLoss ${maxLoss}: ${floor}`);
    // Brute force: any action a serving half the requests next to the best action b on the other half.
    const q = (x: (typeof space.actions)[number]) => x.quality!;
    let bruteMin = Infinity;
    for (const a of space.actions) for (const b of space.actions) if ((q(a) + q(b)) / 2 >= q(ref) - maxLoss - 1e-12) bruteMin = Math.min(bruteMin, Math.min(a.cost.latencyS, b.cost.latencyS));
    // Both response times carry the wake-up from sleep (32 µs on the U575).
    const w = space.wakeUp.latencyS;
    assert.ok(w > 0, 'the U575 profile has a wake-up time');
    assert.ok(Math.abs(floor! - (w + bruteMin) / (w + ref.cost.latencyS)) < 1e-12, `maxLoss ${maxLoss}`);
    assert.ok(floor! >= bruteMin / ref.cost.latencyS - 1e-12, 'the wake-up never loosens the bound');
  }
  assert.ok(latencyFloorRatio(space, ref.id, 0.05)! <= latencyFloorRatio(space, ref.id, 0)!, 'a larger budget never raises the floor');
});
