/**
 * The charts of `edgewatt generate`:
 *
 * - `windows-<precision>.svg`, one per precision (plot/window-grid-chart.ts):
 *   a row per class, a column per channel, each panel overlaying the task's
 *   few real held-out windows and the precision's few synthetic ones, in
 *   the standardised space the model draws in. A row shares its y range:
 *   a quiet class (stationary) keeps its detail beside an energetic one,
 *   and the channels of one class compare at a glance.
 * - `quality-energy.svg` (plot/line-chart.ts): one point per precision, its
 *   MMD² to the held-out windows against the modelled energy of generating
 *   one window on a device — the trade the precision ladder offers. Drawn
 *   for the first device that can run every precision, so no point is
 *   missing; none is drawn for a single precision (no trade to show) or when
 *   no device can run them all.
 */
import type { SynthesisQuality, SynthesisResult } from '../../generative/synthesis/synthesis-result.js';
import { lineChartSvg } from '../plot/line-chart.js';
import { windowGridChartSvg } from '../plot/window-grid-chart.js';
import type { ReportFile } from '../report/write-report-folder.js';
import type { GenerateSummary } from './generate-summary.js';

const STANDARDISED = 'standardised value (training mean 0, SD 1)';

export function windowGridFile(r: SynthesisResult, q: SynthesisQuality, title: string): ReportFile {
  const L = r.windowLength;
  const channel = (w: Float32Array, c: number): Float32Array => w.subarray(c * L, (c + 1) * L);
  const panels = r.classes.flatMap((cls, k) =>
    r.channels.map((ch, c) => ({
      title: r.classes.length > 1 ? `${cls} · ${ch}` : ch,
      real: (r.realExamples[k] ?? []).map((w) => channel(w, c)),
      synthetic: (q.examples[k] ?? []).map((w) => channel(w, c)),
    })),
  );
  const svg = windowGridChartSvg({
    title: `${title}: real vs synthetic windows, ${q.precision} decoder`,
    panels, sampleRateHz: r.sampleRateHz, yLabel: STANDARDISED, columns: r.channels.length, sharedY: 'row',
  });
  return { file: `windows-${q.precision}.svg`, content: svg };
}

export function qualityEnergyFile(s: GenerateSummary, title: string): ReportFile | null {
  if (s.precisions.length < 2) return null;
  const devices = s.precisions[0]!.modelledGeneration.map((e) => e.device);
  const device = devices.find((d) => s.precisions.every((p) => p.modelledGeneration.find((e) => e.device === d)?.energyJ != null));
  if (device === undefined) return null;
  const series = s.precisions.map((p) => ({
    name: p.precision,
    x: [p.modelledGeneration.find((e) => e.device === device)!.energyJ! * 1e6],
    y: [p.mmd2],
  }));
  const svg = lineChartSvg(series, {
    title: `${title}: MMD² vs modelled energy per generated window`,
    xLabel: `modelled energy per generated window on ${device} (µJ; decoder alone)`,
    yLabel: 'MMD² to held-out real windows (0 best)',
    includeZeroY: true,
  });
  return { file: 'quality-energy.svg', content: svg };
}
