/**
 * Series colours: the eight-colour palette of Masataka Okabe and Kei Ito,
 * "Color Universal Design (CUD) — How to make figures and presentations that
 * are friendly to colorblind people" (J*Fly, 2008,
 * https://jfly.uni-koeln.de/color/), distinguishable under protanopia,
 * deuteranopia and tritanopia. Ordered strongest-contrast-on-white first;
 * yellow comes last because it is faint on a white background. Past eight
 * series the colours repeat with a dash pattern, so no two series look alike.
 */

export const OKABE_ITO: readonly string[] = [
  '#0072B2', // blue
  '#D55E00', // vermillion
  '#009E73', // bluish green
  '#E69F00', // orange
  '#56B4E9', // sky blue
  '#CC79A7', // reddish purple
  '#000000', // black
  '#F0E442', // yellow
];

/** SVG stroke-dasharray values for the 1st, 2nd, … pass through the palette ('' = solid). */
const DASHES: readonly string[] = ['', '6 3', '2 2', '8 3 2 3'];

export interface SeriesStyle {
  readonly colour: string;
  /** A stroke-dasharray, or '' for a solid line. */
  readonly dash: string;
}

/** The style of the `index`-th series: same index, same look, on every chart. */
export function seriesStyle(index: number): SeriesStyle {
  const n = OKABE_ITO.length;
  return { colour: OKABE_ITO[index % n]!, dash: DASHES[Math.floor(index / n) % DASHES.length]! };
}
