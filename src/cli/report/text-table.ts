/**
 * The plain-text tables the commands print (`edgewatt detect`, `edgewatt
 * generate`) and the cells they share: the first column (a name) left-aligned,
 * the numbers right-aligned so their digits line up, a rule under the header.
 */

export function textTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: readonly string[]): string => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [line(header), widths.map((w) => '─'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

/** Bytes in binary units (KiB = 1024 B), as weight sizes are usually quoted for flash. */
export function binaryBytes(n: number): string {
  if (n >= 1 << 20) return `${(n / (1 << 20)).toFixed(2)} MiB`;
  if (n >= 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${n} B`;
}

/** An energy in joules, in the unit that keeps it readable (µJ for one inference on a microcontroller). */
export function joulesCell(j: number): string {
  const a = Math.abs(j);
  if (a >= 1) return `${j.toFixed(3)} J`;
  if (a >= 1e-3) return `${(j * 1e3).toFixed(3)} mJ`;
  if (a >= 1e-6) return `${(j * 1e6).toFixed(2)} µJ`;
  return `${(j * 1e9).toFixed(1)} nJ`;
}

export const count = (n: number): string => n.toLocaleString('en-US');

export const plural = (n: number, noun: string): string => `${count(n)} ${noun}${n === 1 ? '' : 's'}`;
