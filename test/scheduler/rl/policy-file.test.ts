/**
 * The policy file: a save/load round trip gives bit-identical Q-values and
 * so identical actions (masked or not); a policy for other observation
 * features or actions is refused at load; hand-edited or mismatched files
 * are refused with the file and the field named.
 */
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { Rng } from '../../../src/engine/random.js';
import { FileFormatError } from '../../../src/io/file-format-error.js';
import { buildQNetwork, denseLayersOf, GreedyPolicy, loadPolicy, POLICY_JSON_FILE, POLICY_WEIGHTS_FILE, savePolicy, type PolicyMetadata } from '../../../src/scheduler/rl/index.js';

const FIELDS = Array.from({ length: 16 }, (_, i) => `feature${i}`);
const ACTIONS = Array.from({ length: 30 }, (_, i) => `variant-${i}`);
const METADATA: PolicyMetadata = { observationFields: FIELDS, actionNames: ACTIONS, training: { seed: 7, steps: 1000 } };
const NOW = () => new Date('2026-01-02T03:04:05.000Z');

function makePolicy(seed: number): GreedyPolicy {
  const rng = new Rng(seed);
  const network = buildQNetwork({ observationSize: 16, actionCount: 30, hidden: [64, 64] }, rng.fork());
  const mean = Float32Array.from({ length: 16 }, () => 10 * rng.normal());
  const std = Float32Array.from({ length: 16 }, () => 0.5 + 5 * rng.next());
  return new GreedyPolicy(denseLayersOf(network), { mean, std });
}

async function withDir(fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'edgewatt-policy-'));
  try {
    await fn(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function editJson(dir: string, edit: (doc: Record<string, any>) => void): Promise<void> {
  const path = join(dir, POLICY_JSON_FILE);
  const doc = JSON.parse(await readFile(path, 'utf8'));
  edit(doc);
  await writeFile(path, JSON.stringify(doc));
}

/** Asserts `promise` rejects with a FileFormatError naming `file` (its basename) and `field`. */
async function rejectsAt(promise: Promise<unknown>, file: string, field: string, message: RegExp): Promise<void> {
  await assert.rejects(promise, (err: unknown) => {
    assert.ok(err instanceof FileFormatError, `expected a FileFormatError, got ${String(err)}`);
    assert.ok(err.file.endsWith(file), `file ${err.file}`);
    assert.equal(err.field, field);
    assert.match(err.message, message);
    return true;
  });
}

test('round trip: identical Q-values and actions, with and without masks; metadata kept', async () => {
  await withDir(async (dir) => {
    const policy = makePolicy(1);
    await savePolicy(dir, policy, METADATA, { now: NOW });
    const loaded = await loadPolicy(dir, { observationFields: FIELDS, actionNames: ACTIONS });
    assert.deepEqual(loaded.metadata, { observationFields: FIELDS, actionNames: ACTIONS, algorithm: 'double-dqn', training: { seed: 7, steps: 1000 } });
    assert.equal(loaded.createdAt, '2026-01-02T03:04:05.000Z');
    const rng = new Rng(2);
    for (let n = 0; n < 500; n++) {
      const x = Float32Array.from({ length: 16 }, () => 20 * rng.normal());
      assert.deepEqual(Array.from(loaded.policy.qValues(x)), Array.from(policy.qValues(x)), `observation ${n}`);
      const mask = Uint8Array.from({ length: 30 }, () => (rng.next() < 0.5 ? 1 : 0));
      mask[rng.int(30)] = 1;
      assert.equal(loaded.policy.act(x, mask), policy.act(x, mask));
    }
  });
});

test('a policy for another observation or action space is refused at load', async () => {
  await withDir(async (dir) => {
    await savePolicy(dir, makePolicy(1), METADATA, { now: NOW });
    await rejectsAt(loadPolicy(dir, { observationSize: 15 }), POLICY_JSON_FILE, 'observationFields', /reads 16 observation features; the caller supplies 15/);
    const renamed = FIELDS.map((f, i) => (i === 3 ? 'socPercent' : f));
    await rejectsAt(loadPolicy(dir, { observationFields: renamed }), POLICY_JSON_FILE, 'observationFields.3', /"feature3" but the caller's feature 3 is "socPercent"/);
    await rejectsAt(loadPolicy(dir, { actionCount: 29 }), POLICY_JSON_FILE, 'actionNames', /among 30 actions; the caller has 29/);
  });
});

test('hand-edited policy.json: each problem is named by file and field', async () => {
  await withDir(async (dir) => {
    await savePolicy(dir, makePolicy(1), METADATA, { now: NOW });
    const original = await readFile(join(dir, POLICY_JSON_FILE), 'utf8');
    const restore = () => writeFile(join(dir, POLICY_JSON_FILE), original);

    await editJson(dir, (d) => d.normaliser.std.pop());
    await rejectsAt(loadPolicy(dir), POLICY_JSON_FILE, 'normaliser.std', /15 entries; observationFields has 16/);
    await restore();
    await editJson(dir, (d) => (d.normaliser.std[2] = -1));
    await rejectsAt(loadPolicy(dir), POLICY_JSON_FILE, 'normaliser.std.2', /greater than 0/);
    await restore();
    await editJson(dir, (d) => (d.version = 2));
    await rejectsAt(loadPolicy(dir), POLICY_JSON_FILE, 'version', /newer .* upgrade Edgewatt/);
    await restore();
    await editJson(dir, (d) => (d.actionNames[1] = d.actionNames[0]));
    await rejectsAt(loadPolicy(dir), POLICY_JSON_FILE, 'actionNames', /unique/);
    await restore();
    await editJson(dir, (d) => (d.network.hidden = [64, 32]));
    await rejectsAt(loadPolicy(dir), POLICY_WEIGHTS_FILE, 'tensor "layers.1.weight"', /float32\[64, 64\]; expected float32\[32, 64\]/);
    await restore();
    await writeFile(join(dir, POLICY_JSON_FILE), '{ "format": ');
    await rejectsAt(loadPolicy(dir), POLICY_JSON_FILE, '(document)', /not valid JSON/);
  });
});

test('weights that do not belong to policy.json are refused; a missing policy says so', async () => {
  await withDir(async (dir) => {
    await savePolicy(dir, makePolicy(1), METADATA, { now: NOW });
    const json = await readFile(join(dir, POLICY_JSON_FILE));
    await savePolicy(dir, makePolicy(2), METADATA, { now: NOW });
    await writeFile(join(dir, POLICY_JSON_FILE), json);
    await rejectsAt(loadPolicy(dir), POLICY_WEIGHTS_FILE, 'sha256', /records/);
  });
  await assert.rejects(loadPolicy('/nonexistent/edgewatt-policy'), /policy\.json: not found/);
});

test('save refuses metadata that does not fit the policy, before writing anything', async () => {
  await withDir(async (dir) => {
    const policy = makePolicy(1);
    await assert.rejects(savePolicy(join(dir, 'p'), policy, { ...METADATA, actionNames: ACTIONS.slice(1) }), /metadata\.actionNames must list 30 names/);
    await assert.rejects(savePolicy(join(dir, 'p'), policy, { ...METADATA, observationFields: FIELDS.map(() => 'x') }), /duplicate/);
    await assert.rejects(savePolicy(join(dir, 'p'), policy, { ...METADATA, training: { bad: NaN } }), /cannot be stored in JSON/);
    await assert.rejects(readFile(join(dir, 'p', POLICY_JSON_FILE)), /ENOENT/);
  });
});
