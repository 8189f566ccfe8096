/**
 * `edgewatt run <ladder> --stream <file>` as a user runs it: a small real
 * ladder (three cnn1d widths exported to ONNX) served over a HAR-style CSV
 * on an MCU profile and a Pi; one JSON report, one JSON line per served
 * request with its prediction, the event file written whole; bad input is
 * one line naming what is wrong.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeLadderManifest } from '../../src/compress/ladder/manifest-file.js';
import type { SensorInput } from '../../src/compress/ladder/manifest.js';
import { tinyLadder } from '../runtime/helpers.js';
import { sharedDataPath, skipUnlessShared } from '../helpers/shared-data.js';

const cli = resolve(fileURLToPath(import.meta.url), '../../../src/cli/main.js');
const run = (args: string[]) => spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', timeout: 60_000 });

const work = mkdtempSync(join(tmpdir(), 'edgewatt-cli-run-'));
after(() => rmSync(work, { recursive: true, force: true }));

const sensorInput: SensorInput = {
  layout: 'channels-first', sampleRateHz: 26, strideSamples: 13,
  channels: (['x', 'y', 'z'] as const).map((name) => ({ name, unit: 'mg', scale: 1e-3, mean: 0, std: 1 })),
};

/** 300 readings of x, y, z in mg at 26 Hz: 22 windows of 26 with stride 13. */
function writeStream(name: string, columns = 3): string {
  const lines: string[] = [];
  for (let t = 0; t < 300; t++) lines.push(Array.from({ length: columns }, (_, j) => Math.round(1000 * Math.sin(0.3 * t + j))).join(', '));
  const path = join(work, name);
  writeFileSync(path, lines.join('\n') + '\n');
  return path;
}

interface Report {
  stream: { windows: number; format: string; readings: number };
  device: { id: string; idlePowerW: number };
  summary: { served: number; missed: number; perVariant: Record<string, { requests: number }> };
  replay: { submitted: number; depleted: boolean };
  predictions: Record<string, number>;
  excluded: { id: string; reason: string }[];
  energy: { requestJ: number; idleJ: number };
  controller: string;
}

