/**
 * `edgewatt meters [--while <model>]`: the energy meters this machine offers
 * (RAPL, INA3221 and other hwmon rails, fuel gauges, NVIDIA GPUs), why the
 * missing ones are missing, their power at rest as a sparkline, and with
 * --while the measured energy per inference of a model on this host. The
 * device profile's model stands in, marked ESTIMATE, where nothing can be
 * read. --plot writes the power over time as an SVG chart.
 */
import type { Command } from 'commander';
import { builtinDeviceIds } from '../../energy/index.js';
import { writeFileAtomicSync } from '../../io/atomic-write.js';
import { lineChartSvg, type LineSeries } from '../plot/index.js';
import { parseNumberOption } from '../errors.js';
import { formatMeters } from '../meters/format-meters.js';
import { measurePower, type MetersReport } from '../meters/measure-power.js';
import { preferredMeter } from '../run/run-meter.js';
import { MEASURED_COSTS_FORMAT, type MeasuredCosts } from '../../runtime/index.js';
import { cpus, hostname } from 'node:os';

interface MetersCliOptions {
  seconds: number;
  intervalMs: number;
  device: string;
  sysfsRoot?: string;
  raplParts?: boolean;
  while?: string;
  inputShape?: string;
  backend?: string;
  plot?: string;
  saveCosts?: string;
  meter?: string;
  json?: boolean;
  quiet?: boolean;
}

/**
 * The measured costs of a ladder's variants (src/runtime/measured-costs.ts)
 * from one meter of the report: `name`, or the one that sees most of the device.
 */
export function measuredCostsOf(r: MetersReport, meterName: string | undefined): MeasuredCosts {
  if (r.ladder === null) throw new Error('option --save-costs needs --while <ladder folder>: the costs are per variant of a ladder');
  const meters = r.idle.traces.map((t, i) => ({ ...t, index: i }));
  const chosen = meterName === undefined ? preferredMeter(meters) ?? meters[0]! : meters.find((m) => m.meter === meterName);
  if (chosen === undefined) throw new Error(`option --meter: no meter named "${meterName}"; this machine has ${meters.map((m) => m.meter).join(', ')}`);
  const variants: MeasuredCosts['variants'] = {};
  for (const l of r.loads) {
    const lost = l.traces[chosen.index]!.lostReason;
    if (lost !== null) throw new Error(`meter ${chosen.meter} was lost while ${l.model} ran (${lost}); no costs written`);
    variants[l.model] = { latencyS: l.hostLatencyMs / 1e3, energyJ: l.perInference[chosen.index]!.totalJ, inferences: l.inferences };
  }
  const cpu = cpus()[0]?.model.trim() ?? 'unknown CPU';
  return {
    format: MEASURED_COSTS_FORMAT, version: 1,
    measuredAt: new Date().toISOString(),
    host: `${hostname()} (${cpu})`,
    ladder: r.ladder,
    meter: { name: chosen.meter, scope: chosen.scope, estimate: chosen.estimate },
    idleW: chosen.meanW,
    variants,
  };
}

function parseShape(value: string): number[] {
  const dims = value.split(',').map((s) => Number(s.trim()));
  if (dims.length === 0 || !dims.every((d) => Number.isInteger(d) && d > 0)) throw new Error(`option --input-shape: expected positive integers separated by commas without the batch axis (e.g. 3,32,32), got "${value}"`);
  return dims;
}

/** Power over time, the loaded phase drawn after the idle one on one time axis. */
export function metersChartSvg(r: MetersReport): string {
  const series: LineSeries[] = r.idle.traces.map((t, i) => {
    const x = t.samples.map((s) => s.tS);
    const y = t.samples.map((s) => s.powerW);
    // The loaded phases one after another on the same time axis.
    let offset = r.idle.durationS;
    for (const l of r.loads) {
      for (const s of l.traces[i]?.samples ?? []) {
        x.push(offset + s.tS);
        y.push(s.powerW);
      }
      offset += l.durationS;
    }
    return { name: `${t.meter}${t.estimate ? ' (estimate)' : ''}`, x, y };
  });
  const title = r.loads.length === 0 ? 'Power at rest' : `Power at rest, then running ${r.loads.map((l) => l.model).join(', then ')} from ${r.idle.durationS.toFixed(1)} s`;
  return lineChartSvg(series, { title, xLabel: 'time (s)', yLabel: 'power (W)', includeZeroY: true });
}

