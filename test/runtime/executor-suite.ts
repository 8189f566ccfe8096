/**
 * The contract every VariantExecutor must keep (STYLE.md: every pluggable
 * interface ships a shared suite its implementations pass): the runtime
 * relies on nothing else about an executor.
 */
import assert from 'node:assert/strict';
import type { VariantExecutor } from '../../src/runtime/executor.js';

export async function checkVariantExecutor(name: string, ex: VariantExecutor, sample: Float32Array): Promise<void> {
  const ids = ex.variantIds;
  assert.ok(ids.length > 0, `${name}: no variants`);
  assert.equal(new Set(ids).size, ids.length, `${name}: duplicate variant ids`);
  assert.equal(sample.length, ex.inputShape.reduce((a, b) => a * b, 1), `${name}: the sample does not fit inputShape`);
  await assert.rejects(ex.select('no-such-variant'), (e: unknown) => e instanceof RangeError && ids.every((id) => e.message.includes(`"${id}"`)), `${name}: an unknown variant names the known ones`);
  assert.throws(() => ex.qualityOf('no-such-variant'), RangeError);
  const lengths = new Set<number>();
  for (const id of ids) {
    const q = ex.qualityOf(id);
    assert.ok(q === null || Number.isFinite(q), `${name}: quality of ${id}`);
    const cost = await ex.select(id);
    assert.ok(Number.isFinite(cost.switchS) && cost.switchS >= 0, `${name}: switchS of ${id} is ${cost.switchS}`);
    assert.equal(typeof cost.cold, 'boolean');
    assert.equal(ex.activeId, id);
    const y = await ex.run(sample);
    assert.ok(y instanceof Float32Array && y.length > 0 && y.every(Number.isFinite), `${name}: output of ${id}`);
    lengths.add(y.length);
    // The output belongs to the caller: scribbling on it changes nothing the executor returns next.
    const copy = Float32Array.from(y);
    y.fill(NaN);
    assert.deepEqual(await ex.run(sample), copy, `${name}: ${id} gives the same output twice, untouched by the caller's changes`);
  }
  assert.equal(lengths.size, 1, `${name}: every variant gives outputs of one length`);
  if (ex.runThen !== undefined) {
    // runThen(input, f, g) is run(input).then(f, g): the same output to f, and g not called.
    const want = await ex.run(sample);
    const got = await ex.runThen(sample, (y) => y, (e) => { throw new Error(`${name}: runThen called onError with ${String(e)}`); });
    assert.deepEqual(got, want, `${name}: runThen hands on run's output`);
    assert.equal(await ex.runThen(sample, (y) => y.length, () => -1), want.length);
  }
  const again = await ex.select(ids[0]!);
  assert.ok(again.switchS >= 0);
  assert.equal(ex.activeId, ids[0]);
}
