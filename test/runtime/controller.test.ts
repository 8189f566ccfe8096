/**
 * ActionSpace, the check the runtime puts every controller's action
 * through: it remembers a frozen action that passed (a frozen object cannot
 * change), and nothing else — an action mutated after passing is checked
 * again.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ActionSpace, type ControllerAction } from '../../src/runtime/controller.js';

test('a frozen action that passed passes again; a mutable one is checked every time', () => {
  const space = new ActionSpace(['a', 'b'], 10);
  const frozen = Object.freeze({ variantId: 'a' });
  assert.equal(space.check(frozen), frozen);
  assert.equal(space.check(frozen), frozen);
  const mutable: { variantId: string; deferS?: number } = { variantId: 'b' };
  assert.equal(space.check(mutable), mutable);
  mutable.variantId = 'c';
  assert.throws(() => space.check(mutable), /chose variant "c", which is not in the action space \("a", "b"\)/);
  mutable.variantId = 'a';
  mutable.deferS = 11;
  assert.throws(() => space.check(mutable), /defer by 11 s; a deferral must be between 0 and 10 s/);
  // Remembering one frozen action does not let another through.
  assert.throws(() => space.check(Object.freeze({ variantId: 'z' }) as ControllerAction), /chose variant "z"/);
  assert.throws(() => space.check(Object.freeze({ variantId: 'a', deferS: -1 })), /defer by -1 s/);
  assert.throws(() => space.check(null as unknown as ControllerAction), /decide\(\) must return an action/);
  assert.equal(space.check(frozen), frozen);
});
