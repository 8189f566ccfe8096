import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatHeadlineTable } from '../../../src/cli/report/headline-table.js';
import { syntheticResult } from './evaluation-fixture.js';

test('a compact table: one row per goal, aligned columns, a box-drawing rule, the verdict', () => {
  const text = formatHeadlineTable(syntheticResult());
  const lines = text.split('\n');
  assert.equal(lines[0], 'adaptive vs baselines on har-office-day (2 runs, 3 seeds)');
  assert.match(lines[3]!, /^─+( +─+){3}$/);
  const rows = lines.slice(4, 9);
  assert.equal(rows.length, 5);
  assert.match(rows[0]!, /^energy saving vs static fp32 +45\.2% +≥ 40% +yes$/);
  assert.match(rows[3]!, /^energy saving vs best heuristic +8\.2% +≥ 10% +no$/);
  // Right-aligned columns line up: every row's value ends where the header's "adaptive" does.
  const header = [...lines[2]!];
  const valueEnd = lines[2]!.indexOf('adaptive') + 'adaptive'.length;
  const goalEnd = lines[2]!.indexOf('goal') + 'goal'.length;
  assert.ok(header.length > goalEnd);
  for (const row of rows) {
    const cs = [...row];
    assert.ok(cs[valueEnd - 1] !== ' ' && cs[valueEnd] === ' ', `value column aligned: ${row}`);
    assert.ok(cs[goalEnd - 1] !== ' ' && cs[goalEnd] === ' ', `goal column aligned: ${row}`);
  }
  assert.ok(text.includes('it missed ≥ 10% less energy than the best heuristic (got 8.2%).'));
  assert.ok(!text.includes('**'));
});

test('partial runs are flagged in the title; control characters in names cannot garble the terminal', () => {
  const text = formatHeadlineTable(syntheticResult({ partial: true, scenario: 'x\u001b[2Jy\nz' }));
  assert.ok(text.startsWith('PARTIAL — adaptive vs baselines on x [2Jy z'));
  assert.ok(!text.includes('\u001b'));
});
