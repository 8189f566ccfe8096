/**
 * `edgewatt meters`: which energy meters this machine has (and why the
 * others are not usable), what they read at rest, and — with a model to run —
 * what one inference costs on this machine, measured. The method is the
 * usual one for power measurement of inference (idle phase, then a loaded
 * phase of back-to-back inferences on the same meters): energy per
 * inference is the loaded phase's joules over its inference count, and the
 * part above idle is (loaded mean power − idle mean power) × loaded time /
 * count. Where no real meter opens, the device profile's model stands in
 * and everything it reports is marked as an estimate.
 */
import { join } from 'node:path';
import type { DeviceProfile } from '../../energy/index.js';
import { loadDeviceProfile } from '../../energy/index.js';
import type { ExecCommand, MeterScope, NowS, PowerTrace, SysfsReader } from '../../energy/meters/index.js';
import { detectMeters, ModelMeter, nodeSysfsReader, samplePower } from '../../energy/meters/index.js';
import { createSession, type EdgewattSession, type Feeds } from '../../interop/session/index.js';
import type { Module } from '../../nn/index.js';
import { createModel } from '../../nn/index.js';
import { loadModelCheckpoint } from '../../train/index.js';
import { resolveModelSource } from '../model-source.js';
import { isLadder, profileReport } from '../profile/profile-rows.js';
import { createProgress } from '../../train/progress.js';
import { readLadder } from '../../compress/ladder/manifest-file.js';


export interface MeasurePowerOptions {
  /** Seconds of each phase (idle, and loaded when `model` is given). */
  seconds: number;
  /** Seconds between samples. */
  intervalS: number;
  /** Device profile whose model stands in when no real meter opens. */
  device: string;
  /** Reads sysfs under this directory instead of / (a copied tree, a container's bind mount). */
  sysfsRoot?: string;
  /** Also open RAPL core/uncore zones (parts of their package). */
  raplParts?: boolean;
  /** A model to run in the loaded phase: zoo name, checkpoint folder or .onnx file; or a ladder folder, one phase per variant. */
  model?: string;
  /** Per-sample input shape for an .onnx file that does not declare it. */
  inputShape?: readonly number[];
  /** Session backends in order of preference. */
  backends?: readonly string[];
  log: (line: string) => void;
  /** A progress bar on stderr over all phases; default off. */
  progress?: boolean;
  /** Injected for tests: the sysfs reader, clock, sleep and nvidia-smi runner. */
  fs?: SysfsReader;
  now?: NowS;
  sleep?: (seconds: number) => Promise<void>;
  exec?: ExecCommand;
}

export interface TraceSummary {
  meter: string;
  scope: MeterScope;
  estimate: boolean;
  meanW: number;
  minW: number;
  maxW: number;
  energyJ: number;
  durationS: number;
  samples: { tS: number; powerW: number }[];
  lostReason: string | null;
}

export interface PerInference {
  meter: string;
  estimate: boolean;
  /** Loaded joules / inferences. */
  totalJ: number;
  /** (loaded mean W − idle mean W) × loaded time / inferences. */
  aboveIdleJ: number;
}

export interface MetersReport {
  /** One line per meter source tried: what opened, or why not. */
  detection: string[];
  meters: { name: string; scope: string; estimate: boolean }[];
  /** True when no real counter opened and the device profile's model stands in. */
  modelled: boolean;
  device: string;
  idle: { durationS: number; traces: TraceSummary[] };
  /** One loaded phase per model run: the model given, or each variant of a ladder in its order. */
  loads: LoadPhase[];
  /** The ladder folder when --while named one. */
  ladder: string | null;
  note: string;
}

export interface LoadPhase {
  /** The model argument, or the ladder variant's id. */
  model: string;
  backend: string;
  inferences: number;
  durationS: number;
  hostLatencyMs: number;
  traces: TraceSummary[];
  perInference: PerInference[];
  /** The profile's modelled joules per inference, or null (an .onnx file's work is not modelled). */
  modelledJ: number | null;
}

