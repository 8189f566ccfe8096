/**
 * `edgewatt profile`'s report: for each model variant × device, the energy
 * model's latency, energy (split into compute, memory and static), peak
 * memory and whether it fits; and, for zoo models, the device's published
 * results for that model beside the model's predictions — the calibration
 * at a glance.
 */
import { readLadder } from '../../compress/ladder/manifest-file.js';
import { calibrationReport, estimateInference, UnsupportedPrecisionError, loadDeviceProfile, memoryFit, workFromAggregate, workFromLadderFigures, workFromSummary, type DeviceProfile, type InferenceWork, type Precision, type PublishedResult } from '../../energy/index.js';
import { createModel, summarize, type ZooName } from '../../nn/index.js';
import { loadModelCheckpoint } from '../../train/index.js';
import { resolveModelSource, zooNameOf } from '../model-source.js';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

export interface ProfileRow {
  variant: string;
  device: string;
  engine: string;
  opPoint: string;
  precision: string;
  latencyMs: number;
  energyUj: number;
  computeUj: number;
  memoryUj: number;
  staticUj: number;
  averagePowerMw: number;
  weightBytes: number;
  peakActivationBytes: number;
  fits: boolean;
  reason: string | null;
  /** Always true here: nothing is measured on the device. */
  estimate: true;
  /** The variant's work came from aggregate figures only (an older ladder). */
  approximate: boolean;
}

export interface CalibrationEntry {
  device: string;
  result: string;
  engine: string;
  inSample: boolean;
  publishedLatencyMs: number | null;
  predictedLatencyMs: number;
  latencyError: number | null;
  publishedEnergyUj: number | null;
  predictedEnergyUj: number;
  energyError: number | null;
  /** Supply voltage the result was measured (and is predicted) at, V; null where the profile describes none. */
  supplyV: number | null;
  source: string;
}

export interface ProfileReport {
  model: string;
  kind: 'zoo' | 'checkpoint' | 'ladder';
  rows: ProfileRow[];
  calibration: CalibrationEntry[];
  /** Variant × device pairs the device's engine cannot run (e.g. int8 on a float-only GPU engine), with why. */
  unsupported: { variant: string; device: string; engine: string; reason: string }[];
  /** The --supply-v the rows are priced at; null: each device at the supply of its published measurements. */
  supplyV: number | null;
  note: string;
}

export interface ProfileOptions {
  devices: string[];
  engine?: string;
  opPoint?: string;
  precision?: Precision;
  /** Supply voltage V_DD to price every device at (default: each profile's measured supply). */
  supplyV?: number;
}

interface Variant {
  id: string;
  work: InferenceWork;
  precision: string;
  approximate: boolean;
}

/** The work of a zoo model at a precision, in its default configuration and input shape. */
export function zooWork(name: ZooName, precision: Precision, inputShape?: readonly number[]): InferenceWork {
  const model = createModel(name);
  try {
    return workFromSummary(summarize(model, inputShape ?? model.inputShape), { precision });
  } finally {
    model.dispose();
  }
}

/** The work behind a published result (or a structure result: a zoo model, no aggregate): a zoo model or the aggregate it carries. */
export function publishedWork(r: Pick<PublishedResult, 'id' | 'model' | 'precision' | 'inputShape' | 'work'>): InferenceWork {
  if (r.work) return workFromAggregate(r.work, r.precision);
  const name = zooNameOf(r.model);
  if (!name) throw new RangeError(`published result ${r.id}: model "${r.model}" is not a zoo model and the result gives no work`);
  return zooWork(name, r.precision, r.inputShape);
}

/** Default precision: what the caller asked, else float32 where the engine runs it, else int8. */
function precisionFor(profile: DeviceProfile, engineId: string | undefined, asked: Precision | undefined): Precision {
  if (asked) return asked;
  const engine = profile.engines[engineId ?? profile.defaultEngine];
  const rates = engine ? (engine.kind === 'cycles' ? engine.cyclesPerMac : engine.macsPerSecond) : {};
  return 'float32' in rates ? 'float32' : 'int8';
}

/** A ladder folder (holding ladder.json) or the ladder.json itself: what `profile` and `meters --while` take as a ladder. */
export function isLadder(arg: string): boolean {
  return arg.endsWith('ladder.json') || (existsSync(arg) && existsSync(join(arg, 'ladder.json')));
}

