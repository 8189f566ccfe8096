/**
 * What every chart must satisfy, checked in one place: well-formed XML with
 * an <svg> root, no "NaN", "Infinity" or "undefined" anywhere, and every
 * coordinate attribute and path number a finite number.
 */
import assert from 'node:assert/strict';
import { byClass, findAll, parseXml, textContent, type XmlElement } from './well-formed-xml.js';

const NUMERIC_ATTRS = ['x', 'y', 'x1', 'x2', 'y1', 'y2', 'cx', 'cy', 'r', 'width', 'height'];

export function assertCleanSvg(svg: string): XmlElement {
  for (const bad of ['NaN', 'Infinity', 'undefined']) assert.ok(!svg.includes(bad), `the SVG contains "${bad}"`);
  const root = parseXml(svg);
  assert.equal(root.name, 'svg');
  assert.equal(root.attrs.get('xmlns'), 'http://www.w3.org/2000/svg');
  for (const el of findAll(root, () => true)) {
    for (const a of NUMERIC_ATTRS) {
      const v = el.attrs.get(a);
      if (v !== undefined) assert.ok(Number.isFinite(Number(v)), `<${el.name} ${a}="${v}"> is not a finite number`);
    }
    const d = el.attrs.get('d');
    if (d !== undefined) {
      // Split path data into commands and numbers by hand: every number must parse.
      let token = '';
      const flush = (): void => {
        if (token !== '') assert.ok(Number.isFinite(Number(token)), `path number "${token}" is not finite`);
        token = '';
      };
      for (const c of d) {
        if ('MLHVZ '.includes(c)) flush();
        else token += c;
      }
      flush();
    }
  }
  return root;
}

export const seriesGroups = (root: XmlElement): XmlElement[] => findAll(root, byClass('series'));
export const seriesLines = (root: XmlElement): XmlElement[] => findAll(root, byClass('series-line'));
export const seriesPoints = (root: XmlElement): XmlElement[] => findAll(root, byClass('series-point'));
export const allText = (root: XmlElement): string[] => findAll(root, (e) => e.name === 'text').map(textContent);
export const labelOf = (root: XmlElement, cls: string): string => textContent(findAll(root, byClass(cls))[0]!);
/** The chart's notes, each re-joined from the lines it was wrapped onto. */
export const notes = (root: XmlElement): string[] => {
  const lines = findAll(root, byClass('notes')).flatMap((g) => findAll(g, (e) => e.name === 'text').map(textContent));
  const out: string[] = [];
  for (const line of lines) {
    if (line.startsWith('Note: ') || out.length === 0) out.push(line);
    else out[out.length - 1] += ` ${line}`;
  }
  return out;
};