function summarise(t: PowerTrace): TraceSummary {
  const n = t.powerW.length;
  return {
    meter: t.meter, scope: t.scope, estimate: t.estimate,
    meanW: t.durationS > 0 ? t.energyJ / t.durationS : Number.NaN,
    minW: n > 0 ? Math.min(...t.powerW) : Number.NaN,
    maxW: n > 0 ? Math.max(...t.powerW) : Number.NaN,
    energyJ: t.energyJ, durationS: t.durationS,
    samples: t.tS.map((tS, i) => ({ tS, powerW: t.powerW[i]! })),
    lostReason: t.lostReason,
  };
}

/** The loaded phase's model, as a session with one input made once. */
interface LoadModel {
  session: EdgewattSession;
  feeds: Feeds;
  /** Releases the session and the model behind it. */
  dispose(): Promise<void>;
  label: string;
  /** Modelled joules of one inference on the profile's device, or null when the model's work is not known (an .onnx file). */
  modelledJ: number | null;
}

async function openLoadModel(arg: string, o: MeasurePowerOptions, profile: DeviceProfile, label = arg, knownModelledJ: number | null = null): Promise<LoadModel> {
  const source = resolveModelSource(arg);
  let modelledJ: number | null = knownModelledJ;
  if (source.kind !== 'onnx') {
    const report = await profileReport(arg, { devices: [profile.id] });
    const row = report.rows[0];
    if (row !== undefined) modelledJ = row.energyUj * 1e-6;
  }
  const sessionOptions = { ...(o.backends !== undefined ? { backends: [...o.backends] } : {}), intraOpNumThreads: 1 };
  let session: EdgewattSession;
  let shape: readonly number[];
  let module: Module | null = null;
  if (source.kind === 'onnx') {
    session = await createSession(source.path, sessionOptions);
    const declared = session.inputs[0]?.dims ?? null;
    if (o.inputShape !== undefined) shape = o.inputShape;
    else if (declared !== null && declared.slice(1).every((d) => d !== null && d > 0)) shape = declared.slice(1) as number[];
    else {
      await session.dispose();
      throw new Error(`${source.path}: the model does not declare a fixed input shape (${JSON.stringify(declared)}); give --input-shape, e.g. 3,32,32 (without the batch axis)`);
    }
  } else {
    const model = source.kind === 'zoo' ? createModel(source.name) : (await loadModelCheckpoint(source.dir)).model;
    module = model;
    shape = model.inputShape;
    session = await createSession(model, { ...sessionOptions, inputShape: shape });
  }
  const dispose = async (): Promise<void> => {
    await session.dispose();
    module?.dispose();
  };
  if (session.inputNames.length !== 1) {
    await dispose();
    throw new Error(`${arg}: the model has ${session.inputNames.length} inputs (${session.inputNames.join(', ')}); edgewatt meters --while runs single-input models`);
  }
  // A fixed pseudo-random input (an LCG): a dense model's work does not depend on the values (its power barely does), and the run is repeatable.
  const size = shape.reduce((a, b) => a * b, 1);
  const data = new Float32Array(size);
  let s = 12345;
  for (let i = 0; i < size; i++) {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    data[i] = s / 2 ** 31 - 1;
  }
  return { session, feeds: { [session.inputNames[0]!]: { data, dims: [1, ...shape] } }, label, modelledJ, dispose };
}

