/** The model summary as a text table, in the spirit of Keras's `model.summary()`. */
import { formatShape } from '../engine/index.js';
import type { ModelSummary } from './summary.js';

const count = new Intl.NumberFormat('en-US');

/** Bytes with a decimal (SI) prefix, as energy and memory datasheets quote them. */
export function formatBytes(bytes: number): string {
  if (bytes < 1000) return `${bytes} B`;
  const units = ['kB', 'MB', 'GB'];
  let v = bytes;
  let u = -1;
  while (v >= 1000 && u < units.length - 1) {
    v /= 1000;
    u++;
  }
  return `${v.toFixed(1)} ${units[u]}`;
}

export function formatSummary(s: ModelSummary): string {
  const header = ['Layer', 'Type', 'Output', 'Params', 'MACs', 'Weights', 'Activations'];
  const rows = s.layers.map((l) => [
    l.name || '(root)',
    l.type,
    formatShape(l.outputShape),
    count.format(l.params + l.buffers),
    count.format(l.macs),
    formatBytes(l.paramBytes),
    formatBytes(l.activationBytes),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  // Names and types read left-aligned, numbers right-aligned.
  const line = (cells: string[]): string => cells.map((c, i) => (i < 3 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ').trimEnd();
  const rule = '-'.repeat(widths.reduce((a, w) => a + w, 0) + 2 * (widths.length - 1));
  const precisions = Object.entries(s.macsByPrecision)
    .map(([p, n]) => `${p} ${count.format(n)}`)
    .join(', ');
  return [
    `${s.model}: input ${formatShape(s.inputShape)} -> output ${formatShape(s.outputShape)} (per sample)`,
    rule,
    line(header),
    rule,
    ...rows.map(line),
    rule,
    `Parameters: ${count.format(s.totalParams)} trainable + ${count.format(s.totalBuffers)} buffers = ${formatBytes(s.totalParamBytes)}`,
    `MACs: ${count.format(s.totalMacs)}${precisions ? ` (${precisions})` : ''}; other ops: ${count.format(s.totalOps)}`,
    `Activations: ${formatBytes(s.totalActivationBytes)} written per inference; peak layer in+out ${formatBytes(s.peakActivationBytes)}`,
  ].join('\n');
}
