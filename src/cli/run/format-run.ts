/**
 * The human report of `edgewatt run`: what was served where, a table per
 * variant, the device's energy books, the predictions, and the precision
 * timeline as one line of blocks (high = the costlier variant) — a plot a
 * terminal can show, instead of a column of variant names.
 */
import type { RunReport } from './run-stream.js';

const BLOCKS = '▁▂▃▄▅▆▇█';

function joules(j: number): string {
  const a = Math.abs(j);
  if (a >= 1) return `${j.toFixed(3)} J`;
  if (a >= 1e-3) return `${(j * 1e3).toFixed(3)} mJ`;
  return `${(j * 1e6).toFixed(1)} µJ`;
}

function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]): string => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [line(header), widths.map((w) => '─'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

/**
 * Served requests bucketed into at most `width` columns; each column's
 * height is the mean rank of its variants by modelled energy per inference.
 */
export function precisionTimeline(timeline: readonly string[], energyRank: ReadonlyMap<string, number>, width = 60): string {
  if (timeline.length === 0) return '';
  const levels = Math.max(1, ...energyRank.values());
  const cols = Math.min(width, timeline.length);
  let out = '';
  for (let c = 0; c < cols; c++) {
    const from = Math.floor((c * timeline.length) / cols);
    const to = Math.floor(((c + 1) * timeline.length) / cols);
    let sum = 0;
    for (let i = from; i < to; i++) sum += energyRank.get(timeline[i]!) ?? 0;
    const mean = sum / (to - from);
    out += BLOCKS[Math.round((mean / levels) * (BLOCKS.length - 1))];
  }
  return out;
}

export function formatRun(r: RunReport): string {
  const s = r.summary;
  const lines: string[] = [];
  lines.push(`Served ${r.ladder} over ${r.stream.source}`);
  lines.push(
    `  stream: ${r.stream.format}, ${r.stream.channels} channels at ${+r.stream.sampleRateHz.toFixed(3)} Hz, ${r.stream.readings.toLocaleString('en-US')} readings (${r.stream.durationS.toFixed(1)} s) → ${r.stream.windows} windows` +
      (r.stream.skippedInvalid > 0 ? ` (${r.stream.skippedInvalid} with invalid readings left out)` : ''),
  );
  const how = r.timing === 'virtual' ? (r.costs === null ? 'modelled, not measured' : `costs measured on ${r.costs.host} (${r.costs.file})`) : r.meter !== null ? `served in real time; energy measured by ${r.meter.name}${r.meter.estimate ? ' (an estimate)' : ''}` : 'served in real time; latency measured, energy modelled (no meter)';
  lines.push(`  device: ${r.device.id}, engine ${r.device.engine}, op point ${r.device.opPoint}, idle ${(r.device.idlePowerW * 1e3).toPrecision(3)} mW — ${how}`);
  lines.push(`  energy: ${r.store}${r.harvest ? `; harvest: ${r.harvest}` : ''}`);
  lines.push(`  controller: ${r.controller}`);
  for (const x of r.excluded) lines.push(`  left out: ${x.id} (${x.reason})`);
  lines.push('');
  const byEnergy = [...r.variants].sort((a, b) => a.energyUj - b.energyUj || (a.quality ?? -1) - (b.quality ?? -1));
  lines.push(
    table(
      ['variant', 'kind', 'quality', 'latency ms', 'energy µJ/inf', 'served', 'energy'],
      byEnergy.map((v) => [v.id, v.kind, v.quality === null ? '-' : `${(v.quality * 100).toFixed(1)}%`, v.latencyMs.toPrecision(3), v.energyUj.toPrecision(4), String(v.served), joules(v.energyJ)]),
    ),
  );
  lines.push('');
  const rank = new Map(byEnergy.map((v, i) => [v.id, i]));
  const timeline = precisionTimeline(r.timeline, rank);
  if (timeline !== '') lines.push(`precision timeline (low = ${byEnergy[0]!.id}, high = ${byEnergy[byEnergy.length - 1]!.id}):`, `  ${timeline}`, '');
  const p = (x: number | null): string => (x === null ? '-' : `${(x * 1e3).toPrecision(3)} ms`);
  lines.push(`requests: ${s.served} served, ${s.missed} missed deadlines${s.dropped > 0 ? ` (${s.dropped} dropped)` : ''}, ${s.switches} switches; latency p50 ${p(s.latencyP50S)}, p95 ${p(s.latencyP95S)}; queue wait p95 ${p(s.queueWaitP95S)}`);
  lines.push(`energy: ${joules(r.energy.requestJ)} in requests + ${joules(r.energy.idleJ)} idle between them${r.harvest ? `, ${joules(r.energy.harvestJ)} harvested` : ''} over ${r.replay.endS.toFixed(1)} s of ${r.timing === 'virtual' ? 'device' : 'real'} time; state of charge ${s.lastSoc === null ? '-' : `${(s.lastSoc * 100).toFixed(3)}%`}${r.replay.depleted ? ' — DEPLETED' : ''}`);
  const preds = Object.entries(r.predictions).sort((a, b) => b[1] - a[1]);
  if (preds.length > 0) lines.push(`predictions: ${preds.map(([k, n]) => `${k} ${n} (${((100 * n) / s.served).toFixed(0)}%)`).join(', ')}`);
  if (r.events !== null) lines.push(`events: ${r.events === '-' ? 'stdout' : r.events} (JSON lines)`);
  lines.push(`took ${r.hostSeconds.toFixed(1)} s on this host. ${r.note}`);
  return lines.join('\n');
}
