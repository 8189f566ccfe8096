/**
 * `edgewatt generate`'s table, JSON summary, charts and sample CSVs from a
 * SynthesisResult built by hand (synthesis-fixture.ts), no training: the
 * numbers land in the right columns, the energy is the decoder's alone on
 * each device and labelled modelled, the CSV has one row per window with
 * the window's values in channel-major order, and the charts show every
 * class and channel.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { estimateInference, loadDeviceProfile } from '../../../src/energy/index.js';
import { formatGenerate } from '../../../src/cli/generate/format-generate.js';
import { generateOutcome } from '../../../src/cli/generate/generate-outcome.js';
import { GENERATE_DEVICES } from '../../../src/cli/generate/generate-summary.js';
import { syntheticSamplesCsv } from '../../../src/cli/generate/synthetic-samples-csv.js';
import { joulesCell } from '../../../src/cli/report/text-table.js';
import { assertCleanSvg, labelOf, seriesGroups, seriesPoints } from '../plot/svg-checks.js';
import { byClass, findAll, textContent } from '../plot/well-formed-xml.js';
import { CHANNELS, cell, handBuiltResult, L } from './synthesis-fixture.js';

const TASK = { name: 'har', description: 'hand-built HAR result', dataDir: '/data/har-stm32' };

/** The table's rows (after the header and its rule), split on runs of 2+ spaces. */
function tableRows(text: string): { header: string[]; rows: string[][] } {
  const lines = text.split('\n');
  const h = lines.findIndex((l) => l.startsWith('precision'));
  assert.ok(h > 0, text);
  const split = (l: string): string[] => l.trim().split(/\s{2,}/);
  const rows = [];
  for (let i = h + 2; i < lines.length && /^(fp32|int8|int4|mixed)\s/.test(lines[i]!); i++) rows.push(split(lines[i]!));
  return { header: split(lines[h]!), rows };
}

test('the table: one row per precision, metrics formatted, energy per generated window per device headed "(modelled)"', () => {
  const r = handBuiltResult();
  const { summary } = generateOutcome(TASK, r, { devices: GENERATE_DEVICES });
  const text = formatGenerate(summary);
  const { header, rows } = tableRows(text);
  assert.deepEqual(header, ['precision', 'MMD²', 'PSD dist.', 'disc. acc.', 'TSTR', 'TRTR', 'gap (pts)', 'weights', 'sampler', 'nucleo-u575zi (modelled)', 'raspberry-pi-4 (modelled)']);
  // The decoder alone on the Pi, priced independently of codecEnergy.
  const pi = loadDeviceProfile('raspberry-pi-4');
  const decoderJ = r.results.map((q) => estimateInference(pi, q.variant.work.decoder).energyJ);
  const scoreJ = r.results.map((q) => estimateInference(pi, q.variant.work.encoder).energyJ + decoderJ[0]!);
  assert.notEqual(joulesCell(decoderJ[0]!), joulesCell(scoreJ[0]!), 'generating and scoring cost differently, so the check below can tell them apart');
  assert.deepEqual(rows[0], ['fp32', '0.0123', '0.500', '0.910', '0.700', '0.840', '14.0', '126.0 KiB', '2.0 KiB', 'n/a', joulesCell(decoderJ[0]!)]);
  const mcu = estimateInference(loadDeviceProfile('nucleo-u575zi'), r.results[1]!.variant.work.decoder).energyJ;
  assert.deepEqual(rows[1], ['int8', '0.0234', '0.500', '0.910', '0.650', '0.840', '19.0', '37.3 KiB', '2.0 KiB', joulesCell(mcu), joulesCell(decoderJ[1]!)]);
  assert.equal(rows.length, 2);
  assert.match(text, /modelled, not measured/);
  assert.match(text, /n\/a: fp32 on nucleo-u575zi: .*float32/, 'why the MCU has no figure for fp32');
  assert.match(text, /trained on 4,514 windows for 3 epochs \(kept epoch 3\); judged against 1,098 held-out real windows/);
  assert.match(text, /windows of 8 readings \(0\.31 s at 26 Hz\)/);
  assert.doesNotMatch(text, /samples:/, 'no CSV line without --samples');
  // The summary keeps SI units and nulls where the table prints n/a.
  const fp32Mcu = summary.precisions[0]!.modelledGeneration[0]!;
  assert.equal(fp32Mcu.device, 'nucleo-u575zi');
  assert.equal(fp32Mcu.energyJ, null);
  assert.match(fp32Mcu.unsupported!, /float32/);
  assert.equal(summary.precisions[1]!.modelledGeneration[1]!.energyJ, decoderJ[1]);
  assert.ok(Math.abs(summary.precisions[1]!.tstrGapPts! - 19) < 1e-9);
});

test('a one-class task has no TSTR columns and one panel per channel', () => {
  const r = handBuiltResult({ classes: ['normal'] });
  const { summary, files } = generateOutcome(TASK, r, { devices: ['raspberry-pi-4'] });
  const text = formatGenerate(summary);
  assert.deepEqual(tableRows(text).header, ['precision', 'MMD²', 'PSD dist.', 'disc. acc.', 'weights', 'sampler', 'raspberry-pi-4 (modelled)']);
  assert.match(text, /one class; channels x, y, z/);
  const grid = assertCleanSvg(files.find((f) => f.file === 'windows-int8.svg')!.content);
  assert.deepEqual(findAll(grid, byClass('panel-title')).map(textContent), CHANNELS);
});

