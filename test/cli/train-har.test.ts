/** The CLI as a user runs it: `edgewatt train har` on HAR-format files the test writes itself. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeSyntheticHar } from '../../src/data/index.js';
import { Rng } from '../../src/engine/index.js';

const cli = resolve(fileURLToPath(import.meta.url), '../../../src/cli/main.js');

function run(args: string[]) {
  return spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', timeout: 120_000 });
}

test('train har --json prints one JSON object on stdout and writes a checkpoint', () => {
  const dir = mkdtempSync(join(tmpdir(), 'edgewatt-cli-'));
  try {
    writeSyntheticHar(join(dir, 'har'), { recordingsPerClass: 5, samplesPerRecording: 260, rng: new Rng(5) });
    const r = run(['train', 'har', '--data', join(dir, 'har'), '--epochs', '3', '--out', join(dir, 'ckpt'), '--json', '--quiet']);
    assert.equal(r.status, 0, r.stderr);
    const lines = r.stdout.trim().split('\n');
    assert.equal(lines.length, 1, 'exactly one line on stdout');
    const result = JSON.parse(lines[0]!);
    assert.equal(result.task, 'har');
    assert.ok(result.valAccuracy >= 0 && result.valAccuracy <= 1);
    assert.deepEqual(result.classes, ['running', 'stationary', 'walking']);
    assert.ok(existsSync(join(dir, 'ckpt', 'model.json')));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('bad arguments and missing data give one clear error line and exit code 1', () => {
  const bad = run(['train', 'har', '--epochs', 'ten']);
  assert.notEqual(bad.status, 0);
  assert.match(bad.stderr, /--epochs: expected an integer, got "ten"/);
  const missing = run(['train', 'har', '--data', '/nonexistent/har']);
  assert.equal(missing.status, 1);
  assert.match(missing.stderr, /HAR data folder not found at \/nonexistent\/har/);
  assert.doesNotMatch(missing.stderr, /at .*\.js:\d+/, 'no stack trace without EDGEWATT_DEBUG');
});
