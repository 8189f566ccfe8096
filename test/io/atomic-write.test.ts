import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { writeFileAtomic, writeJsonAtomic } from '../../src/io/atomic-write.js';

describe('writeFileAtomic', () => {
  let root: string;
  let n = 0;
  const freshDir = async (): Promise<string> => {
    const dir = join(root, `case${n++}`);
    await mkdir(dir);
    return dir;
  };
  before(async () => {
    root = await mkdtemp(join(tmpdir(), 'edgewatt-atomic-'));
  });
  after(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('writes bytes, strings and chunk sequences, replacing the old content and leaving no temp file', async () => {
    const dir = await freshDir();
    const path = join(dir, 'out.bin');
    await writeFileAtomic(path, new Uint8Array([1, 2, 3]));
    assert.deepEqual([...(await readFile(path))], [1, 2, 3]);

    await writeFileAtomic(path, 'héllo');
    assert.equal(await readFile(path, 'utf8'), 'héllo');

    await writeFileAtomic(path, [new Uint8Array([9]), new Uint8Array(0), new Uint8Array([8, 7])]);
    assert.deepEqual([...(await readFile(path))], [9, 8, 7]);

    assert.deepEqual(await readdir(dir), ['out.bin']);
  });

  it('fails with the path in the message when the directory does not exist', async () => {
    const dir = await freshDir();
    const path = join(dir, 'missing', 'out.bin');
    await assert.rejects(writeFileAtomic(path, 'x'), (err: Error) => {
      assert.match(err.message, /writeFileAtomic/);
      assert.ok(err.message.includes(path), err.message);
      return true;
    });
    assert.deepEqual(await readdir(dir), []);
  });

  it('keeps the old file and removes the temp file when producing the data throws midway', async () => {
    const dir = await freshDir();
    const path = join(dir, 'model.bin');
    await writeFile(path, 'old content');
    function* failing(): Iterable<Uint8Array> {
      yield new Uint8Array(1024).fill(1);
      throw new Error('encoder exploded');
    }
    await assert.rejects(writeFileAtomic(path, failing()), (err: Error) => {
      assert.ok(err.message.includes(path), err.message);
      assert.match(err.message, /encoder exploded/);
      assert.equal((err.cause as Error).message, 'encoder exploded');
      return true;
    });
    assert.equal(await readFile(path, 'utf8'), 'old content');
    assert.deepEqual(await readdir(dir), ['model.bin']);
  });

  it('removes the temp file when the final rename fails (target is a non-empty directory)', async () => {
    const dir = await freshDir();
    const target = join(dir, 'taken');
    await mkdir(target);
    await writeFile(join(target, 'inside'), 'keep me');
    await assert.rejects(writeFileAtomic(target, 'x'), (err: Error) => err.message.includes(target));
    assert.deepEqual(await readdir(dir), ['taken']);
    assert.equal(await readFile(join(target, 'inside'), 'utf8'), 'keep me');
  });
});

describe('writeJsonAtomic', () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'edgewatt-json-'));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('writes indented JSON with a trailing newline', async () => {
    const path = join(dir, 'a.json');
    await writeJsonAtomic(path, { a: [1, 2], b: 'c' });
    const text = await readFile(path, 'utf8');
    assert.ok(text.endsWith('}\n'));
    assert.deepEqual(JSON.parse(text), { a: [1, 2], b: 'c' });
    assert.match(text, /\n {2}"a"/);
  });

  it('rejects values JSON cannot hold, naming the path, and leaves the old file alone', async () => {
    const path = join(dir, 'b.json');
    await writeFile(path, '{"old":true}');
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    await assert.rejects(writeJsonAtomic(path, cyclic), (err: Error) => err instanceof TypeError && err.message.includes(path));
    await assert.rejects(writeJsonAtomic(path, undefined), (err: Error) => err instanceof TypeError && err.message.includes(path));
    await assert.rejects(writeJsonAtomic(path, { n: 1n }), (err: Error) => err instanceof TypeError && err.message.includes(path));
    assert.equal(await readFile(path, 'utf8'), '{"old":true}');
    assert.deepEqual((await readdir(dir)).sort(), ['a.json', 'b.json']);
  });
});