export function registerMetersCommand(program: Command): void {
  program
    .command('meters')
    .description("list this machine's energy meters (RAPL, hwmon/INA3221 rails, fuel gauges, NVIDIA GPUs) with their power over time; with --while, the measured energy per inference of a model")
    .option('--seconds <s>', 'length of each phase (at rest, and running the model)', parseNumberOption('--seconds', { min: 0.05, max: 3600 }), 3)
    .option('--interval-ms <ms>', 'time between samples', parseNumberOption('--interval-ms', { min: 1 }), 200)
    .option('--while <model>', 'run this model back to back in a second phase: a zoo name (resnet8, dscnn...), a checkpoint folder, an .onnx file, or a ladder folder (each variant in turn)')
    .option('--input-shape <dims>', 'input shape without the batch axis, for an .onnx file that does not declare it (e.g. 3,32,32)')
    .option('--backend <names>', 'session backends in order of preference, comma-separated (onnxruntime-node, edgewatt, onnxruntime-web)')
    .option('--device <name>', `device profile whose model stands in where no meter can be read (${builtinDeviceIds().join(', ')}) or a profile .json file`, 'x86-host')
    .option('--sysfs-root <dir>', 'read /sys under this folder (a container with the host /sys mounted elsewhere, a copied tree)')
    .option('--rapl-parts', 'also open RAPL core/uncore zones (they are parts of their package zone)')
    .option('--plot <file.svg>', 'write the power over time as an SVG chart')
    .option('--save-costs <file.json>', "with --while <ladder>: write each variant's measured latency and energy per inference, and the idle power, for `edgewatt run --costs`")
    .option('--meter <name>', 'with --save-costs: the meter whose joules are saved (default: the one that sees most of the device: board, battery, package, rail, GPU)')
    .option('--json', 'print the report as one JSON object on stdout')
    .option('--quiet', 'no progress bar')
    .action(async (opts: MetersCliOptions) => {
      const intervalS = opts.intervalMs / 1e3;
      if (intervalS > opts.seconds) throw new Error(`option --interval-ms: ${opts.intervalMs} ms is longer than --seconds ${opts.seconds}; no sample would be taken`);
      if (opts.inputShape !== undefined && opts.while === undefined) throw new Error('option --input-shape applies to --while <model.onnx>');
      if (opts.meter !== undefined && opts.saveCosts === undefined) throw new Error('option --meter applies to --save-costs <file.json>');
      if (opts.saveCosts !== undefined && opts.while === undefined) throw new Error('option --save-costs needs --while <ladder folder>: the costs are per variant of a ladder');
      if (opts.saveCosts !== undefined && !opts.saveCosts.toLowerCase().endsWith('.json')) throw new Error(`option --save-costs: expected a file name ending in .json, got "${opts.saveCosts}"`);
      if (opts.plot !== undefined && !opts.plot.toLowerCase().endsWith('.svg')) throw new Error(`option --plot: expected a file name ending in .svg, got "${opts.plot}"`);
      const report = await measurePower({
        seconds: opts.seconds,
        intervalS,
        device: opts.device,
        ...(opts.sysfsRoot !== undefined ? { sysfsRoot: opts.sysfsRoot } : {}),
        ...(opts.raplParts === true ? { raplParts: true } : {}),
        ...(opts.while !== undefined ? { model: opts.while } : {}),
        ...(opts.inputShape !== undefined ? { inputShape: parseShape(opts.inputShape) } : {}),
        ...(opts.backend ? { backends: opts.backend.split(',').map((s) => s.trim()).filter((s) => s !== '') } : {}),
        progress: !opts.quiet && !opts.json,
        log: (m) => process.stderr.write(`[meters] ${m}\n`),
      });
      const costs = opts.saveCosts !== undefined ? measuredCostsOf(report, opts.meter) : null;
      if (opts.plot !== undefined) writeFileAtomicSync(opts.plot, metersChartSvg(report));
      if (costs !== null) writeFileAtomicSync(opts.saveCosts!, JSON.stringify(costs, null, 2) + '\n');
      const saved = costs === null ? '' : `\nCosts of ${Object.keys(costs.variants).length} variants (meter ${costs.meter.name}${costs.meter.estimate ? ', an ESTIMATE' : ''}) written to ${opts.saveCosts}: serve with \`edgewatt run ${report.ladder} --costs ${opts.saveCosts} ...\``;
      process.stdout.write((opts.json ? JSON.stringify(report) : formatMeters(report) + (opts.plot !== undefined ? `\nChart: ${opts.plot}` : '') + saved) + '\n');
    });
}
