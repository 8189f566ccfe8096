/**
 * The human report of `edgewatt generate`: what was trained on what, how
 * the synthetic windows were judged, then one row per precision — MMD², PSD
 * distance, the discriminative accuracy, TSTR against TRTR and its gap, the
 * weight and sampler bytes — and the modelled energy of generating one window on each
 * device profile, headed "(modelled)" so no one reads it as a measurement.
 */
import { formatDurationS } from '../../data/stream-check-report.js';
import { binaryBytes, count, joulesCell, plural, textTable } from '../report/text-table.js';
import type { GenerateSummary, ModelledGeneration } from './generate-summary.js';

const fraction = (v: number | null): string => (v === null ? '—' : v.toFixed(3));
const points = (v: number | null): string => (v === null ? '—' : v.toFixed(1));
const energy = (e: ModelledGeneration | undefined): string => (e === undefined || e.energyJ === null ? 'n/a' : joulesCell(e.energyJ));

export function formatGenerate(s: GenerateSummary): string {
  const conditional = s.classes.length > 1;
  const devices = s.precisions[0]?.modelledGeneration.map((e) => e.device) ?? [];
  const unsupported = s.precisions.flatMap((p) => p.modelledGeneration.filter((e) => e.unsupported !== undefined).map((e) => `${p.precision} on ${e.device}: ${e.unsupported}`));
  const header = ['precision', 'MMD²', 'PSD dist.', 'disc. acc.', ...(conditional ? ['TSTR', 'TRTR', 'gap (pts)'] : []), 'weights', 'sampler', ...devices.map((d) => `${d} (modelled)`)];
  const rows = s.precisions.map((p) => [
    p.precision, p.mmd2.toFixed(4), p.psdDistance.toFixed(3), fraction(p.discriminativeAccuracy),
    ...(conditional ? [fraction(p.tstr), fraction(p.trtr), points(p.tstrGapPts)] : []),
    binaryBytes(p.weightBytes), p.samplerBytes === null ? '—' : binaryBytes(p.samplerBytes), ...devices.map((d) => energy(p.modelledGeneration.find((e) => e.device === d))),
  ]);
  const lines = [
    `${s.task} synthesis: ${s.description}`,
    `  ${conditional ? `${s.classes.length} classes (${s.classes.join(', ')})` : 'one class'}; channels ${s.channels.join(', ')}; windows of ${s.windowLength} readings (${formatDurationS(s.windowLength / s.sampleRateHz)} at ${s.sampleRateHz >= 1 ? `${Number(s.sampleRateHz.toPrecision(4))} Hz` : `one reading per ${formatDurationS(1 / s.sampleRateHz)}`})`,
    `  trained on ${plural(s.windows.train, 'window')} for ${plural(s.epochs, 'epoch')} (kept epoch ${s.bestEpoch}); judged against ${count(s.windows.validation)} held-out real windows`,
    `  MMD² and PSD distance: 0 best; disc. acc.: a classifier telling real from synthetic, 0.5 best${conditional ? '; TSTR: trained on synthetic, tested on real, against TRTR (trained on real); gap = TRTR − TSTR in accuracy points' : ''}`,
    `  energy: one generated window (the decoder alone) on each device profile, by the energy model — modelled, not measured`,
    '',
    textTable(header, rows),
  ];
  for (const u of unsupported) lines.push(`  n/a: ${u}`);
  if (s.samples !== null) {
    const { perClass, requestedPerClass } = s.samples;
    const written = perClass.every((n) => n === requestedPerClass)
      ? `${plural(requestedPerClass, 'synthetic window')} per class`
      : `${perClass.map((n, k) => `${count(n)} ${s.classes[k]}`).join(', ')} synthetic windows (${count(requestedPerClass)} per class asked for; fewer where the draw the metrics scored holds fewer)`;
    lines.push('', `samples: ${written} in ${s.samples.files.join(', ')} (standardised values)`);
  }
  return lines.join('\n') + '\n';
}
