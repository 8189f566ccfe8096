/**
 * `edgewatt run <ladder> --stream <file>`: serve a precision ladder over a
 * recorded sensor stream (HAR CSV, CSV with timestamps such as NAB, a WFDB
 * record) as a chosen device would, with the adaptive-precision controller
 * (or one pinned variant), a live summary on stderr, per-request events as
 * JSON lines, and a report — or one JSON object with --json.
 */
import type { Command } from 'commander';
import { builtinDeviceIds } from '../../energy/index.js';
import { CRITICALITIES, type Criticality } from '../../runtime/index.js';
import { parseNumberOption } from '../errors.js';
import { formatRun } from '../run/format-run.js';
import { STORE_KINDS, type StoreKind } from '../run/run-energy-sources.js';
import { runStream } from '../run/run-stream.js';

interface RunCliOptions {
  stream: string;
  device: string;
  engine?: string;
  opPoint?: string;
  rate?: number;
  stride?: number;
  deadlineMs?: number;
  criticality: string;
  variant?: string;
  nested?: string | true;
  soc: number;
  store: string;
  capacityJ?: number;
  solar?: string;
  panelCm2?: number;
  solarOffsetH: number;
  maxRequests?: number;
  events?: string;
  backend?: string;
  json?: boolean;
  quiet?: boolean;
  realtime?: boolean;
  speed?: number;
  meter?: string;
  sysfsRoot?: string;
  costs?: string;
}

