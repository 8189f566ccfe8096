/**
 * The text report of `edgewatt meters`: what was tried, a table per phase
 * with each meter's power drawn as a sparkline (a plot, not a column of
 * samples), and the energy per inference when a model ran.
 */
import { joulesCell, textTable } from '../report/text-table.js';
import type { MetersReport, TraceSummary } from './measure-power.js';

const BARS = '▁▂▃▄▅▆▇█';

/** One character per sample, scaled between the trace's own min and max (a flat trace is a flat line). */
export function sparkline(values: readonly number[], width = 32): string {
  if (values.length === 0) return '';
  // More samples than columns: the mean of each column's samples.
  const cols = Math.min(width, values.length);
  const binned: number[] = [];
  for (let c = 0; c < cols; c++) {
    const from = Math.floor((c * values.length) / cols);
    const to = Math.max(from + 1, Math.floor(((c + 1) * values.length) / cols));
    let sum = 0;
    for (let i = from; i < to; i++) sum += values[i]!;
    binned.push(sum / (to - from));
  }
  const lo = Math.min(...binned);
  const hi = Math.max(...binned);
  if (!(hi - lo > 1e-9 * Math.max(1, Math.abs(hi)))) return BARS[3]!.repeat(cols);
  return binned.map((v) => BARS[Math.min(BARS.length - 1, Math.floor(((v - lo) / (hi - lo)) * BARS.length))]!).join('');
}

const watts = (w: number): string => (Number.isFinite(w) ? (Math.abs(w) >= 10 ? w.toFixed(2) : w.toFixed(3)) : '—');

function phaseTable(traces: readonly TraceSummary[]): string {
  return textTable(
    ['meter', 'scope', 'source', 'mean W', 'min W', 'max W', 'power over time'],
    traces.map((t) => [
      t.meter, t.scope, t.estimate ? 'ESTIMATE' : 'measured',
      watts(t.meanW), watts(t.minW), watts(t.maxW),
      t.lostReason !== null ? `lost: ${t.lostReason}` : sparkline(t.samples.map((s) => s.powerW)),
    ]),
  );
}

export function formatMeters(r: MetersReport): string {
  const out: string[] = [];
  out.push('Meter sources tried:');
  for (const line of r.detection) out.push(`  ${line}`);
  out.push('', `At rest, ${r.idle.durationS.toFixed(1)} s:`, phaseTable(r.idle.traces));
  if (r.load !== null) {
    const l = r.load;
    out.push(
      '',
      `Running ${l.model} (${l.backend}, batch 1, one thread) back to back: ${l.inferences.toLocaleString('en-US')} inferences in ${l.durationS.toFixed(1)} s, ${l.hostLatencyMs.toPrecision(3)} ms each on this host:`,
      phaseTable(l.traces),
      '',
      'Energy per inference:',
      textTable(
        ['meter', 'source', 'total', 'above idle'],
        l.perInference.map((p) => [p.meter, p.estimate ? 'ESTIMATE' : 'measured', joulesCell(p.totalJ), joulesCell(p.aboveIdleJ)]),
      ),
    );
  }
  out.push('', r.note);
  return out.join('\n');
}