test('run a ladder over a stream on a Raspberry Pi 4 profile: JSON report, JSON-lines events with predictions', async () => {
  const { dir } = await tinyLadder({ sensorInput });
  const stream = writeStream('walk_26Hz_4g_mg.csv');
  const events = join(work, 'events.jsonl');
  const r = run(['run', dir, '--stream', stream, '--device', 'raspberry-pi-4', '--events', events, '--json']);
  assert.equal(r.status, 0, r.stderr);
  const report = JSON.parse(r.stdout) as Report;
  assert.equal(report.stream.windows, 22);
  assert.equal(report.stream.format, 'csv-headerless');
  assert.equal(report.summary.served, 22);
  assert.equal(report.replay.submitted, 22);
  assert.equal(report.device.id, 'raspberry-pi-4');
  assert.ok(report.energy.idleJ > 0 && report.energy.requestJ > 0);
  assert.equal(Object.values(report.predictions).reduce((a, b) => a + b, 0), 22);
  assert.ok(Object.keys(report.predictions).every((k) => ['running', 'stationary', 'walking'].includes(k)), 'predictions are named by the manifest classes');
  const lines = readFileSync(events, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
  const served = lines.filter((l) => l['type'] === 'request');
  assert.equal(served.length, 22);
  assert.ok(served.every((l) => typeof l['prediction'] === 'string' && l['energySource'] === 'model' && l['estimate'] === true));
  assert.deepEqual(readdirSync(work).filter((f) => f.includes('.tmp')), [], 'no temporary event file is left');
});

test('--variant pins a static deployment; the human report has the table, the timeline and says it is modelled', async () => {
  const { dir } = await tinyLadder({ sensorInput });
  const stream = writeStream('pin_26Hz_.csv');
  const pinned = JSON.parse(run(['run', dir, '--stream', stream, '--device', 'raspberry-pi-4', '--variant', 'w4', '--json']).stdout) as Report;
  assert.deepEqual(Object.keys(pinned.summary.perVariant), ['w4']);
  assert.match(pinned.controller, /fixed: w4/);
  const human = run(['run', dir, '--stream', stream, '--device', 'jetson-nano', '--quiet']);
  assert.equal(human.status, 0, human.stderr);
  assert.match(human.stdout, /variant +kind +quality +latency ms/);
  assert.match(human.stdout, /precision timeline/);
  assert.match(human.stdout, /modelled, not measured/);
  assert.match(human.stdout, /22 served/);
});

test('--store lg18650 and --solar: the fitted cell and a panel under the real PSM3 trace keep the books', { skip: skipUnlessShared('solar', 'psm3_2017.csv') }, async () => {
  const { dir } = await tinyLadder({ sensorInput });
  const stream = writeStream('solar_26Hz_.csv');
  // Noon of 2 July 2017 in the PSM3 year (hour 4404): harvest well above the draw of a sleeping board.
  const pi = run(['run', dir, '--stream', stream, '--device', 'raspberry-pi-4', '--json', '--store', 'lg18650', '--soc', '0.5', '--solar', sharedDataPath('solar', 'psm3_2017.csv'), '--panel-cm2', '20', '--solar-offset-h', '4404']);
  assert.equal(pi.status, 0, pi.stderr);
  const rep = JSON.parse(pi.stdout) as Report & { store: string; harvest: string; energy: { harvestJ: number } };
  assert.match(rep.store, /LG 18650/);
  assert.match(rep.harvest, /20 cm² panel/);
  assert.ok(rep.energy.harvestJ > 0, 'the sun is up at that hour');
});

test('bad input: no sensorInput, unknown device, wrong columns, unknown variant, a float ladder on an int8-only MCU', async () => {
  const bare = await tinyLadder();
  const stream = writeStream('ok_26Hz_.csv');
  const noInput = run(['run', bare.dir, '--stream', stream]);
  assert.equal(noInput.status, 1);
  assert.match(noInput.stderr, /^edgewatt: error: .*model\.sensorInput/);

  const { dir, manifest } = await tinyLadder({ sensorInput });
  const dev = run(['run', dir, '--stream', stream, '--device', 'pi9']);
  assert.equal(dev.status, 1);
  assert.match(dev.stderr, /pi9.*raspberry-pi-4/);

  const two = run(['run', dir, '--stream', writeStream('two_26Hz_.csv', 2), '--device', 'raspberry-pi-4']);
  assert.match(two.stderr, /2 unnamed columns; the model reads 3 channels \(x, y, z\)/);

  const unknown = run(['run', dir, '--stream', stream, '--device', 'raspberry-pi-4', '--variant', 'int2']);
  assert.match(unknown.stderr, /option --variant: the ladder has no variant "int2"; it has w4, w8, fp32/);

  const mcu = run(['run', dir, '--stream', stream, '--device', 'nucleo-l4r5zi']);
  assert.equal(mcu.status, 1);
  assert.match(mcu.stderr, /no variant of .* can run on nucleo-l4r5zi .*float32/);

  assert.match(run(['run', dir, '--stream', stream, '--solar', 'x.csv']).stderr, /option --solar needs --panel-cm2/);
  assert.match(run(['run', dir, '--stream', stream, '--store', 'lg18650', '--capacity-j', '5']).stderr, /--capacity-j applies to the ideal store/);
  assert.match(run(['run', dir, '--stream', stream, '--store', 'supercap']).stderr, /option --store: expected ideal or lg18650, got "supercap"/);
  const badCrit = run(['run', dir, '--stream', stream, '--criticality', 'urgent']);
  assert.match(badCrit.stderr, /option --criticality: expected one of critical, normal, background, got "urgent"/);

  // A manifest whose channels disagree with its input shape is refused when read (the writer refuses to write one).
  const incoherentManifest = { ...manifest, model: { ...manifest.model, sensorInput: { ...sensorInput, channels: sensorInput.channels.slice(0, 2) } } };
  assert.throws(() => writeLadderManifest(dir, incoherentManifest), /sensorInput\.channels/);
  writeFileSync(join(dir, 'ladder.json'), JSON.stringify(incoherentManifest));
  const incoherent = run(['run', dir, '--stream', stream]);
  assert.match(incoherent.stderr, /sensorInput\.channels.*2 channels, but .*inputShape is \[3, 26\]/);
  assert.ok(!existsSync(join(work, 'events.jsonl.tmp')));
});
