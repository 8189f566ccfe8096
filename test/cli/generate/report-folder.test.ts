/**
 * The report writer `edgewatt generate` (and `detect`) use
 * (cli/report/write-report-folder.ts): every file then result.json, each
 * complete or absent; a failure leaves no temp file and no half-written
 * file, and a bad name or a result JSON cannot hold touches nothing.
 */
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateOutcome } from '../../../src/cli/generate/generate-outcome.js';
import { writeReportFolder } from '../../../src/cli/report/write-report-folder.js';
import { handBuiltResult } from './synthesis-fixture.js';

const work = mkdtempSync(join(tmpdir(), 'edgewatt-generate-report-'));
after(() => rmSync(work, { recursive: true, force: true }));
const outcome = generateOutcome({ name: 'har', description: 'hand-built', dataDir: '/data' }, handBuiltResult({ samplesPerClass: 3 }), { devices: ['raspberry-pi-4'], samplesPerClass: 3 });

test('writes every file as rendered, then result.json, into a folder it makes', async () => {
  const dir = join(work, 'a', 'b');
  const written = await writeReportFolder(dir, outcome.files, outcome.result);
  assert.deepEqual(readdirSync(dir).sort(), [...outcome.files.map((f) => f.file), 'result.json'].sort());
  for (const f of outcome.files) assert.equal(readFileSync(join(dir, f.file), 'utf8'), f.content);
  assert.deepEqual(JSON.parse(readFileSync(written.resultPath, 'utf8')), JSON.parse(JSON.stringify(outcome.result)));
  assert.deepEqual(written.paths, outcome.files.map((f) => join(dir, f.file)));
});

test('a write that fails part-way leaves the files before it complete, no temp file, and the previous result.json as it was', async () => {
  const dir = join(work, 'fails');
  mkdirSync(dir);
  writeFileSync(join(dir, 'result.json'), '{"previous": true}\n');
  // A folder squatting on the third file's name: its rename cannot replace it.
  const blocked = outcome.files[2]!.file;
  mkdirSync(join(dir, blocked));
  await assert.rejects(writeReportFolder(dir, outcome.files, outcome.result), new RegExp(`could not write .*${blocked.replace('.', '\\.')}`));
  const names = readdirSync(dir);
  assert.deepEqual(names.filter((n) => n.endsWith('.tmp')), [], 'no temp file left');
  for (const f of outcome.files.slice(0, 2)) assert.equal(readFileSync(join(dir, f.file), 'utf8'), f.content, `${f.file} complete`);
  for (const f of outcome.files.slice(3)) assert.ok(!names.includes(f.file), `${f.file} not started`);
  assert.equal(readFileSync(join(dir, 'result.json'), 'utf8'), '{"previous": true}\n', 'result.json untouched: the run did not finish');
});

test('a bad file name or a result JSON cannot hold is refused before the folder is made', async () => {
  const cases: [Parameters<typeof writeReportFolder>[1], unknown, RegExp][] = [
    [[{ file: '../escape.svg', content: '' }], {}, /files\[0\]\.file must be a plain file name/],
    [[{ file: 'a.svg', content: '' }, { file: 'a.svg', content: '' }], {}, /files\[1\]\.file "a\.svg" is given twice/],
    [[{ file: 'result.json', content: '' }], {}, /is the result file's name/],
    [outcome.files, { n: 1n }, /the result cannot be written as JSON/],
    [outcome.files, undefined, /the result has no JSON form/],
  ];
  for (const [i, [files, result, message]] of cases.entries()) {
    const dir = join(work, `refused-${i}`);
    await assert.rejects(writeReportFolder(dir, files, result), message);
    assert.ok(!existsSync(dir), `case ${i}: nothing made`);
  }
});
