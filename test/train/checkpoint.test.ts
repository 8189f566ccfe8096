import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm, writeFile, copyFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { loadCheckpoint, saveCheckpoint, type CheckpointContents } from '../../src/train/checkpoint.js';
import { FileFormatError } from '../../src/io/file-format-error.js';
import type { NamedArrays } from '../../src/train/safetensors.js';

const FIXED_TIME = new Date('2025-03-01T12:00:00.000Z');

function contents(scale = 1): CheckpointContents {
  const arrays: NamedArrays = new Map([
    ['layer1.0.conv1.weight', { dtype: 'float32', shape: [2, 2], data: new Float32Array([1, 2, 3, 4].map((x) => x * scale)) }],
    ['layer1.0.bn1.running_mean', { dtype: 'float32', shape: [2], data: new Float32Array([0.5, -0.5]) }],
    ['fc.weight_q', { dtype: 'int8', shape: [3], data: new Int8Array([-1, 0, 1]) }],
  ]);
  return {
    arrays,
    model: { name: 'tinyconv', config: { channels: [8, 16], dropout: 0.1, activation: 'relu' } },
    training: { epoch: 3, step: 1200, bestAccuracy: 0.91 },
  };
}

describe('checkpoints', () => {
  let root: string;
  let n = 0;
  const dirFor = (): string => join(root, `ckpt${n++}`);
  before(async () => {
    root = await mkdtemp(join(tmpdir(), 'edgewatt-ckpt-'));
  });
  after(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('round-trips arrays, model description, training state and time; creates the directory', async () => {
    const dir = join(dirFor(), 'nested');
    await saveCheckpoint(dir, contents(), { now: () => FIXED_TIME });
    assert.deepEqual((await readdir(dir)).sort(), ['model.json', 'model.safetensors']);
    const loaded = await loadCheckpoint(dir);
    assert.equal(loaded.createdAt, '2025-03-01T12:00:00.000Z');
    assert.deepEqual(loaded.model, contents().model);
    assert.deepEqual(loaded.training, contents().training);
    assert.deepEqual([...loaded.arrays.keys()].sort(), [...contents().arrays.keys()].sort());
    assert.deepEqual([...loaded.arrays.get('layer1.0.conv1.weight')!.data], [1, 2, 3, 4]);
    assert.deepEqual(loaded.arrays.get('fc.weight_q')!.shape, [3]);

    const manifest = JSON.parse(await readFile(join(dir, 'model.json'), 'utf8'));
    assert.equal(manifest.format, 'edgewatt-checkpoint');
    assert.equal(manifest.version, 1);
    assert.match(manifest.weights.sha256, /^[0-9a-f]{64}$/);
  });

  it('omits training when not given', async () => {
    const dir = dirFor();
    const { arrays, model } = contents();
    await saveCheckpoint(dir, { arrays, model });
    const loaded = await loadCheckpoint(dir);
    assert.equal('training' in loaded, false);
    assert.ok(!Number.isNaN(Date.parse(loaded.createdAt)));
  });

  it('overwrites an existing checkpoint', async () => {
    const dir = dirFor();
    await saveCheckpoint(dir, contents(1));
    await saveCheckpoint(dir, contents(10));
    const loaded = await loadCheckpoint(dir);
    assert.deepEqual([...loaded.arrays.get('layer1.0.conv1.weight')!.data], [10, 20, 30, 40]);
    assert.deepEqual((await readdir(dir)).sort(), ['model.json', 'model.safetensors']);
  });

  it('detects weights replaced after model.json was written (an interrupted re-save)', async () => {
    const a = dirFor();
    const b = dirFor();
    await saveCheckpoint(a, contents(1));
    await saveCheckpoint(b, contents(2)); // same size, different bytes
    await copyFile(join(b, 'model.safetensors'), join(a, 'model.safetensors'));
    await assert.rejects(loadCheckpoint(a), (err: unknown) => {
      assert.ok(err instanceof FileFormatError);
      assert.equal(err.file, join(a, 'model.safetensors'));
      assert.equal(err.field, 'sha256');
      assert.match(err.problem, /model\.json records/);
      return true;
    });
    await writeFile(join(a, 'model.safetensors'), new Uint8Array(20));
    await assert.rejects(loadCheckpoint(a), (err: unknown) => err instanceof FileFormatError && err.field === 'size');
  });

  it('says which file is missing', async () => {
    const dir = dirFor();
    await assert.rejects(loadCheckpoint(dir), (err: Error) => err.message.includes(join(dir, 'model.json')) && /not found/.test(err.message));
    await saveCheckpoint(dir, contents());
    await rm(join(dir, 'model.safetensors'));
    await assert.rejects(loadCheckpoint(dir), (err: Error) => err.message.includes(join(dir, 'model.safetensors')) && /not found/.test(err.message));
  });

  it('rejects a malformed model.json, naming the file and the field', async () => {
    const dir = dirFor();
    await saveCheckpoint(dir, contents(), { now: () => FIXED_TIME });
    const jsonPath = join(dir, 'model.json');
    const original = JSON.parse(await readFile(jsonPath, 'utf8'));
    const cases: Array<[string, (m: Record<string, any>) => unknown, RegExp]> = [
      ['format', (m) => ((m.format = 'pt'), m), /must be "edgewatt-checkpoint", got "pt"/],
      ['version', (m) => ((m.version = 2), m), /2 is not supported.*newer: upgrade/],
      ['model', (m) => (delete m.model, m), /must be an object/],
      ['model.name', (m) => ((m.model.name = ''), m), /non-empty string/],
      ['model.config', (m) => ((m.model.config = [1]), m), /must be an object, got \[1\]/],
      ['training', (m) => ((m.training = 5), m), /must be an object when present/],
      ['createdAt', (m) => ((m.createdAt = 'yesterday'), m), /ISO 8601/],
      ['weights.sha256', (m) => ((m.weights.sha256 = 'abc'), m), /64 lowercase hex/],
      ['weights.bytes', (m) => ((m.weights.bytes = -1), m), /at least 8/],
      ['(document)', () => [], /must be a JSON object/],
    ];
    for (const [field, mutate, problem] of cases) {
      await writeFile(jsonPath, JSON.stringify(mutate(structuredClone(original))));
      await assert.rejects(loadCheckpoint(dir), (err: unknown) => {
        assert.ok(err instanceof FileFormatError, `${field}: ${String(err)}`);
        assert.equal(err.file, jsonPath);
        assert.equal(err.field, field);
        assert.match(err.problem, problem);
        return true;
      });
    }
    await writeFile(jsonPath, '{"format": ');
    await assert.rejects(loadCheckpoint(dir), (err: unknown) => err instanceof FileFormatError && /not valid JSON/.test(err.problem));
  });

  it('refuses to save what JSON would silently change, before writing anything', async () => {
    const dir = dirFor();
    const bad = (patch: Partial<CheckpointContents>, re: RegExp): Promise<void> =>
      assert.rejects(saveCheckpoint(dir, { ...contents(), ...patch }), re);
    await bad({ model: { name: 'm', config: { lr: NaN } } }, /model\.config\.lr: NaN/);
    await bad({ model: { name: 'm', config: { when: new Date() } as never } }, /model\.config\.when: a Date/);
    await bad({ model: { name: '', config: {} } }, /model\.name must be a non-empty string/);
    await bad({ training: [] as never }, /training: expected a plain object, got an array/);
    await assert.rejects(readdir(dir), { code: 'ENOENT' });
  });
});