test('files: a window grid per precision with a panel per class and channel, and MMD² against modelled energy on a device that runs every precision', () => {
  const r = handBuiltResult();
  const { files, summary } = generateOutcome(TASK, r, { devices: GENERATE_DEVICES });
  assert.deepEqual(files.map((f) => f.file), ['windows-fp32.svg', 'windows-int8.svg', 'quality-energy.svg']);
  const grid = assertCleanSvg(files[1]!.content);
  const titles = findAll(grid, byClass('panel-title')).map(textContent);
  assert.deepEqual(titles, ['running', 'stationary', 'walking'].flatMap((k) => CHANNELS.map((c) => `${k} · ${c}`)));
  for (const panel of findAll(grid, byClass('panel'))) {
    assert.equal(findAll(panel, byClass('window-real')).length, 4);
    assert.equal(findAll(panel, byClass('window-synthetic')).length, 3);
  }
  assert.match(labelOf(grid, 'y-label'), /standardised/);
  const chart = assertCleanSvg(files[2]!.content);
  // The MCU's engine has no float32 rate, so the chart is on the Pi, where both precisions run.
  assert.match(labelOf(chart, 'x-label'), /on raspberry-pi-4 \(µJ; decoder alone\)/);
  assert.deepEqual(seriesGroups(chart).map((g) => g.attrs.get('data-series')), ['fp32', 'int8']);
  assert.equal(seriesPoints(chart).length, 2, 'one point per precision');
  // One precision is no trade-off: no chart.
  const single = generateOutcome(TASK, { ...r, results: r.results.slice(0, 1) }, { devices: GENERATE_DEVICES });
  assert.deepEqual(single.files.map((f) => f.file), ['windows-fp32.svg']);
  assert.ok(summary.precisions.every((p) => p.modelledGeneration.length === 2));
});

test('--samples: a CSV per precision, a row per window (class, index, channel-major values), and result.json without windows', () => {
  const r = handBuiltResult({ samplesPerClass: 5 });
  const { files, summary, result } = generateOutcome(TASK, r, { devices: ['raspberry-pi-4'], samplesPerClass: 5 });
  assert.deepEqual(summary.samples, { perClass: [5, 5, 5], requestedPerClass: 5, files: ['synthetic-fp32.csv', 'synthetic-int8.csv'] });
  const csv = files.find((f) => f.file === 'synthetic-int8.csv')!.content;
  assert.ok(csv.endsWith('\n'));
  const lines = csv.trimEnd().split('\n');
  assert.equal(lines.length, 1 + 3 * 5);
  const header = lines[0]!.split(',');
  assert.equal(header.length, 2 + CHANNELS.length * L);
  assert.deepEqual(header.slice(0, 4), ['class', 'window', 'x_0', 'x_1']);
  assert.equal(header[2 + L], 'y_0');
  assert.equal(header.at(-1), `z_${L - 1}`);
  const classes = ['running', 'stationary', 'walking'];
  for (let k = 0; k < 3; k++) {
    for (let j = 0; j < 5; j++) {
      const row = lines[1 + k * 5 + j]!.split(',');
      assert.deepEqual(row.slice(0, 2), [classes[k], String(j)]);
      row.slice(2).forEach((v, i) => assert.ok(Math.abs(Number(v) + cell(k, j, Math.floor(i / L), i % L)) < 5e-5, `class ${k} window ${j} value ${i}: ${v}`));
    }
  }
  assert.match(formatGenerate(summary), /samples: 5 synthetic windows per class in synthetic-fp32\.csv, synthetic-int8\.csv/);
  assert.ok(!JSON.stringify(result).includes('"examples"') && JSON.stringify(result).length < 20_000, 'result.json holds no windows');
  assert.deepEqual((result['precisions'] as { bits: unknown }[]).map((p) => p.bits), [null, null]);
});

test('--samples beyond the draw: every window the metrics drew is written, and the table says how many of each class', () => {
  const r = handBuiltResult({ samplesPerClass: [4, 6, 10] });
  const { summary, files } = generateOutcome(TASK, r, { devices: ['raspberry-pi-4'], samplesPerClass: 10 });
  assert.deepEqual(summary.samples, { perClass: [4, 6, 10], requestedPerClass: 10, files: ['synthetic-fp32.csv', 'synthetic-int8.csv'] });
  assert.equal(files.find((f) => f.file === 'synthetic-fp32.csv')!.content.trimEnd().split('\n').length, 1 + 4 + 6 + 10);
  assert.match(formatGenerate(summary), /samples: 4 running, 6 stationary, 10 walking synthetic windows \(10 per class asked for; fewer where the draw the metrics scored holds fewer\)/);
  // A runner that dropped the option is a bug, said as one.
  assert.throws(() => generateOutcome(TASK, handBuiltResult(), { devices: ['raspberry-pi-4'], samplesPerClass: 2 }), /the har task returned no samples for fp32/);
});

test('the sample CSV quotes names per RFC 4180 and refuses a window of the wrong size or a non-finite value', () => {
  const w = Float32Array.from([1, -0.00001, 2.5, 3]);
  const csv = syntheticSamplesCsv({ classes: ['a,b'], channels: ['p"q', 'r'], windowLength: 2, samples: [[w]] });
  assert.equal(csv, 'class,window,"p""q_0","p""q_1",r_0,r_1\n"a,b",0,1,0,2.5,3\n');
  assert.throws(() => syntheticSamplesCsv({ classes: ['a'], channels: ['x'], windowLength: 3, samples: [[w]] }), /window 0 of class "a" holds 4 values; expected 1 channels × 3 readings = 3/);
  assert.throws(() => syntheticSamplesCsv({ classes: ['a'], channels: ['x'], windowLength: 1, samples: [[Float32Array.of(NaN)]] }), /a sample is NaN/);
});
