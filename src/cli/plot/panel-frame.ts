/**
 * A chart of several plot areas in one SVG document: small multiples (one
 * panel per class or channel) and stacked panels sharing an x axis (a raw
 * signal above its anomaly score). Built from the single-chart frame's
 * pieces (chart-frame.ts) — the same head, axes, clip, legend and notes —
 * so a multi-panel chart looks like its single-panel siblings. The chart
 * lays the panels out; this file only draws them, each clipped to its own
 * plot area under its own clip id.
 */
import type { Axis } from './axis.js';
import { axesMarkup, CHAR_PX, clipPathMarkup, documentHead, legendAndNotes, textEl, type LegendEntry, type PlotArea } from './chart-frame.js';
import { coord } from './svg-path.js';

export interface Panel {
  readonly plot: PlotArea;
  readonly xAxis: Axis;
  readonly yAxis: Axis;
  /** Drawn above the plot area, left-aligned. */
  readonly title?: string;
  /** false: no x tick labels (a panel below shares the axis and carries them). Default true. */
  readonly xTickLabels?: boolean;
  /** This panel's own y-axis title, rotated, centred on the plot's height at x = `x` (left of the tick labels). */
  readonly yLabel?: { readonly text: string; readonly x: number };
  /** Grey text near the top of the plot saying what the panel lacks ("no synthetic windows"). */
  readonly message?: string | null;
  /** The data markup, drawn clipped to the plot area. */
  readonly body: string;
}

export interface PanelDocument {
  readonly title: string;
  readonly width: number;
  readonly panels: readonly Panel[];
  /** Chart-level markup placed by the chart (shared axis titles). */
  readonly labels: readonly string[];
  /** Where the legend's first row goes; the notes follow it. */
  readonly legendTop: number;
  readonly legend: readonly LegendEntry[];
  readonly notes: readonly string[];
}

/** Vertical room a panel title takes above its plot area, px. */
export const PANEL_TITLE_BAND = 20;

function panelMarkup(panel: Panel, index: number): string {
  const { plot } = panel;
  const id = `panel-${index}`;
  const parts = [`<g class="panel">`, clipPathMarkup(id, plot), axesMarkup(panel.xAxis, panel.yAxis, plot, panel.xTickLabels ?? true)];
  if (panel.title !== undefined) {
    parts.push(textEl(plot.left, plot.top - 7, panel.title, 'class="panel-title" font-weight="bold"', Math.max(4, Math.floor(plot.width / CHAR_PX))));
  }
  if (panel.yLabel !== undefined) {
    const yMid = plot.top + plot.height / 2;
    const x = panel.yLabel.x;
    parts.push(textEl(x, yMid, panel.yLabel.text, `class="y-label" text-anchor="middle" transform="rotate(-90 ${coord(x)} ${coord(yMid)})"`, Math.max(4, Math.floor(plot.height / CHAR_PX))));
  }
  parts.push(`<g clip-path="url(#${id})">${panel.body}</g>`);
  if (panel.message) parts.push(textEl(plot.left + plot.width / 2, plot.top + 16, panel.message, 'class="panel-message" text-anchor="middle" fill="#888"'));
  parts.push('</g>');
  return parts.join('');
}

/** The whole document: head, every panel, the chart's own labels, legend and notes; its height follows from the notes. */
export function renderPanels(doc: PanelDocument): string {
  const footer = legendAndNotes(doc.legend, doc.notes, doc.width, doc.legendTop);
  return [
    ...documentHead(doc.width, footer.height, doc.title),
    ...doc.panels.map(panelMarkup),
    ...doc.labels,
    footer.legend,
    footer.notes,
    '</svg>',
  ].join('\n') + '\n';
}