export async function measurePower(o: MeasurePowerOptions): Promise<MetersReport> {
  const profile = loadDeviceProfile(o.device);
  const fs = o.fs ?? nodeSysfsReader(o.sysfsRoot ?? '');
  // The stand-in: the profile's idle power integrated over time, plus each inference's modelled energy in the loaded phase.
  const fallback = new ModelMeter({ name: `model:${profile.id}`, powerW: () => profile.power.idleW, ...(o.now !== undefined ? { now: o.now } : {}) });
  const { meters, log } = detectMeters({
    fallback, fs,
    ...(o.now !== undefined ? { now: o.now } : {}),
    ...(o.exec !== undefined ? { exec: o.exec } : {}),
    ...(o.raplParts === true ? { includeRaplPackageParts: true } : {}),
  });
  const modelled = meters.length === 1 && meters[0] === fallback;
  const sampleOptions = { durationS: o.seconds, intervalS: o.intervalS, ...(o.now !== undefined ? { now: o.now } : {}), ...(o.sleep !== undefined ? { sleep: o.sleep } : {}) };
  // What to run: nothing, one model, or each variant of a ladder (its ONNX file, priced by `edgewatt profile <ladder>`).
  const targets: { arg: string; label: string; modelledJ: number | null; inputShape?: readonly number[] }[] = [];
  let ladderDir: string | null = null;
  if (o.model !== undefined) {
    if (isLadder(o.model)) {
      const { dir, manifest } = readLadder(o.model, { verifyFiles: true });
      ladderDir = dir;
      const priced = await profileReport(dir, { devices: [profile.id] });
      for (const v of manifest.variants) {
        const row = priced.rows.find((r) => r.variant === v.id);
        targets.push({ arg: join(dir, v.file), label: v.id, modelledJ: row === undefined ? null : row.energyUj * 1e-6, inputShape: manifest.model.inputShape });
      }
    } else targets.push({ arg: o.model, label: o.model, modelledJ: null });
  }
  const loads: LoadPhase[] = [];
  // One bar over every phase, in samples: the idle phase, then one per model.
  const perPhase = Math.max(1, Math.ceil(o.seconds / o.intervalS));
  const bar = createProgress({ total: perPhase * (1 + targets.length), label: 'meters', enabled: o.progress === true });
  let phase = 0;
  const onSample = (elapsedS: number): void => bar.update(phase * perPhase + Math.min(perPhase, Math.round(elapsedS / o.intervalS)), { note: phase === 0 ? 'at rest' : targets[phase - 1]!.label });
  try {
    o.log(`sampling ${meters.map((m) => m.name).join(', ')} at rest for ${o.seconds} s`);
    const idle = await samplePower(meters, { ...sampleOptions, onSample });
    const idleTraces = idle.traces.map(summarise);
    for (const target of targets) {
      // One model open at a time: a ladder's variants are measured one after another, each alone.
      phase++;
      const l = await openLoadModel(target.arg, { ...o, ...(target.inputShape !== undefined ? { inputShape: target.inputShape } : {}) }, profile, target.label, target.modelledJ);
      try {
        // Warm-up outside the measurement: the first calls allocate and (onnxruntime) pre-pack weights.
        for (let i = 0; i < 20; i++) await l.session.run(l.feeds);
        o.log(`running ${l.label} back to back for ${o.seconds} s`);
        const loaded = await samplePower(meters, {
          ...sampleOptions,
          onSample,
          work: async () => {
            await l.session.run(l.feeds);
            if (modelled && l.modelledJ !== null) fallback.add(l.modelledJ);
          },
        });
        const n = loaded.workCalls;
        const traces = loaded.traces.map(summarise);
        loads.push({
          model: l.label,
          backend: l.session.backend,
          inferences: n,
          durationS: loaded.durationS,
          hostLatencyMs: (loaded.durationS / n) * 1e3,
          traces,
          perInference: traces.map((t, i) => ({
            meter: t.meter,
            estimate: t.estimate,
            totalJ: t.energyJ / n,
            aboveIdleJ: ((t.meanW - idleTraces[i]!.meanW) * t.durationS) / n,
          })),
          modelledJ: l.modelledJ,
        });
      } finally {
        await l.dispose();
      }
    }
    const priced = loads.filter((l) => l.modelledJ !== null);
    const note = modelled
      ? `No real energy counter opened on this machine (reasons above), so the figures are the ${profile.id} profile's MODEL, not measurements: its idle power (${profile.power.idleW} W, devices/${profile.id}.json)` +
        (loads.length === 0 ? '.' : priced.length === 0 ? '; the work of an .onnx file is not modelled, so the loaded phase shows idle power only.' : ` plus each inference's modelled energy, what \`edgewatt profile ${ladderDir ?? o.model} --device ${profile.id}\` predicts${priced.length < loads.length ? ' (an .onnx file\'s work is not modelled: idle power only)' : ''}.`)
      : 'Measured by the counters listed; meters can overlap (a rail is part of the board input, RAPL dram is outside its package), so do not add them up blindly.';
    return {
      detection: log,
      meters: meters.map((m) => ({ name: m.name, scope: m.scope, estimate: m.estimate })),
      modelled,
      device: profile.id,
      idle: { durationS: idle.durationS, traces: idleTraces },
      loads,
      ladder: ladderDir,
      note,
    };
  } finally {
    bar.stop();
    for (const m of meters) m.close();
  }
}
