/**
 * The energy model (docs/energy-model.md): one inference's latency and
 * energy on a device, from the work of the model (per layer MACs, outputs,
 * bytes) and the device profile.
 *
 *   latency = Σ layers time(layer) + fixed overheads      (engine-specific)
 *   energy  = compute + memory + static
 *     compute = threads · α·C·V²·f · latency               (cores busy for the whole inference;
 *                                                           α the engine's switching activity)
 *     memory  = Σ bytes moved × energy per byte of the level they live in
 *     static  = P_static(V) · latency
 *
 * Everything is modelled, not measured: the result says so (`measured`
 * false) unless the caller passes a latency measured on the host.
 */
import type { InferenceCost } from '../inference-cost.js';
import type { CyclesEngine, DeviceEngine, DeviceProfile, RooflineEngine } from '../profile/device-profile.js';
import type { MacOpClass, Precision } from '../profile/precision.js';
import type { InferenceWork, WorkLayer } from '../work/inference-work.js';
import { opPointPower, type OpPointPower } from './op-point-power.js';
import { supplyScale } from './supply-scale.js';

export interface EstimateOptions {
  /** Engine id in the profile; default the profile's defaultEngine. */
  engine?: string;
  /** DVFS operating point id; default the nominal one. */
  opPoint?: string;
  /** A latency measured on this device (seconds): replaces the modelled one in every term. */
  measuredLatencyS?: number;
  /**
   * Supply voltage V_DD, V; default the one the profile's power was fitted
   * at (`supply.measuredAtV`). Needs the profile's cited supply
   * description and a value in its range (./supply-scale.ts).
   */
  supplyV?: number;
}

export interface InferenceEstimate extends InferenceCost {
  device: string;
  engine: string;
  opPoint: string;
  /** Interpreter cycles (cycles engines only). */
  cycles: number | null;
  /** Average power over the inference, W. */
  averagePowerW: number;
}

function engineById(profile: DeviceProfile, id: string | undefined): [string, DeviceEngine] {
  const name = id ?? profile.defaultEngine;
  const engine = profile.engines[name];
  if (!engine) throw new RangeError(`device ${profile.id}: unknown engine "${name}"; it has ${Object.keys(profile.engines).join(', ')}`);
  return [name, engine];
}

/**
 * Sub-byte weights run on the int8 kernels where an engine has no sub-byte
 * kernel (unpacked at load or on the fly, as CMSIS-NN's and X-CUBE-AI's int4
 * support does for weights only): int2 → int4 → int8. Float never falls
 * back: an int8-only engine cannot run a float model.
 */
const FALLBACK: Partial<Record<Precision, Precision>> = { int2: 'int4', int4: 'int8' };

function rateKey<T>(table: Partial<Record<Precision, T>>, precision: Precision): Precision | undefined {
  for (let p: Precision | undefined = precision; p !== undefined; p = FALLBACK[p]) if (table[p] !== undefined) return p;
  return undefined;
}

function macClass(layer: WorkLayer): MacOpClass {
  return layer.opClass === 'depthwise' || layer.opClass === 'dense' ? layer.opClass : 'conv';
}

/** A model whose precision a device's engine has no kernels for: a fact about the pair, which callers listing many pairs report and go on. */
export class UnsupportedPrecisionError extends RangeError {
  override readonly name = 'UnsupportedPrecisionError';
  constructor(
    readonly device: string,
    readonly engine: string,
    readonly precision: Precision,
    readonly available: readonly string[],
    layerName: string,
  ) {
    super(`device ${device}, engine ${engine}: layer ${layerName || '(root)'} runs in ${precision}, which this engine has no rate for (it has ${available.join(', ')})`);
  }
}

function unsupported(profile: DeviceProfile, engine: string, layer: WorkLayer, have: string[]): RangeError {
  return new UnsupportedPrecisionError(profile.id, engine, layer.precision, have, layer.name);
}

