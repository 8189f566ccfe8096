/**
 * `edgewatt run <ladder> --stream <file>`: serve a precision ladder over a
 * recorded sensor stream as the chosen device would. The stream is cut
 * into the windows the model was trained on (the manifest's sensorInput),
 * each window a request that arrives when its last reading does and is due
 * before the next; the model really runs on the host (onnxruntime-node or
 * the engine), while device time, latency and energy come from the device
 * profile's energy model (VirtualTimeExecutor), so a Cortex-M4's 100 ms per
 * window shapes the queue, deadlines and battery as on the device. Events
 * go out as JSON lines; a live summary rides on the progress bar.
 */
import { createWriteStream, renameSync, rmSync, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import { dirname, basename, join } from 'node:path';
import { LADDER_MANIFEST_FILE, readLadder } from '../../compress/ladder/manifest-file.js';
import type { LadderManifest } from '../../compress/ladder/manifest.js';
import { readSensorStream, type SensorStream } from '../../data/sensor-stream.js';
import { loadDeviceProfile } from '../../energy/index.js';
import {
  AdaptivePrecisionController,
  EdgeRuntime,
  findNestedMaster,
  FixedVariantController,
  LadderExecutor,
  ladderDeviceCosts,
  nestedVariantId,
  openNestedMaster,
  replayRequests,
  RuntimeSummary,
  sensorRequests,
  VirtualClock,
  VirtualTimeExecutor,
  wallClock,
  type Criticality,
  type EnergyTotals,
  type ReplayResult,
  type RuntimeEvent,
  type RuntimeSummarySnapshot,
  type VariantExecutor,
} from '../../runtime/index.js';
import { createProgress } from '../../train/progress.js';
import { replayRealtime } from '../../runtime/realtime-replay.js';
import { energyStore, solarHarvest, type SolarOptions, type StoreKind } from './run-energy-sources.js';
import { chooseRunMeter } from './run-meter.js';
import { readMeasuredCosts, withMeasuredCosts } from '../../runtime/measured-costs.js';

export interface RunStreamOptions {
  stream: string;
  /** Device id or profile file; default 'x86-host'. */
  device: string;
  engine?: string;
  opPoint?: string;
  /** Sample rate of a stream file that does not state it, Hz. */
  rateHz?: number;
  strideSamples?: number;
  deadlineMs?: number;
  criticality: Criticality;
  /** Serve every request on this variant instead of adapting. */
  variant?: string;
  /** Serve the ladder's nested any-precision master (its id, or true for the only one) instead of the ONNX rungs. */
  nested?: string | true;
  soc: number;
  /** Default 'ideal'. */
  store?: StoreKind;
  capacityJ?: number;
  solar?: SolarOptions;
  maxRequests?: number;
  /** JSON-lines event file, or '-' for stdout. */
  events?: string;
  backends?: string[];
  /**
   * Serve on this machine's clock, each window at its recorded time
   * (`speed` times faster): latencies measured, energy from `meter` when a
   * real counter opens. The device profile should then describe this machine.
   */
  realtime?: { speed: number; meter: string; sysfsRoot?: string };
  /** A measured-costs file (`edgewatt meters --while <ladder> --save-costs`): each variant's latency and energy, and the idle power, measured instead of modelled. */
  costs?: string;
  progress: boolean;
  log: (message: string) => void;
}

export interface RunVariantRow {
  id: string;
  kind: string;
  quality: number | null;
  latencyMs: number;
  energyUj: number;
  served: number;
  energyJ: number;
}

export interface RunReport {
  ladder: string;
  stream: { source: string; format: SensorStream['format']; channels: number; sampleRateHz: number; readings: number; durationS: number; windows: number; skippedInvalid: number };
  device: { id: string; engine: string; opPoint: string; idlePowerW: number };
  store: string;
  harvest: string | null;
  controller: string;
  excluded: { id: string; reason: string }[];
  variants: RunVariantRow[];
  replay: ReplayResult;
  summary: RuntimeSummarySnapshot;
  /** The device's books over the whole replay: requests, idle between them, harvest. */
  energy: EnergyTotals;
  /** Predicted class counts, when the manifest names its classes (else by index). */
  predictions: Record<string, number>;
  /** Variant of each served request in order, for the timeline. */
  timeline: string[];
  events: string | null;
  hostSeconds: number;
  /** 'virtual': device time from the profile, replayed as fast as the host computes; 'realtime': this machine's clock. */
  timing: 'virtual' | 'realtime';
  /** The measured-costs file the variants were priced from, or null (the device profile's model). */
  costs: { file: string; host: string; measuredAt: string; meter: { name: string; scope: string; estimate: boolean } } | null;
  /** The meter that booked request energies (realtime only), or null when they are the model's. */
  meter: { name: string; scope: string; estimate: boolean } | null;
  note: string;
}

/** A JSON-lines file written beside its final name and renamed when complete, so an interrupted run leaves no half file. */
class EventFile {
  private readonly tmp: string;
  private readonly out: WriteStream;
  lines = 0;
  constructor(readonly path: string) {
    this.tmp = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
    this.out = createWriteStream(this.tmp);
  }
  write(line: string): void {
    this.out.write(line);
    this.lines++;
  }
  async commit(): Promise<void> {
    this.out.end();
    await once(this.out, 'finish');
    renameSync(this.tmp, this.path);
  }
  abort(): void {
    this.out.destroy();
    rmSync(this.tmp, { force: true });
  }
}

function argmax(y: Float32Array): number {
  let k = 0;
  for (let i = 1; i < y.length; i++) if (y[i]! > y[k]!) k = i;
  return k;
}

/** The variants the device can run and hold; the others with why. */
function servable(manifest: LadderManifest, costs: ReturnType<typeof ladderDeviceCosts>): { keep: LadderManifest['variants']; excluded: RunReport['excluded'] } {
  const keep: LadderManifest['variants'] = [];
  const excluded: RunReport['excluded'] = [];
  for (const v of manifest.variants) {
    const why = costs.unsupported.get(v.id);
    const c = costs.variants.get(v.id);
    if (why !== undefined) excluded.push({ id: v.id, reason: why });
    else if (c !== undefined && !c.fit.fits) excluded.push({ id: v.id, reason: c.fit.reason ?? 'does not fit' });
    else keep.push(v);
  }
  return { keep, excluded };
}

export async function runStream(ladderPath: string, o: RunStreamOptions): Promise<RunReport> {
  const hostStart = performance.now();
  const ladder = readLadder(ladderPath, { verifyFiles: true });
  const { manifest } = ladder;
  const input = manifest.model.sensorInput;
  if (input === undefined) {
    throw new Error(
      `${ladder.dir}: the ladder does not record how a raw stream becomes a model input (model.sensorInput in ladder.json: rate, stride, per-channel scale/mean/std). ` +
        '`edgewatt compress` records it for sensor models from this version on: rebuild the ladder, or add the field by hand',
    );
  }
  const profile = loadDeviceProfile(o.device);
  // Served variants: the ladder's rungs, or a nested master's widths (named as its executor names them).
  const master = o.nested !== undefined ? findNestedMaster(manifest, join(ladder.dir, LADDER_MANIFEST_FILE), o.nested === true ? undefined : o.nested).master : null;
  const served: LadderManifest = master === null ? manifest : {
    ...manifest,
    variants: manifest.variants.filter((v) => v.kind === 'nested' && v.nestedMaster === master.id).map((v) => ({ ...v, id: nestedVariantId(v.nestedBits!) })),
  };
  const modelledCosts = ladderDeviceCosts(served, profile, { ...(o.engine ? { engine: o.engine } : {}), ...(o.opPoint ? { opPoint: o.opPoint } : {}) });
  const measured = o.costs === undefined ? null : readMeasuredCosts(o.costs);
  if (measured !== null && measured.meter.estimate) o.log(`${o.costs}: measured with ${measured.meter.name}, which is an estimate (no real meter on ${measured.host}): its energies are a profile's model, its latencies that host's`);
  const costs = measured === null ? modelledCosts : withMeasuredCosts(modelledCosts, measured, o.costs!);
  const { keep, excluded } = servable(served, costs);
  if (master !== null && excluded.length > 0) {
    throw new Error(`nested master "${master.id}" cannot be served on ${profile.id}: ${excluded.map((x) => `${x.id}: ${x.reason}`).join('; ')} (a nested master serves all its widths from one set of weights)`);
  }
  for (const x of excluded) o.log(`variant ${x.id} left out on ${profile.id}: ${x.reason}`);
  if (keep.length === 0) throw new Error(`no variant of ${ladder.dir} can run on ${profile.id} (engine ${costs.engine}): ${excluded.map((x) => `${x.id}: ${x.reason}`).join('; ')}`);
  if (o.variant !== undefined && !keep.some((v) => v.id === o.variant)) {
    const why = excluded.find((x) => x.id === o.variant);
    throw new Error(`option --variant: ${why ? `"${o.variant}" cannot run on ${profile.id}: ${why.reason}` : `the ladder has no variant "${o.variant}"; it has ${served.variants.map((v) => v.id).join(', ')}`}`);
  }

  const stream = readSensorStream(o.stream, o.rateHz !== undefined ? { sampleRateHz: o.rateHz } : {});
  const windowLength = manifest.model.inputShape[1]!;
  const made = sensorRequests(stream, input, windowLength, {
    ...(o.strideSamples !== undefined ? { strideSamples: o.strideSamples } : {}),
    ...(o.deadlineMs !== undefined ? { relativeDeadlineS: o.deadlineMs / 1e3 } : {}),
    ...(o.maxRequests !== undefined ? { maxRequests: o.maxRequests } : {}),
    criticality: o.criticality,
  });
  if (made.skippedInvalid > 0) o.log(`${made.skippedInvalid} windows left out: they hold readings the file marks invalid`);
  if (made.requests.length === 0) throw new Error(`${stream.source}: no valid window to serve`);

  const realtime = o.realtime;
  const clock = realtime === undefined ? new VirtualClock() : wallClock;
  const inner: VariantExecutor =
    master !== null ? await openNestedMaster(ladder.dir, { master: master.id }) : new LadderExecutor({ dir: ladder.dir, manifest: { ...manifest, variants: keep } }, o.backends ? { backends: o.backends } : {});
  // Load every variant before the stream starts, as a device does at boot: a session's creation on this
  // host (tens of ms of graph optimisation) is not what a resident variant costs the device to switch to.
  // In reverse, so the ladder's first (top) variant is the one active when the stream starts.
  for (const v of [...keep].reverse()) await inner.select(v.id);
  // Opened once the variants are loaded, right before the stream starts: it books from the first request on.
  const meter = realtime === undefined ? null : chooseRunMeter(realtime.meter, { ...(realtime.sysfsRoot !== undefined ? { sysfsRoot: realtime.sysfsRoot } : {}), log: o.log });
  const executor = clock instanceof VirtualClock ? new VirtualTimeExecutor(inner, clock, { latencyS: costs.latencyS }) : inner;
  const summary = new RuntimeSummary();
  const classes = manifest.model.classes;
  const predictions: Record<string, number> = {};
  const timeline: string[] = [];
  const eventFile = o.events !== undefined && o.events !== '-' ? new EventFile(o.events) : null;
  const writeLine = (record: object): void => {
    const line = JSON.stringify(record) + '\n';
    if (eventFile) eventFile.write(line);
    else if (o.events === '-') process.stdout.write(line);
  };
  const total = made.requests.length;
  const bar = createProgress({ total, label: 'run', enabled: o.progress });
  let lastDraw = 0;
  const onEvent = (e: RuntimeEvent): void => {
    summary.add(e);
    // A served request is written from onOutput, with its prediction.
    if (e.type !== 'request') writeLine(e);
    // A meter lost mid-run (a sensor unplugged): said on stderr at once, not only in the event file.
    if (e.type === 'meter-fallback') o.log(`meter ${e.meter} lost at t = ${e.t.toFixed(3)} s: ${e.reason}`);
  };
  const { store, label: storeLabel } = energyStore(o.store ?? 'ideal', o.soc, o.capacityJ);
  const { harvest, label: harvestLabel } = solarHarvest(o.solar);
  const controller = o.variant !== undefined ? new FixedVariantController(o.variant) : new AdaptivePrecisionController();
  const runtime = new EdgeRuntime({
    executor, clock, controller,
    costOf: costs.costOf,
    idlePowerW: costs.idlePowerW,
    wakeUp: costs.wakeUp,
    store,
    harvest,
    ...(meter !== null ? { meter } : {}),
    onEvent,
    onOutput: (_request, y, event) => {
      const k = argmax(y);
      const label = classes?.[k] ?? String(k);
      predictions[label] = (predictions[label] ?? 0) + 1;
      timeline.push(event.variantId);
      writeLine({ ...event, prediction: label });
      const now = performance.now();
      // The summary sorts its latencies: redraw at most ten times a second, not per request.
      if (now - lastDraw > 100) {
        lastDraw = now;
        bar.update(timeline.length, { note: summary.formatLine() });
      }
    },
  });
  let replay: ReplayResult;
  try {
    if (clock instanceof VirtualClock) replay = await replayRequests(runtime, clock, made.requests);
    else {
      // Reported as seconds since the stream began, as a VirtualClock starting at 0 reads.
      const startS = clock.now();
      const r = await replayRealtime(runtime, made.requests, { speed: realtime!.speed });
      replay = { ...r, endS: r.endS - startS };
    }
    bar.update(timeline.length, { note: summary.formatLine() });
    bar.stop();
    await eventFile?.commit();
  } catch (e) {
    bar.stop();
    eventFile?.abort();
    throw e;
  } finally {
    await executor.close();
    meter?.close();
  }
  const snap = summary.snapshot();
  return {
    ladder: ladder.dir,
    stream: {
      source: stream.source, format: stream.format, channels: input.channels.length, sampleRateHz: stream.sampleRateHz,
      readings: stream.length, durationS: made.durationS, windows: total, skippedInvalid: made.skippedInvalid,
    },
    device: { id: costs.device, engine: costs.engine, opPoint: costs.opPoint, idlePowerW: costs.idlePowerW },
    store: storeLabel,
    harvest: harvestLabel,
    controller: (o.variant !== undefined ? `fixed: ${o.variant}` : 'adaptive precision (rule-based default)') + (master !== null ? `, over nested master "${master.id}" (${master.file})` : ''),
    excluded,
    variants: keep.map((v) => {
      const c = costs.variants.get(v.id)!.estimate;
      const t = snap.perVariant[v.id];
      return { id: v.id, kind: v.kind, quality: v.quality?.value ?? null, latencyMs: c.latencyS * 1e3, energyUj: c.energyJ * 1e6, served: t?.requests ?? 0, energyJ: t?.energyJ ?? 0 };
    }),
    replay, summary: snap, energy: runtime.energy, predictions, timeline,
    events: eventFile ? eventFile.path : o.events === '-' ? '-' : null,
    hostSeconds: (performance.now() - hostStart) / 1e3,
    timing: realtime === undefined ? 'virtual' : 'realtime',
    costs: measured === null ? null : { file: o.costs!, host: measured.host, measuredAt: measured.measuredAt, meter: measured.meter },
    meter: meter === null ? null : { name: meter.name, scope: meter.scope, estimate: meter.estimate },
    note: realtime === undefined
      ? (measured === null
        ? `The model ran on this host; latency and energy are modelled for ${costs.device} from its profile (devices/*.json), not measured.`
        : `The model ran on this host; latency and energy per inference are those measured on ${measured.host} at ${measured.measuredAt} (${o.costs}, meter ${measured.meter.name}${measured.meter.estimate ? ', an estimate' : ''}), idle power ${measured.idleW.toPrecision(3)} W likewise.`) +
        ` Device time is virtual: the stream's ${made.durationS.toFixed(1)} s replayed as fast as the host computes. Every variant was loaded before the stream; a switch costs the host's measured swap.`
      : `Served on this machine in real time (${realtime.speed}× the recording's pace): latencies and switches measured on this host; ` +
        (meter !== null ? `energies measured by ${meter.name} (scope ${meter.scope}), which sees what else the machine does too.` : measured !== null ? `no real energy counter opened, so each request is booked at its variant's energy from ${o.costs}.` : `no real energy counter opened, so energies are modelled for ${costs.device} from its profile (devices/*.json) — give --device the profile of this machine.`),
  };
}
