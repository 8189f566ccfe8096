/**
 * The text report of `edgewatt meters`: what was tried, a table per phase
 * with each meter's power drawn as a sparkline (a plot, not a column of
 * samples), and the energy per inference when a model ran.
 */
import { joulesCell, textTable } from '../report/text-table.js';
import type { MetersReport, TraceSummary } from './measure-power.js';

const BARS = '▁▂▃▄▅▆▇█';

/** One character per sample, scaled between the trace's own min and max (a trace flat to within 1% is a flat line). */
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
  // Within 1% of its level the trace is drawn flat: a power meter's noise, not a signal worth a full-height bar.
  if (!(hi - lo > 0.01 * Math.max(Math.abs(hi), Math.abs(lo)))) return BARS[3]!.repeat(cols);
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
  if (r.loads.length === 1) {
    const l = r.loads[0]!;
    out.push(
      '',
      `Running ${l.model} (${l.backend}, batch 1, one thread) back to back: ${l.inferences.toLocaleString('en-US')} inferences in ${l.durationS.toFixed(1)} s, ${l.hostLatencyMs.toPrecision(3)} ms each on this host:`,
      phaseTable(l.traces),
    );
  }
  if (r.loads.length > 0) {
    const rows: string[][] = [];
    for (const l of r.loads) {
      l.perInference.forEach((p, i) => {
        const t = l.traces[i]!;
        rows.push([
          l.model, p.meter, p.estimate ? 'ESTIMATE' : 'measured', l.hostLatencyMs.toPrecision(3), watts(t.meanW),
          joulesCell(p.totalJ), joulesCell(p.aboveIdleJ), l.modelledJ === null ? '—' : joulesCell(l.modelledJ),
          t.lostReason !== null ? `lost: ${t.lostReason}` : sparkline(t.samples.map((s) => s.powerW), 16),
        ]);
      });
    }
    out.push(
      '',
      r.ladder !== null ? `Energy per inference, each variant of ${r.ladder} run alone, back to back, batch 1:` : 'Energy per inference:',
      textTable(['model', 'meter', 'source', 'ms each', 'mean W', 'total', 'above idle', 'profile predicts', 'power'], rows),
    );
  }
  out.push('', r.note);
  return out.join('\n');
}
