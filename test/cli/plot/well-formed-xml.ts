/**
 * A minimal XML 1.0 well-formedness checker and tree builder for the chart
 * tests (Node has no DOMParser, and we add no dependencies). It checks what
 * our SVG could get wrong: one root element; tags balanced and properly
 * nested (§2.1, "well-formed" constraint "Element Type Match"); attribute
 * values quoted, unique per element (§3.1 "Unique Att Spec") and free of `<`
 * (§3.1 "No < in Attribute Values"); `&` only as a known entity or a
 * character reference (§4.1); no `]]>` in text (§2.4). DTDs are not
 * supported — SVGs we write have none. A char-by-char scanner, no regexes.
 */

export interface XmlElement {
  readonly name: string;
  readonly attrs: ReadonlyMap<string, string>;
  readonly children: (XmlElement | string)[];
}

const PREDEFINED: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function isNameStart(c: string): boolean {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c === '_' || c === ':' || c > '\u007f';
}
function isNameChar(c: string): boolean {
  return isNameStart(c) || (c >= '0' && c <= '9') || c === '-' || c === '.';
}
function isSpace(c: string | undefined): boolean {
  return c === ' ' || c === '\t' || c === '\n' || c === '\r';
}
function isDigit(c: string, hex: boolean): boolean {
  return (c >= '0' && c <= '9') || (hex && ((c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')));
}

export class XmlError extends Error {}

/** Parses `text` or throws an XmlError naming the offset and the broken rule. */
export function parseXml(text: string): XmlElement {
  let i = 0;
  const fail = (why: string): never => {
    throw new XmlError(`not well-formed at offset ${i}: ${why} (near ${JSON.stringify(text.slice(Math.max(0, i - 20), i + 20))})`);
  };
  const expect = (s: string): void => {
    if (!text.startsWith(s, i)) fail(`expected ${JSON.stringify(s)}`);
    i += s.length;
  };
  const skipUntil = (end: string): void => {
    const j = text.indexOf(end, i);
    if (j < 0) fail(`unterminated, expected ${JSON.stringify(end)}`);
    i = j + end.length;
  };
  const readName = (): string => {
    if (i >= text.length || !isNameStart(text[i]!)) fail('expected a name');
    const start = i;
    while (i < text.length && isNameChar(text[i]!)) i++;
    return text.slice(start, i);
  };
  /** Decodes character data up to `stop` (exclusive), checking every '&'. */
  const decode = (from: number, to: number, inAttr: boolean): string => {
    let out = '';
    for (let k = from; k < to; k++) {
      const c = text[k]!;
      if (c === '<') {
        i = k;
        fail(inAttr ? "'<' in an attribute value" : "'<' in text");
      }
      if (c !== '&') {
        out += c;
        continue;
      }
      const semi = text.indexOf(';', k);
      if (semi < 0 || semi > to) {
        i = k;
        fail("'&' not followed by a reference");
      }
      const ref = text.slice(k + 1, semi);
      if (ref.startsWith('#')) {
        const hex = ref[1] === 'x';
        const digits = ref.slice(hex ? 2 : 1);
        let ok = digits.length > 0;
        for (const d of digits) ok &&= isDigit(d, hex);
        if (!ok) {
          i = k;
          fail(`bad character reference &${ref};`);
        }
        out += String.fromCodePoint(parseInt(digits, hex ? 16 : 10));
      } else if (ref in PREDEFINED) {
        out += PREDEFINED[ref];
      } else {
        i = k;
        fail(`unknown entity &${ref};`);
      }
      k = semi;
    }
    return out;
  };

  const stack: { name: string; attrs: Map<string, string>; children: (XmlElement | string)[] }[] = [];
  let root: XmlElement | null = null;
  while (i < text.length) {
    if (text[i] !== '<') {
      const start = i;
      while (i < text.length && text[i] !== '<') i++;
      const raw = text.slice(start, i);
      if (raw.includes(']]>')) fail("']]>' in text");
      const decoded = decode(start, i, false);
      if (stack.length === 0) {
        for (const c of raw) if (!isSpace(c)) fail('text outside the root element');
      } else {
        stack[stack.length - 1]!.children.push(decoded);
      }
      continue;
    }
    if (text.startsWith('<!--', i)) {
      i += 4;
      skipUntil('-->');
    } else if (text.startsWith('<?', i)) {
      i += 2;
      skipUntil('?>');
    } else if (text.startsWith('<![CDATA[', i)) {
      if (stack.length === 0) fail('CDATA outside the root element');
      const start = i + 9;
      i = start;
      skipUntil(']]>');
      stack[stack.length - 1]!.children.push(text.slice(start, i - 3));
    } else if (text.startsWith('<!', i)) {
      fail('DTDs and other declarations are not supported');
    } else if (text.startsWith('</', i)) {
      i += 2;
      const name = readName();
      while (isSpace(text[i])) i++;
      expect('>');
      const open = stack.pop();
      if (!open) fail(`end tag </${name}> without a start tag`);
      if (open!.name !== name) fail(`end tag </${name}> does not match <${open!.name}>`);
      const el: XmlElement = open!;
      if (stack.length === 0) root = el;
      else stack[stack.length - 1]!.children.push(el);
    } else {
      i++;
      if (root !== null) fail('a second root element');
      const name = readName();
      const attrs = new Map<string, string>();
      let selfClosing = false;
      for (;;) {
        const hadSpace = isSpace(text[i]);
        while (isSpace(text[i])) i++;
        if (i >= text.length) fail('unterminated start tag');
        if (text.startsWith('/>', i)) {
          i += 2;
          selfClosing = true;
          break;
        }
        if (text[i] === '>') {
          i++;
          break;
        }
        if (!hadSpace) fail('attributes must be separated by white space');
        const attr = readName();
        while (isSpace(text[i])) i++;
        expect('=');
        while (isSpace(text[i])) i++;
        const quote = text[i];
        if (quote !== '"' && quote !== "'") fail('attribute value not quoted');
        const start = i + 1;
        const end = text.indexOf(quote!, start);
        if (end < 0) fail('unterminated attribute value');
        if (attrs.has(attr)) fail(`duplicate attribute ${attr}`);
        attrs.set(attr, decode(start, end, true));
        i = end + 1;
      }
      const el = { name, attrs, children: [] as (XmlElement | string)[] };
      if (selfClosing) {
        if (stack.length === 0) root = el;
        else stack[stack.length - 1]!.children.push(el);
      } else {
        stack.push(el);
      }
    }
  }
  if (stack.length > 0) fail(`unclosed <${stack[stack.length - 1]!.name}>`);
  if (root === null) fail('no root element');
  return root!;
}

/** Every element below (and including) `el` that `pred` accepts, in document order. */
export function findAll(el: XmlElement, pred: (e: XmlElement) => boolean): XmlElement[] {
  const out: XmlElement[] = [];
  const walk = (e: XmlElement): void => {
    if (pred(e)) out.push(e);
    for (const c of e.children) if (typeof c !== 'string') walk(c);
  };
  walk(el);
  return out;
}

/** The concatenated text of `el` and its descendants. */
export function textContent(el: XmlElement): string {
  return el.children.map((c) => (typeof c === 'string' ? c : textContent(c))).join('');
}

export const byClass = (cls: string) => (e: XmlElement): boolean => (e.attrs.get('class') ?? '').split(' ').includes(cls);
