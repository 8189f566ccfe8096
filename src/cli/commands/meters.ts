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
  json?: boolean;
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
    const loaded = r.load?.traces[i];
    if (loaded !== undefined) for (const s of loaded.samples) {
      x.push(r.idle.durationS + s.tS);
      y.push(s.powerW);
    }
    return { name: `${t.meter}${t.estimate ? ' (estimate)' : ''}`, x, y };
  });
  const title = r.load === null ? 'Power at rest' : `Power at rest, then running ${r.load.model} from ${r.idle.durationS.toFixed(1)} s`;
  return lineChartSvg(series, { title, xLabel: 'time (s)', yLabel: 'power (W)', includeZeroY: true });
}

export function registerMetersCommand(program: Command): void {
  program
    .command('meters')
    .description("list this machine's energy meters (RAPL, hwmon/INA3221 rails, fuel gauges, NVIDIA GPUs) with their power over time; with --while, the measured energy per inference of a model")
    .option('--seconds <s>', 'length of each phase (at rest, and running the model)', parseNumberOption('--seconds', { min: 0.05, max: 3600 }), 3)
    .option('--interval-ms <ms>', 'time between samples', parseNumberOption('--interval-ms', { min: 1 }), 200)
    .option('--while <model>', 'run this model back to back in a second phase: a zoo name (resnet8, dscnn...), a checkpoint folder or an .onnx file')
    .option('--input-shape <dims>', 'input shape without the batch axis, for an .onnx file that does not declare it (e.g. 3,32,32)')
    .option('--backend <names>', 'session backends in order of preference, comma-separated (onnxruntime-node, edgewatt, onnxruntime-web)')
    .option('--device <name>', `device profile whose model stands in where no meter can be read (${builtinDeviceIds().join(', ')}) or a profile .json file`, 'x86-host')
    .option('--sysfs-root <dir>', 'read /sys under this folder (a container with the host /sys mounted elsewhere, a copied tree)')
    .option('--rapl-parts', 'also open RAPL core/uncore zones (they are parts of their package zone)')
    .option('--plot <file.svg>', 'write the power over time as an SVG chart')
    .option('--json', 'print the report as one JSON object on stdout')
    .action(async (opts: MetersCliOptions) => {
      const intervalS = opts.intervalMs / 1e3;
      if (intervalS > opts.seconds) throw new Error(`option --interval-ms: ${opts.intervalMs} ms is longer than --seconds ${opts.seconds}; no sample would be taken`);
      if (opts.inputShape !== undefined && opts.while === undefined) throw new Error('option --input-shape applies to --while <model.onnx>');
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
        log: (m) => process.stderr.write(`[meters] ${m}\n`),
      });
      if (opts.plot !== undefined) writeFileAtomicSync(opts.plot, metersChartSvg(report));
      process.stdout.write((opts.json ? JSON.stringify(report) : formatMeters(report) + (opts.plot !== undefined ? `\nChart: ${opts.plot}` : '')) + '\n');
    });
}
