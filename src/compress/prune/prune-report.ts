/**
 * Before/after reports of pruning: per layer its parameters, the non-zero
 * ones, the resulting sparsity and its MACs, and the totals. Layers are
 * matched by path, so a layer rebuilt by channel pruning lines up with the
 * one it replaced. MACs are dense MACs from nn's `summarize`: unstructured
 * zeros only save work on kernels that skip them, removed channels always do.
 */
import type { Shape, Tensor } from '../../engine/index.js';
import { summarize, type Module, type ModelSummary } from '../../nn/index.js';

export interface LayerPruneStats {
  /** Path in the model. */
  name: string;
  type: string;
  params: number;
  nonZeroParams: number;
  /** 1 − nonZeroParams / params (0 for a layer without parameters). */
  sparsity: number;
  /** MACs per sample. */
  macs: number;
}

export interface ModelPruneStats {
  /** Layers with parameters or MACs, in execution order. */
  layers: LayerPruneStats[];
  params: number;
  nonZeroParams: number;
  sparsity: number;
  macs: number;
}

export interface PruneReportRow {
  name: string;
  type: string;
  /** Null for a layer that only exists on the other side. */
  before: LayerPruneStats | null;
  after: LayerPruneStats | null;
}

export interface PruneReport {
  layers: PruneReportRow[];
  before: Omit<ModelPruneStats, 'layers'>;
  after: Omit<ModelPruneStats, 'layers'>;
}

function countNonZero(t: Tensor): number {
  const v = t.view();
  let n = 0;
  for (let i = 0; i < v.length; i++) if (v[i] !== 0) n++;
  return n;
}

function nonZeros(m: Module): number {
  return m.ownParameters().reduce((n, [, t]) => n + countNonZero(t), 0);
}

function sparsityOf(params: number, nonZero: number): number {
  return params === 0 ? 0 : 1 - nonZero / params;
}

/** Parameters, non-zero parameters and MACs of `model` for one sample of `inputShape`. */
export function pruneStats(model: Module, inputShape: Shape): ModelPruneStats {
  return pruneStatsFrom(model, summarize(model, inputShape));
}

/** The same from a summary already measured. */
export function pruneStatsFrom(model: Module, summary: ModelSummary): ModelPruneStats {
  const byPath = new Map(model.namedModules().map(([, m]) => [m.path, m]));
  const layers = summary.layers
    .filter((l) => l.params > 0 || l.macs > 0)
    .map((l) => {
      const nonZeroParams = nonZeros(byPath.get(l.name)!);
      return { name: l.name, type: l.type, params: l.params, nonZeroParams, sparsity: sparsityOf(l.params, nonZeroParams), macs: l.macs };
    });
  const params = summary.totalParams;
  const nonZeroParams = model.parameters().reduce((n, t) => n + countNonZero(t), 0);
  return { layers, params, nonZeroParams, sparsity: sparsityOf(params, nonZeroParams), macs: summary.totalMacs };
}

/** Lines up two measurements of the same model, layer by layer. */
export function comparePruneStats(before: ModelPruneStats, after: ModelPruneStats): PruneReport {
  const afterByName = new Map(after.layers.map((l) => [l.name, l]));
  const rows: PruneReportRow[] = before.layers.map((b) => ({ name: b.name, type: b.type, before: b, after: afterByName.get(b.name) ?? null }));
  const seen = new Set(before.layers.map((l) => l.name));
  for (const a of after.layers) if (!seen.has(a.name)) rows.push({ name: a.name, type: a.type, before: null, after: a });
  const totals = ({ layers: _, ...t }: ModelPruneStats) => t;
  return { layers: rows, before: totals(before), after: totals(after) };
}

const percent = (v: number) => `${(100 * v).toFixed(1)}%`;

/** Column widths of one side of the table: params, non-zero, sparsity, MACs. */
const WIDTHS = [8, 8, 7, 10] as const;

function side(values: readonly string[]): string {
  return values.map((v, i) => v.padStart(WIDTHS[i]!)).join(' ');
}

function statsCells(s: Omit<LayerPruneStats, 'name' | 'type'> | null): string {
  return s ? side([String(s.params), String(s.nonZeroParams), percent(s.sparsity), String(s.macs)]) : side(['—', '', '', '']);
}

/** A plain-text table of a report: one line per layer (before → after), then the totals. */
export function formatPruneReport(report: PruneReport): string {
  const nameWidth = Math.max(5, ...report.layers.map((r) => r.name.length));
  const typeWidth = Math.max(4, ...report.layers.map((r) => r.type.length));
  const line = (name: string, type: string, before: string, after: string) => `${name.padEnd(nameWidth)}  ${type.padEnd(typeWidth)}  ${before} → ${after}`;
  const head = side(['params', 'nonzero', 'sparse', 'MACs']);
  return [
    line('layer', 'type', head, head),
    ...report.layers.map((r) => line(r.name, r.type, statsCells(r.before), statsCells(r.after))),
    line('total', '', statsCells(report.before), statsCells(report.after)),
  ].join('\n');
}
