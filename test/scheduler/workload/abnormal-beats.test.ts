/**
 * Critical tasks from MIT-BIH beat annotations: hand-made annotations for
 * the rules, and record 100 (../shared/data/ecg-mitbih; skipped, with the
 * reason, when absent), whose counts are the MIT-BIH Arrhythmia Database
 * Directory's: 2,239 N, 33 A (APC), 1 V (PVC) → 34 critical tasks.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { aamiNormalSymbols } from '../../../src/data/wfdb/beats.js';
import { parseWfdbHeader } from '../../../src/data/wfdb/header.js';
import { readWfdbAnnotations } from '../../../src/data/wfdb/record.js';
import { isWfdbBeatCode, wfdbCodeOf } from '../../../src/data/wfdb/annotation-codes.js';
import { abnormalBeatTasks } from '../../../src/scheduler/index.js';
import { sharedDataPath, skipUnlessShared } from '../../helpers/shared-data.js';

function annotation(sample: number, symbol: string) {
  const code = wfdbCodeOf(symbol)!;
  return { sample, code, symbol, isBeat: isWfdbBeatCode(code) };
}

test('abnormalBeatTasks: one critical task per non-normal beat at sample / fs; non-beat annotations never make one', () => {
  const annotations = [annotation(100, 'N'), annotation(460, 'A'), annotation(500, '+'), annotation(720, 'V'), annotation(900, '~'), annotation(1080, 'L'), annotation(1440, 'N')];
  const tasks = abnormalBeatTasks(annotations, { samplingFrequencyHz: 360, relativeDeadlineS: 0.5, recordName: 'rec', offsetS: 10 });
  assert.deepEqual(
    tasks.map((t) => [t.id, t.arrivalS, t.deadlineS, t.criticality, t.source]),
    [
      ['beat-0', 10 + 460 / 360, 10 + 460 / 360 + 0.5, 'critical', 'rec:A'],
      ['beat-1', 10 + 2, 12.5, 'critical', 'rec:V'],
      ['beat-2', 10 + 3, 13.5, 'critical', 'rec:L'],
    ],
  );
  // Under AAMI EC57's N class, an LBBB beat is normal.
  assert.deepEqual(abnormalBeatTasks(annotations, { samplingFrequencyHz: 360, relativeDeadlineS: 0.5, normalSymbols: aamiNormalSymbols }).map((t) => t.source), ['mitbih:A', 'mitbih:V']);
});

test('abnormalBeatTasks: empty annotations, a bad sampling frequency and a negative deadline are refused', () => {
  assert.throws(() => abnormalBeatTasks([], { samplingFrequencyHz: 360, relativeDeadlineS: 1 }), /annotations must be a non-empty list/);
  assert.throws(() => abnormalBeatTasks([annotation(1, 'A')], { samplingFrequencyHz: 0, relativeDeadlineS: 1 }), /options\.samplingFrequencyHz must be a finite number > 0 \(Hz\), got 0/);
  assert.throws(() => abnormalBeatTasks([annotation(1, 'A')], { samplingFrequencyHz: 360, relativeDeadlineS: -1 }), /options\.relativeDeadlineS must be a number of seconds >= 0/);
  assert.throws(() => abnormalBeatTasks([annotation(9, 'A'), annotation(3, 'V')], { samplingFrequencyHz: 360, relativeDeadlineS: 1 }), /must be in sample order/);
});

test('MIT-BIH record 100: 33 A + 1 V = 34 critical tasks, at the annotated beat times', { skip: skipUnlessShared('ecg-mitbih', '100.hea') }, () => {
  const headerPath = sharedDataPath('ecg-mitbih', '100.hea');
  const fs = parseWfdbHeader(readFileSync(headerPath, 'latin1'), headerPath).samplingFrequencyHz;
  assert.equal(fs, 360);
  const annotations = readWfdbAnnotations(headerPath);
  // Counted from the file, then checked against the MIT-BIH directory's figures for record 100.
  const bySymbol: Record<string, number> = {};
  for (const a of annotations) if (a.isBeat) bySymbol[a.symbol!] = (bySymbol[a.symbol!] ?? 0) + 1;
  assert.deepEqual(bySymbol, { N: 2239, A: 33, V: 1 });
  const abnormal = annotations.filter((a) => a.isBeat && a.symbol !== 'N');
  const tasks = abnormalBeatTasks(annotations, { samplingFrequencyHz: fs, relativeDeadlineS: 1, recordName: 'mitbih-100' });
  assert.equal(tasks.length, 34);
  assert.equal(tasks.filter((t) => t.source === 'mitbih-100:A').length, 33);
  assert.equal(tasks.filter((t) => t.source === 'mitbih-100:V').length, 1);
  tasks.forEach((t, k) => {
    assert.equal(t.arrivalS, abnormal[k]!.sample / 360);
    assert.equal(t.criticality, 'critical');
  });
  // The record lasts 30:05 (650,000 samples at 360 Hz).
  assert.ok(tasks.at(-1)!.arrivalS < 650_000 / 360);
});