/** Interpreter cycles of one inference. */
export function engineCycles(profile: DeviceProfile, engineId: string, engine: CyclesEngine, work: InferenceWork): number {
  let cycles = 0;
  for (const l of work.layers) {
    if (l.macs > 0) {
      const key = rateKey(engine.cyclesPerMac, l.precision);
      if (key === undefined) throw unsupported(profile, engineId, l, Object.keys(engine.cyclesPerMac));
      const table = engine.cyclesPerMac[key]!;
      cycles += l.macs * (table[macClass(l)] ?? table.conv!);
    }
    cycles += l.outputs * engine.cyclesPerOutput + engine.cyclesPerLayer;
  }
  return cycles;
}

/** Seconds of one inference on a roofline engine at a speed ratio (f / f_nominal; memory bandwidth does not scale). */
export function rooflineSeconds(profile: DeviceProfile, engineId: string, engine: RooflineEngine, work: InferenceWork, speedRatio: number): number {
  let s = engine.overheadPerInferenceS;
  for (const l of work.layers) {
    let compute = 0;
    if (l.macs > 0) {
      const key = rateKey(engine.macsPerSecond, l.precision);
      if (key === undefined) throw unsupported(profile, engineId, l, Object.keys(engine.macsPerSecond));
      const rate = engine.macsPerSecond[key]!;
      compute = l.macs / (rate * speedRatio * (engine.opClassEfficiency[macClass(l)] ?? 1));
    }
    const memory = (l.weightBytes + l.activationBytes) / engine.bytesPerSecond;
    s += Math.max(compute, memory) + engine.overheadPerLayerS;
  }
  return s;
}

function memoryJ(profile: DeviceProfile, work: InferenceWork): number {
  const e = profile.memory.energyPerByteJ;
  const w = e[profile.memory.weightsIn] ?? 0;
  const a = e[profile.memory.activationsIn] ?? 0;
  return work.layers.reduce((j, l) => j + l.weightBytes * w + l.activationBytes * a, 0);
}

export function estimateInference(profile: DeviceProfile, work: InferenceWork, options: EstimateOptions = {}): InferenceEstimate {
  const [engineId, engine] = engineById(profile, options.engine);
  const power: OpPointPower = opPointPower(profile, options.opPoint);
  let cycles: number | null = null;
  let latencyS: number;
  let threads = 1;
  if (engine.kind === 'cycles') {
    cycles = engineCycles(profile, engineId, engine, work);
    latencyS = cycles / power.opPoint.frequencyHz;
  } else {
    threads = engine.threads;
    latencyS = rooflineSeconds(profile, engineId, engine, work, power.speedRatio);
  }
  const measured = options.measuredLatencyS !== undefined;
  if (measured) {
    if (!(options.measuredLatencyS! > 0)) throw new RangeError(`estimateInference: measuredLatencyS must be positive seconds, got ${options.measuredLatencyS}`);
    latencyS = options.measuredLatencyS!;
  }
  let supply = 1;
  if (options.supplyV !== undefined) {
    if (!(Number.isFinite(options.supplyV) && options.supplyV > 0)) throw new RangeError(`estimateInference: supplyV must be a positive number of volts, got ${options.supplyV}`);
    supply = supplyScale(profile, power.opPoint.id, options.supplyV);
  }
  // Everything the board draws passes through its supply, so every term scales with it.
  const computeJ = supply * threads * engine.activity * power.dynamicW * latencyS;
  const mem = supply * memoryJ(profile, work);
  const staticJ = supply * power.staticW * latencyS;
  const energyJ = computeJ + mem + staticJ;
  return {
    device: profile.id,
    engine: engineId,
    opPoint: power.opPoint.id,
    latencyS,
    energyJ,
    computeJ,
    memoryJ: mem,
    staticJ,
    measured,
    cycles,
    averagePowerW: energyJ / latencyS,
  };
}
