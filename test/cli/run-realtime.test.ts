/**
 * `edgewatt run --realtime` as a user on a gateway runs it: the small real
 * ladder served over a HAR-style CSV on this machine's clock (20× the
 * recording's pace), each request's energy booked by a RAPL counter found
 * under --sysfs-root, or by the device profile's model when no counter
 * opens; the report says which. Options that only make sense in real time
 * are refused without it, and an unknown meter lists the ones there are.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SensorInput } from '../../src/compress/ladder/manifest.js';
import { tinyLadder } from '../runtime/helpers.js';

const cli = resolve(fileURLToPath(import.meta.url), '../../../src/cli/main.js');
const run = (args: string[]) => spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', timeout: 60_000 });

const work = mkdtempSync(join(tmpdir(), 'edgewatt-cli-run-rt-'));
after(() => rmSync(work, { recursive: true, force: true }));

const sensorInput: SensorInput = {
  layout: 'channels-first', sampleRateHz: 26, strideSamples: 13,
  channels: (['x', 'y', 'z'] as const).map((name) => ({ name, unit: 'mg', scale: 1e-3, mean: 0, std: 1 })),
};

/** 300 readings at 26 Hz (11.5 s): 22 windows of 26 with stride 13. */
function writeStream(): string {
  const lines: string[] = [];
  for (let t = 0; t < 300; t++) lines.push([0, 1, 2].map((j) => Math.round(1000 * Math.sin(0.3 * t + j))).join(', '));
  const path = join(work, 'walk_26Hz_4g_mg.csv');
  writeFileSync(path, lines.join('\n') + '\n');
  return path;
}

function sysfs(files: Record<string, string | number>): string {
  const root = mkdtempSync(join(work, 'sys-'));
  for (const [path, value] of Object.entries(files)) {
    mkdirSync(dirname(root + path), { recursive: true });
    writeFileSync(root + path, `${value}\n`);
  }
  return root;
}

interface Report {
  timing: string;
  meter: { name: string; scope: string; estimate: boolean } | null;
  summary: { served: number; latencyP50S: number };
  replay: { submitted: number; endS: number };
  energy: { requestJ: number };
  note: string;
}

