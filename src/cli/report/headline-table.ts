/**
 * The headline for a terminal, printed after `edgewatt evaluate`: one row
 * per goal (value, target, met) and the verdict sentence, in the plain
 * column style of the repo's other tables (cli/run/format-run.ts) with a
 * box-drawing rule under the header.
 */
import type { EvaluationResult } from '../../scheduler/eval/evaluation-result.js';
import { goalSentence, headlineRows } from './headline-goals.js';

function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const width = (s: string): number => [...s].length; // code points: "≥" is one column
  const widths = header.map((h, i) => Math.max(width(h), ...rows.map((r) => width(r[i]!))));
  const pad = (s: string, w: number, left: boolean): string => (left ? s + ' '.repeat(w - width(s)) : ' '.repeat(w - width(s)) + s);
  const line = (cells: readonly string[]): string => cells.map((c, i) => pad(c, widths[i]!, i === 0 || i === cells.length - 1)).join('  ').trimEnd();
  return [line(header), widths.map((w) => '─'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

/** One character per control or line-break, so a crafted name cannot move the cursor or fake rows. */
function plain(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f]/g, ' ');
}

export function formatHeadlineTable(result: EvaluationResult): string {
  const who = plain(result.policyUnderTest);
  const seeds = result.seeds.length;
  const title = `${result.partial ? 'PARTIAL — ' : ''}${who} vs baselines on ${plain(result.scenario)} (${result.runs.length} run${result.runs.length === 1 ? '' : 's'}, ${seeds} seed${seeds === 1 ? '' : 's'})`;
  const rows = headlineRows(result.headline);
  return [title, '', table(['comparison', who, 'goal', 'met'], rows), '', goalSentence(result, who)].join('\n') + '\n';
}