export function registerRunCommand(program: Command): void {
  program
    .command('run')
    .description('serve a precision ladder over a recorded sensor stream as a device would: adaptive precision, modelled device latency and energy, JSON-lines events')
    .argument('<ladder>', 'a ladder folder (ladder.json + ONNX files, from `edgewatt compress`)')
    .requiredOption('--stream <file>', 'the recording: a CSV (headerless x,y,z like the HAR files, or with a timestamp column like NAB) or a WFDB header (.hea)')
    .option('--device <name>', `device profile to model (${builtinDeviceIds().join(', ')}) or a profile .json file`, 'x86-host')
    .option('--engine <id>', 'engine of the device profile (default: its defaultEngine)')
    .option('--op-point <id>', 'DVFS operating point (default: the nominal one)')
    .option('--rate <Hz>', 'sample rate of a stream file that does not state it', parseNumberOption('--rate', { min: Number.MIN_VALUE }))
    .option('--stride <n>', 'readings between window starts (default: the stride the model was trained with)', parseNumberOption('--stride', { integer: true, min: 1 }))
    .option('--deadline-ms <ms>', 'deadline of each window after it arrives (default: one stride: done before the next window)', parseNumberOption('--deadline-ms', { min: 0 }))
    .option('--criticality <c>', `criticality of the stream's requests: ${CRITICALITIES.join(', ')}`, 'normal')
    .option('--variant <id>', 'serve every request on this variant (a static deployment) instead of adapting')
    .option('--nested [master]', "serve the ladder's nested any-precision master (switching bit width in place) instead of its ONNX rungs; name it when the ladder has several")
    .option('--soc <fraction>', 'state of charge of the energy store at the start', parseNumberOption('--soc', { min: 0, max: 1 }), 1)
    .option('--store <kind>', `energy store: ${STORE_KINDS.join(' or ')} (the fitted LG 18650 cell, with its voltage curve and internal resistance)`, 'ideal')
    .option('--capacity-j <J>', 'capacity of the ideal store (default: one 18650 cell, 32.8 kJ)', parseNumberOption('--capacity-j', { min: Number.MIN_VALUE }))
    .option('--solar <file>', 'harvest from a solar panel under this irradiance trace (NSRDB PSM3 .csv or NREL MIDC .txt), repeated past its end')
    .option('--panel-cm2 <area>', 'solar panel area, cm² (with --solar)', parseNumberOption('--panel-cm2', { min: Number.MIN_VALUE }))
    .option('--solar-offset-h <hours>', 'hours into the irradiance trace at which the stream starts (with --solar)', parseNumberOption('--solar-offset-h', { min: 0 }), 0)
    .option('--max-requests <n>', 'serve only the first n windows', parseNumberOption('--max-requests', { integer: true, min: 1 }))
    .option('--events <file>', 'write one JSON line per event to this file ("-" for stdout)')
    .option('--backend <names>', 'session backends in order of preference, comma-separated (onnxruntime-node, edgewatt, onnxruntime-web)')
    .option('--costs <file.json>', "price each variant with the latency and energy measured on the device (`edgewatt meters --while <ladder> --save-costs`) instead of the --device profile's model")
    .option('--realtime', "serve on this machine's clock, each window at its recorded time: latencies measured here, energy from a real meter (--meter) or the --device profile's model; give --device this machine's profile")
    .option('--speed <x>', 'with --realtime: replay the recording this many times faster (arrivals and deadlines alike)', parseNumberOption('--speed', { min: Number.MIN_VALUE }))
    .option('--meter <name>', 'with --realtime: the energy counter that books each request: auto (the board input, a battery, a CPU package, a rail, a GPU, in that order) or a name from `edgewatt meters`')
    .option('--sysfs-root <dir>', 'with --meter: read /sys under this folder (a container with the host /sys mounted elsewhere)')
    .option('--json', 'print the report as one JSON object on stdout')
    .option('--quiet', 'no progress bar')
    .action(async (ladder: string, opts: RunCliOptions) => {
      if (!(CRITICALITIES as readonly string[]).includes(opts.criticality)) throw new Error(`option --criticality: expected one of ${CRITICALITIES.join(', ')}, got "${opts.criticality}"`);
      if (opts.events === '-' && opts.json) throw new Error('options --events - and --json both write to stdout; give --events a file name');
      if (!(STORE_KINDS as readonly string[]).includes(opts.store)) throw new Error(`option --store: expected ${STORE_KINDS.join(' or ')}, got "${opts.store}"`);
      if (opts.solar !== undefined && opts.panelCm2 === undefined) throw new Error('option --solar needs --panel-cm2 <area>: the harvest scales with the panel area');
      if (opts.solar === undefined && opts.panelCm2 !== undefined) throw new Error('option --panel-cm2 applies to --solar <irradiance file>');
      for (const [name, given] of [['--speed', opts.speed], ['--meter', opts.meter], ['--sysfs-root', opts.sysfsRoot]] as const) {
        if (given !== undefined && opts.realtime !== true) throw new Error(`option ${name} applies to --realtime (serving on this machine's clock); without it device time is modelled and nothing here is metered`);
      }
      const report = await runStream(ladder, {
        stream: opts.stream,
        device: opts.device,
        ...(opts.engine ? { engine: opts.engine } : {}),
        ...(opts.opPoint ? { opPoint: opts.opPoint } : {}),
        ...(opts.rate !== undefined ? { rateHz: opts.rate } : {}),
        ...(opts.stride !== undefined ? { strideSamples: opts.stride } : {}),
        ...(opts.deadlineMs !== undefined ? { deadlineMs: opts.deadlineMs } : {}),
        criticality: opts.criticality as Criticality,
        ...(opts.variant !== undefined ? { variant: opts.variant } : {}),
        ...(opts.nested !== undefined ? { nested: opts.nested } : {}),
        soc: opts.soc,
        store: opts.store as StoreKind,
        ...(opts.capacityJ !== undefined ? { capacityJ: opts.capacityJ } : {}),
        ...(opts.solar !== undefined ? { solar: { file: opts.solar, panelAreaM2: opts.panelCm2! / 1e4, offsetS: opts.solarOffsetH * 3600 } } : {}),
        ...(opts.maxRequests !== undefined ? { maxRequests: opts.maxRequests } : {}),
        ...(opts.events !== undefined ? { events: opts.events } : {}),
        ...(opts.backend ? { backends: opts.backend.split(',').map((s) => s.trim()).filter((s) => s !== '') } : {}),
        ...(opts.costs !== undefined ? { costs: opts.costs } : {}),
        ...(opts.realtime === true ? { realtime: { speed: opts.speed ?? 1, meter: opts.meter ?? 'auto', ...(opts.sysfsRoot !== undefined ? { sysfsRoot: opts.sysfsRoot } : {}) } } : {}),
        progress: !opts.quiet && !opts.json,
        log: (m) => process.stderr.write(`[run] ${m}\n`),
      });
      const out = opts.json ? JSON.stringify(report) : formatRun(report);
      // With events on stdout, the human report goes to stderr so the JSON lines stay parseable.
      (opts.events === '-' ? process.stderr : process.stdout).write(out + '\n');
    });
}
