/**
 * The shipped NAB detector ladder (scenarios/ladders/nab-vae.json, written
 * by `edgewatt detect ../shared/data/nab/machine_temperature_system_failure.csv
 * --repair --ladder`) against the code that made it, on the shared stream
 * (skipped without it): read and repaired as the command reads it, the
 * stream splits into the training stretch and the scored windows the
 * manifest's quality describes, and the manifest loads through the ladder
 * reader with a ROC-AUC in (0, 1] on every rung. Training is not repeated
 * here (minutes); test/cli/detect.test.ts runs --ladder end to end on a
 * synthetic stream.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseNabWindows } from '../../src/data/nab.js';
import { labelledNabStream } from '../../src/data/labelled-nab-stream.js';
import { readCheckedCsvStream } from '../../src/cli/detect/checked-csv-stream.js';
import { checkNabLadderSplit } from '../../src/generative/datasets/nab-ladder-split.js';
import { parseLadderManifest } from '../../src/compress/ladder/manifest-file.js';
import { sharedDataPath, skipUnlessShared } from '../helpers/shared-data.js';

const shipped = resolve(fileURLToPath(import.meta.url), '../../../../scenarios/ladders/nab-vae.json');

test('scenarios/ladders/nab-vae.json: the split of the repaired machine-temperature stream it describes, and a ROC-AUC per rung', { skip: skipUnlessShared('nab') }, () => {
  const csv = sharedDataPath('nab', 'machine_temperature_system_failure.csv');
  const labelsPath = sharedDataPath('nab', 'combined_windows.json');
  const checked = readCheckedCsvStream(csv, { channels: 1, windowLength: 64 * 4 }, true);
  const stream = labelledNabStream(checked.stream, parseNabWindows(readFileSync(labelsPath, 'utf8'), labelsPath), labelsPath);
  assert.equal(stream.series.timeS.length, 22_683, 'the 12 repeated timestamps left out');
  const split = checkNabLadderSplit(stream);
  const positives = split.testLabels.reduce((s, y) => s + y, 0);
  assert.deepEqual([split.series.values.length, split.trainReadings, split.testStarts.length, positives], [5670, 2835, 2772, 410]);
  // The first two labelled windows (December) lie in the training stretch, the last two (27 January, 7 February) after it.
  const firstScored = split.series.windows.filter((w) => w.firstIndex >= split.trainReadings).map((w) => w.start.slice(0, 10));
  assert.deepEqual(firstScored, ['2014-01-27', '2014-02-07']);

  const manifest = parseLadderManifest(JSON.parse(readFileSync(shipped, 'utf8')), shipped);
  assert.deepEqual([manifest.model.name, manifest.model.task, manifest.model.inputShape], ['nab-vae', 'nab-anomaly', [1, 64]]);
  assert.deepEqual(manifest.variants.map((v) => v.id), ['fp32', 'int8', 'int4', 'mixed']);
  for (const v of manifest.variants) {
    assert.equal(v.quality?.metric, 'roc-auc');
    assert.equal(v.quality?.samples, split.testStarts.length);
    assert.ok(v.quality!.value > 0 && v.quality!.value <= 1, `${v.id}: ${v.quality!.value}`);
    assert.match(v.quality!.dataset, new RegExp(`first 50 % \\(${split.trainReadings} readings.*${split.testStarts.length} sliding windows of 64 readings.*${positives} positive`));
  }
});
