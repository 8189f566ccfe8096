/**
 * Text that goes into an SVG file: every label, title and note passes
 * through `xmlText` so a policy called `a<b & "c"` cannot break the file or
 * inject markup.
 *
 * Two steps, both from XML 1.0 (Fifth Edition):
 * - §2.2 "Characters": only Char = #x9 | #xA | #xD | [#x20-#xD7FF] |
 *   [#xE000-#xFFFD] | [#x10000-#x10FFFF] may appear at all — not even as a
 *   character reference — so anything else (control bytes, lone surrogates)
 *   becomes U+FFFD REPLACEMENT CHARACTER.
 * - §2.4 "Character Data and Markup": `<` and `&` must be escaped in text
 *   and in attribute values; we also escape `>`, `"` and `'` so the same
 *   function is safe inside either kind of attribute quote.
 */

const ENTITIES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

function isXmlChar(cp: number): boolean {
  return cp === 0x9 || cp === 0xa || cp === 0xd || (cp >= 0x20 && cp <= 0xd7ff) || (cp >= 0xe000 && cp <= 0xfffd) || (cp >= 0x10000 && cp <= 0x10ffff);
}

/** `text` made safe for XML character data and attribute values. */
export function xmlText(text: string): string {
  let out = '';
  // for..of walks code points; a lone surrogate comes out as one unit in 0xD800..0xDFFF and fails isXmlChar.
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    if (!isXmlChar(cp)) out += '\uFFFD';
    else out += ENTITIES[ch] ?? ch;
  }
  return out;
}
