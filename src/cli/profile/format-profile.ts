/** The human-readable `edgewatt profile` table (the --json form is the ProfileReport itself). */
import type { ProfileReport } from './profile-rows.js';

const pct = (e: number | null): string => (e === null ? '—' : `${e >= 0 ? '+' : ''}${(e * 100).toFixed(1)}%`);

function energy(uj: number): string {
  return uj >= 1e6 ? `${(uj / 1e6).toFixed(3)} J` : uj >= 1e3 ? `${(uj / 1e3).toFixed(2)} mJ` : `${uj.toFixed(1)} µJ`;
}

function bytes(b: number): string {
  return b >= 1 << 20 ? `${(b / (1 << 20)).toFixed(2)} MiB` : b >= 1024 ? `${(b / 1024).toFixed(1)} KiB` : `${b} B`;
}

function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

export function formatProfile(r: ProfileReport): string {
  const out = [
    `${r.model} (${r.kind}) — modelled, not measured${r.supplyV === null ? '' : `, at a ${r.supplyV} V supply`}`,
    '',
    table(
      ['variant', 'device', 'engine', 'latency', 'energy', 'power', 'weights', 'peak act.', 'fits'],
      r.rows.map((x) => [
        x.variant + (x.approximate ? '*' : ''), x.device, x.engine, `${x.latencyMs.toFixed(x.latencyMs < 10 ? 3 : 1)} ms`, energy(x.energyUj),
        `${x.averagePowerMw.toFixed(1)} mW`, bytes(x.weightBytes), bytes(x.peakActivationBytes), x.fits ? 'yes' : `NO: ${x.reason}`,
      ]),
    ),
  ];
  if (r.rows.some((x) => x.approximate)) out.push('', '* ladder built without per-class work figures: all MACs priced as convolutions, activations not counted');
  if (r.unsupported.length > 0) {
    out.push('', 'not runnable (the engine has no kernels for the precision; try another --engine):');
    for (const u of r.unsupported) out.push(`  ${u.variant} on ${u.device} (${u.engine})`);
  }
  if (r.calibration.length > 0) {
    out.push('', 'Calibration against published measurements (fit = used to fit the profile; the others are predictions):', '');
    out.push(table(
      ['result', 'engine', 'published', 'predicted', 'error', 'published', 'predicted', 'error', ''],
      r.calibration.map((c) => [
        c.result, c.engine,
        c.publishedLatencyMs === null ? '—' : `${c.publishedLatencyMs.toFixed(1)} ms`, `${c.predictedLatencyMs.toFixed(1)} ms`, pct(c.latencyError),
        c.publishedEnergyUj === null ? '—' : energy(c.publishedEnergyUj), energy(c.predictedEnergyUj), pct(c.energyError),
        c.inSample ? 'fit' : 'prediction',
      ]),
    ));
  }
  return out.join('\n');
}
