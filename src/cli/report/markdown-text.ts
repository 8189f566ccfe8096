/**
 * Names from an evaluation (scenario, device, policy, notes) go into
 * Markdown as text, never as markup. CommonMark 0.31 §2.4: any ASCII
 * punctuation may be backslash-escaped; we escape the characters that start
 * emphasis, code, links or tables, and write `<`, `>` and `&` as entities so
 * no raw HTML (§6.6) or entity (§2.5) can form. Inside a GFM table cell a
 * `|` ends the cell even in code (GFM spec §4.10), hence its escape too.
 */

const BACKSLASHED = new Set(['\\', '`', '*', '_', '[', ']', '|', '~', '#']);
const ENTITIES: Readonly<Record<string, string>> = { '<': '&lt;', '>': '&gt;', '&': '&amp;' };

/** `text` as literal Markdown text on one line (line breaks become spaces). */
export function mdText(text: string): string {
  let out = '';
  for (const ch of text.replace(/[\r\n]+/g, ' ')) out += ENTITIES[ch] ?? (BACKSLASHED.has(ch) ? `\\${ch}` : ch);
  return out;
}

/** A relative link target: each path segment percent-encoded, so spaces and parentheses cannot end the link. */
export function mdLinkTarget(path: string): string {
  return path.split('/').map(encodeURIComponent).join('/');
}

/** A GFM pipe table; the first column left-aligned, the rest right-aligned unless `align` says otherwise. */
export function mdTable(header: readonly string[], rows: readonly (readonly string[])[], align?: readonly ('l' | 'r' | 'c')[]): string {
  const a = header.map((_, i) => align?.[i] ?? (i === 0 ? 'l' : 'r'));
  const rule = a.map((x) => (x === 'l' ? ':--' : x === 'r' ? '--:' : ':-:'));
  const line = (cells: readonly string[]): string => `| ${cells.join(' | ')} |`;
  return [line(header), line(rule), ...rows.map(line)].join('\n');
}