export async function profileReport(arg: string, o: ProfileOptions): Promise<ProfileReport> {
  if (o.devices.length === 0) throw new RangeError('profile: give at least one --device');
  const profiles = o.devices.map((d) => loadDeviceProfile(d));
  const rows: ProfileRow[] = [];
  const calibration: CalibrationEntry[] = [];
  const unsupported: ProfileReport['unsupported'] = [];
  let kind: ProfileReport['kind'];
  let variantsFor: (p: DeviceProfile) => Promise<Variant[]>;
  if (isLadder(arg)) {
    kind = 'ladder';
    const { manifest } = readLadder(arg, { verifyFiles: false });
    const variants = manifest.variants.map((v) => {
      const { work, approximate } = workFromLadderFigures(v);
      return { id: v.id, work, precision: Object.keys(v.macsByPrecision).join('+'), approximate };
    });
    variantsFor = async () => variants;
  } else {
    const source = resolveModelSource(arg);
    if (source.kind === 'onnx') throw new RangeError(`profile: ${arg} is an ONNX file; profile a checkpoint folder, a zoo model name or a ladder (edgewatt compress builds one)`);
    kind = source.kind;
    if (source.kind === 'checkpoint') {
      const { model } = await loadModelCheckpoint(source.dir);
      const summary = summarize(model, model.inputShape);
      model.dispose();
      variantsFor = async (p) => {
        const precision = precisionFor(p, o.engine, o.precision);
        return [{ id: precision, work: workFromSummary(summary, { precision }), precision, approximate: false }];
      };
    } else {
      variantsFor = async (p) => {
        const precision = precisionFor(p, o.engine, o.precision);
        return [{ id: precision, work: zooWork(source.name, precision), precision, approximate: false }];
      };
      for (const p of profiles) {
        const mine = p.published.filter((r) => zooNameOf(r.model) === source.name);
        if (mine.length === 0) continue;
        const report = calibrationReport({ ...p, published: mine }, publishedWork);
        for (const c of report) {
          calibration.push({
            device: p.id, result: c.result.id, engine: c.result.engine, inSample: p.calibration.fittedOn.includes(c.result.id),
            publishedLatencyMs: c.result.latencyMs, predictedLatencyMs: c.predictedLatencyMs, latencyError: c.latencyError,
            publishedEnergyUj: c.result.energyUj, predictedEnergyUj: c.predictedEnergyUj, energyError: c.energyError,
            supplyV: c.result.supplyV ?? p.supply?.measuredAtV ?? null, source: c.result.source,
          });
        }
      }
    }
  }
  for (const p of profiles) {
    for (const v of await variantsFor(p)) {
      let e: ReturnType<typeof estimateInference>;
      try {
        e = estimateInference(p, v.work, { ...(o.engine ? { engine: o.engine } : {}), ...(o.opPoint ? { opPoint: o.opPoint } : {}), ...(o.supplyV !== undefined ? { supplyV: o.supplyV } : {}) });
      } catch (err) {
        // An unknown engine or operating point is the caller's error; an engine without kernels for the variant's precision is a fact about the pair.
        if (!(err instanceof UnsupportedPrecisionError)) throw err;
        unsupported.push({ variant: v.id, device: p.id, engine: err.engine, reason: err.message });
        continue;
      }
      const fit = memoryFit(p, v.work);
      rows.push({
        variant: v.id, device: p.id, engine: e.engine, opPoint: e.opPoint, precision: v.precision,
        latencyMs: e.latencyS * 1e3, energyUj: e.energyJ * 1e6, computeUj: e.computeJ * 1e6, memoryUj: e.memoryJ * 1e6, staticUj: e.staticJ * 1e6,
        averagePowerMw: e.averagePowerW * 1e3, weightBytes: fit.weightBytes, peakActivationBytes: fit.peakActivationBytes,
        fits: fit.fits, reason: fit.reason, estimate: true, approximate: v.approximate,
      });
    }
  }
  // Nothing runnable at all is an error, not an empty table.
  if (rows.length === 0 && unsupported.length > 0) throw new RangeError(unsupported.map((u) => u.reason).join('; '));
  return {
    model: arg, kind, rows, calibration, unsupported, supplyV: o.supplyV ?? null,
    note: 'Latency and energy are modelled from the device profiles (devices/*.json, every coefficient cited), not measured; calibration rows compare the model with published measurements, and rows marked in-sample were used to fit it.',
  };
}
