/**
 * The shared suite every Meter implementation runs (STYLE.md 6; DESIGN.md,
 * "Meter"): a fixture opens the meter over a fake source whose true energy
 * is known in closed form, and the suite checks the contract: joules start
 * at ≥ 0, never decrease, match the source (to 1e-9 relative: exact for
 * counters and for trapezoids over linear power ramps), `scope` and
 * `estimate` are as declared, and reading after close() throws.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Meter, MeterScope } from '../../../src/energy/meter.js';

export interface MeterFixture {
  meter: Meter;
  /** Moves the fake source and its clock one step forward. */
  advance(): void;
  /** The energy the fake source delivered since the meter was opened, J, from its closed form. */
  expectedJ(): number;
  scope: MeterScope;
  estimate: boolean;
  /** Relative tolerance on the joules; default 1e-9. */
  relativeTolerance?: number;
  /** Removes temporary files. */
  dispose?(): void;
}

function assertJoules(actualJ: number, expectedJ: number, relativeTolerance: number, what: string): void {
  const allowedJ = relativeTolerance * Math.abs(expectedJ) + 1e-12;
  assert.ok(Math.abs(actualJ - expectedJ) <= allowedJ, `${what}: read ${actualJ} J, the source delivered ${expectedJ} J`);
}

function withFixture(makeFixture: () => MeterFixture, body: (fixture: MeterFixture) => void): void {
  const fixture = makeFixture();
  try {
    body(fixture);
  } finally {
    fixture.dispose?.();
  }
}

export function meterSuite(name: string, makeFixture: () => MeterFixture, steps = 6): void {
  describe(`Meter contract: ${name}`, () => {
    test('joules start at >= 0, never decrease and match the source at every step', () => {
      withFixture(makeFixture, (fixture) => {
        const tolerance = fixture.relativeTolerance ?? 1e-9;
        let previousJ = fixture.meter.read();
        assert.ok(previousJ >= 0, `first read is ${previousJ} J`);
        assertJoules(previousJ, fixture.expectedJ(), tolerance, 'at open');
        for (let step = 1; step <= steps; step++) {
          fixture.advance();
          const joules = fixture.meter.read();
          assert.ok(joules >= previousJ, `step ${step}: ${joules} J after ${previousJ} J`);
          assertJoules(joules, fixture.expectedJ(), tolerance, `step ${step}`);
          previousJ = joules;
        }
        assert.ok(fixture.expectedJ() > 0, 'the fixture must deliver energy, or the comparison proves nothing');
        assert.ok(Number.isFinite(previousJ));
      });
    });

    test('a second read without the source moving adds nothing', () => {
      withFixture(makeFixture, (fixture) => {
        fixture.advance();
        const first = fixture.meter.read();
        assert.equal(fixture.meter.read(), first);
      });
    });

    test('scope and estimate are as declared', () => {
      withFixture(makeFixture, (fixture) => {
        assert.equal(fixture.meter.scope, fixture.scope);
        assert.equal(fixture.meter.estimate, fixture.estimate);
        assert.ok(fixture.meter.name.length > 0);
      });
    });

    test('read after close throws', () => {
      withFixture(makeFixture, (fixture) => {
        fixture.meter.read();
        fixture.meter.close();
        assert.throws(() => fixture.meter.read(), /close/);
      });
    });
  });
}