test('run --realtime --speed 20 with a RAPL counter: served on the host clock, every request metered', async () => {
  const { dir } = await tinyLadder({ sensorInput });
  const stream = writeStream();
  const root = sysfs({
    '/sys/class/powercap/intel-rapl/enabled': 1,
    '/sys/class/powercap/intel-rapl:0/name': 'package-0',
    '/sys/class/powercap/intel-rapl:0/energy_uj': 5_000_000,
    '/sys/class/powercap/intel-rapl:0/max_energy_range_uj': 262_143_328_850,
  });
  const events = join(work, 'events.jsonl');
  const r = run(['run', dir, '--stream', stream, '--realtime', '--speed', '20', '--meter', 'auto', '--sysfs-root', root, '--events', events, '--json']);
  assert.equal(r.status, 0, r.stderr);
  const report = JSON.parse(r.stdout) as Report;
  assert.equal(report.timing, 'realtime');
  assert.deepEqual(report.meter, { name: 'rapl:package-0', scope: 'package', estimate: false });
  assert.equal(report.summary.served, 22);
  // The last window arrives 21 strides (10.5 s) after the first: 0.525 s at 20×; the run cannot end before it.
  assert.ok(report.replay.endS >= 0.525 && report.replay.endS < 10, `ended at ${report.replay.endS} s`);
  // A host inference of a tiny cnn1d, not the profile's modelled latency.
  assert.ok(report.summary.latencyP50S < 0.05, `p50 ${report.summary.latencyP50S} s`);
  // The copied counter does not move: the metered energy is 0 J, not a model's number.
  assert.equal(report.energy.requestJ, 0);
  const lines = readFileSync(events, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { type: string; energySource?: string; estimate?: boolean });
  const served = lines.filter((l) => l.type === 'request');
  assert.equal(served.length, 22);
  assert.ok(served.every((l) => l.energySource === 'meter' && l.estimate === false));
  assert.match(report.note, /energies measured by rapl:package-0/);
  assert.match(r.stderr, /meter: rapl:package-0 \(scope package\) books each request's energy/);
});

test('run --realtime: a counter that vanishes mid-run is said on stderr at once, and the model takes over', async () => {
  const { dir } = await tinyLadder({ sensorInput });
  const zone = '/sys/class/powercap/intel-rapl:0';
  const root = sysfs({
    '/sys/class/powercap/intel-rapl/enabled': 1,
    [`${zone}/name`]: 'package-0',
    [`${zone}/energy_uj`]: 1_000,
    [`${zone}/max_energy_range_uj`]: 262_143_328_850,
  });
  const events = join(work, 'events-lost.jsonl');
  // 10.5 s of arrivals at 10×: the stream lasts over a second.
  const child = spawn(process.execPath, [cli, 'run', dir, '--stream', writeStream(), '--realtime', '--speed', '10', '--sysfs-root', root, '--events', events, '--json']);
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (b: Buffer) => (stdout += b.toString()));
  child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
  const exited = new Promise<number | null>((done) => child.on('close', done));
  // Once the meter is in use (the process has started and loaded the ladder), 0.3 s into the stream.
  for (let waited = 0; !stderr.includes("books each request's energy"); waited += 20) {
    assert.ok(waited < 30_000, `the meter was never chosen: ${stderr}`);
    await new Promise((done) => setTimeout(done, 20));
  }
  await new Promise((done) => setTimeout(done, 300));
  rmSync(root + zone, { recursive: true, force: true });
  assert.equal(await exited, 0, stderr);
  assert.match(stderr, /meter rapl:package-0 lost at t = [\d.]+ s: rapl:package-0: \/sys\/class\/powercap\/intel-rapl:0\/energy_uj: missing/);
  const report = JSON.parse(stdout) as Report;
  assert.equal(report.summary.served, 22);
  const served = readFileSync(events, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { type: string; energySource?: string }).filter((l) => l.type === 'request');
  const sources = served.map((l) => l.energySource);
  assert.equal(sources[0], 'meter');
  assert.equal(sources[sources.length - 1], 'model');
  assert.equal(sources.lastIndexOf('meter') + 1, sources.indexOf('model'), 'metered, then modelled, never back');
});

test('run --realtime with no counter: energies are the profile model\'s, and the report says so', async () => {
  const { dir } = await tinyLadder({ sensorInput });
  const root = sysfs({ '/sys/README': 'empty' });
  const r = run(['run', dir, '--stream', writeStream(), '--realtime', '--speed', '40', '--sysfs-root', root, '--device', 'raspberry-pi-4', '--quiet']);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /served in real time; latency measured, energy modelled \(no meter\)/);
  assert.match(r.stdout, /no real energy counter opened, so energies are modelled for raspberry-pi-4/);
  assert.match(r.stdout, /s of real time/);
  assert.match(r.stderr, /no real energy counter opened; energies come from the device profile's model/);
});

test('run: real-time options without --realtime, and an unknown meter, get one line naming the option', async () => {
  const { dir } = await tinyLadder({ sensorInput });
  const stream = writeStream();
  const root = sysfs({ '/sys/README': 'empty' });
  const cases: [string[], RegExp][] = [
    [['--speed', '2'], /option --speed applies to --realtime/],
    [['--meter', 'auto'], /option --meter applies to --realtime/],
    [['--realtime', '--speed', '0'], /option --speed: must be >= /],
    [['--realtime', '--meter', 'rapl:package-9', '--sysfs-root', root], /option --meter: no meter named "rapl:package-9"; no real meter opened here \(rapl: \/sys\/class\/powercap is missing/],
  ];
  for (const [args, message] of cases) {
    const r = run(['run', dir, '--stream', stream, ...args]);
    assert.equal(r.status, 1, `${args.join(' ')}: ${r.stdout}`);
    assert.match(r.stderr, message, args.join(' '));
  }
});
