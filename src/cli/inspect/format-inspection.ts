/** `edgewatt inspect` as a text table: names left, numbers right, bytes with SI prefixes. */
import { formatBytes } from '../../nn/index.js';
import type { Inspection } from './inspection.js';

const count = new Intl.NumberFormat('en-US');
const shape = (s: readonly (number | string)[]) => `[${s.join(', ')}]`;

export function formatInspection(r: Inspection): string {
  const header = ['Layer', 'Type', 'Output', 'Params', 'MACs', 'Precision', 'Weights', 'Activations'];
  const rows = r.layers.map((l) => [
    l.name || '(root)', l.type, shape(l.outputShape), count.format(l.params), count.format(l.macs), l.precision, formatBytes(l.paramBytes), formatBytes(l.activationBytes),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i < 3 || i === 5 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ').trimEnd();
  const rule = '-'.repeat(widths.reduce((a, w) => a + w, 0) + 2 * (widths.length - 1));
  const byPrecision = Object.entries(r.totals.macsByPrecision).map(([p, n]) => `${p} ${count.format(n)}`).join(', ');
  const details = Object.entries(r.details).map(([k, v]) => `${k} ${typeof v === 'number' ? count.format(v) : v}`).join('; ');
  const per = r.shapesIncludeBatch ? '' : ' (per sample)';
  return [
    `${r.model} (${r.kind}: ${r.source}): input ${shape(r.inputShape)} -> output ${shape(r.outputShape)}${per}`,
    rule, line(header), rule, ...rows.map(line), rule,
    `Parameters: ${count.format(r.totals.params)} = ${formatBytes(r.totals.paramBytes)}`,
    `MACs: ${count.format(r.totals.macs)}${byPrecision ? ` (${byPrecision})` : ''}${per}`,
    `Peak activation memory: ${formatBytes(r.totals.peakActivationBytes)}`,
    ...(details ? [details] : []),
  ].join('\n');
}
