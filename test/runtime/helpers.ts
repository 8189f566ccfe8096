/** Shared by the runtime tests: costs, synthetic controller states, an in-memory executor, a tiny ONNX ladder. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { InferenceCost } from '../../src/energy/inference-cost.js';
import type { HarvestSource } from '../../src/energy/harvest-source.js';
import type { CandidateVariant, ControllerState } from '../../src/runtime/controller.js';
import { unknownVariantError, type SwitchCost, type VariantExecutor } from '../../src/runtime/executor.js';
import { sha256Hex, writeLadderManifest } from '../../src/compress/ladder/manifest-file.js';
import type { LadderManifest, LadderVariant, SensorInput } from '../../src/compress/ladder/manifest.js';
import { exportOnnx } from '../../src/interop/index.js';
import { cnn1d } from '../../src/nn/index.js';

/** A cost whose energy is all dynamic except `staticJ`. */
export function cost(energyJ: number, latencyS: number, extra: Partial<InferenceCost> = {}): InferenceCost {
  const staticJ = extra.staticJ ?? 0;
  return { latencyS, energyJ, computeJ: energyJ - staticJ, memoryJ: 0, staticJ, measured: false, ...extra };
}

export function candidate(id: string, energyJ: number, latencyS: number, quality: number | null, switchCostS: number | null = null): CandidateVariant {
  return { id, cost: cost(energyJ, latencyS), quality, switchCostS };
}

/** Three rungs: cheap int2, middle int4, expensive int8 (the top quality). */
export const THREE_RUNGS: readonly CandidateVariant[] = [
  candidate('int8', 4e-3, 4e-3, 0.9),
  candidate('int2', 1e-3, 1e-3, 0.7),
  candidate('int4', 2e-3, 2e-3, 0.85),
];

export function state(overrides: Partial<ControllerState> = {}): ControllerState {
  return {
    nowS: 0,
    soc: 1,
    remainingJ: 1000,
    harvestForecastJ: 0,
    forecastHorizonS: 900,
    queueLength: 0,
    arrivalRateHz: 1,
    criticality: 'normal',
    slackS: Infinity,
    currentVariantId: null,
    sinceSwitchS: Infinity,
    candidates: THREE_RUNGS,
    ...overrides,
  };
}

export function constantHarvest(powerW: number): HarvestSource {
  return { powerW: () => powerW, forecastJ: (_t, horizonS) => powerW * horizonS };
}

/**
 * Runs nothing: returns the input's sum per variant (scaled by the variant's
 * index, so outputs tell variants apart) and reports `switchS(id)` as the
 * measured switch. Time is not touched; wrap it in VirtualTimeExecutor.
 */
export class FakeExecutor implements VariantExecutor {
  activeId: string | null = null;
  readonly selects: string[] = [];
  runs = 0;

  constructor(
    readonly variantIds: readonly string[],
    readonly inputShape: readonly number[] = [2],
    private readonly switchS: (id: string) => number = () => 0,
    private readonly quality: (id: string) => number | null = () => null,
  ) {}

  qualityOf(id: string): number | null {
    if (!this.variantIds.includes(id)) throw unknownVariantError('FakeExecutor.qualityOf', id, this.variantIds);
    return this.quality(id);
  }

  async select(id: string): Promise<SwitchCost> {
    if (!this.variantIds.includes(id)) throw unknownVariantError('FakeExecutor.select', id, this.variantIds);
    this.selects.push(id);
    this.activeId = id;
    return { switchS: this.switchS(id), cold: true };
  }

  async run(input: Float32Array): Promise<Float32Array> {
    this.runs++;
    const k = this.variantIds.indexOf(this.activeId!) + 1;
    return Float32Array.of(input.reduce((a, b) => a + b, 0) * k);
  }

  async close(): Promise<void> {}
}

function ladderVariant(id: string, file: string, bytes: Uint8Array, quality: number, macs: number): LadderVariant {
  return {
    id, kind: id === 'fp32' ? 'fp32' : 'pruned', file, sha256: sha256Hex(bytes), weightBytes: bytes.length, fileBytes: bytes.length, params: 0, macs,
    macsByPrecision: { float32: macs }, quality: { metric: 'top1', value: quality, samples: 100, dataset: 'synthetic' }, latency: [], recipe: {},
  };
}

/**
 * A real ladder folder of cnn1d models of widths 4, 8 and 16 (small to large),
 * each exported to ONNX; `odd` gives one of them a different input length.
 */
export async function tinyLadder(options: { odd?: string; sensorInput?: SensorInput } = {}): Promise<{ dir: string; manifest: LadderManifest }> {
  const dir = mkdtempSync(join(tmpdir(), 'ew-runtime-ladder-'));
  const rungs = [
    { id: 'w4', width: 4, quality: 0.7 },
    { id: 'w8', width: 8, quality: 0.8 },
    { id: 'fp32', width: 16, quality: 0.9 },
  ];
  const variants: LadderVariant[] = [];
  for (const r of rungs) {
    const length = r.id === options.odd ? 32 : 26;
    const model = cnn1d({ width: r.width, inputLength: length, seed: 1 });
    model.eval();
    const bytes = await exportOnnx(model, { inputShape: [3, length] });
    writeFileSync(join(dir, `${r.id}.onnx`), bytes);
    variants.push(ladderVariant(r.id, `${r.id}.onnx`, bytes, r.quality, r.width * 1000));
  }
  const manifest: LadderManifest = {
    format: 'edgewatt-ladder', version: 1,
    model: {
      name: 'cnn1d', inputShape: [3, 26], inputName: 'input', outputName: 'output', numClasses: 3, task: 'har',
      ...(options.sensorInput ? { classes: ['running', 'stationary', 'walking'], sensorInput: options.sensorInput } : {}),
    },
    createdAt: '2026-11-22T10:00:00.000Z',
    variants,
  };
  writeLadderManifest(dir, manifest);
  return { dir, manifest };
}
