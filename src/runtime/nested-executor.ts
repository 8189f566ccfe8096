/**
 * One nested any-precision master (src/compress/integer/nested) as a set of
 * variants, one per bit width: selecting a variant is `setBits`, a single
 * assignment that touches no weight (under 1 ms, no allocation:
 * test/compress/integer/nested.test.ts), and running it is the integer
 * engine's forward pass. This is the cheap end of switching — the runtime
 * can follow its controller request by request without paying to load
 * anything.
 */
import { noGrad, tensor, tidy } from '../engine/index.js';
import type { QuantizedModel } from '../compress/integer/quantized-model.js';
import { hostSeconds, sampleSize, unknownVariantError, type SwitchCost, type VariantExecutor, type WallClockS } from './executor.js';

/** The variant id of a nested width: "nested-int8", "nested-int4", "nested-int2". */
export function nestedVariantId(bits: number): string {
  return `nested-int${bits}`;
}

export interface NestedExecutorOptions {
  /** Measured quality per bit width (e.g. from the ladder's nested rungs), the accuracy proxy; missing widths report null. */
  quality?: ReadonlyMap<number, number> | Readonly<Record<number, number>>;
  /** Times switches; default the host's performance.now() in seconds. */
  wallClockS?: WallClockS;
}

export class NestedExecutor implements VariantExecutor {
  readonly variantIds: readonly string[];
  readonly inputShape: readonly number[];
  private readonly bitsById: ReadonlyMap<string, number>;
  private readonly quality: ReadonlyMap<number, number>;
  private readonly dims: readonly number[];
  private readonly size: number;
  private readonly wall: WallClockS;
  private activeVariant: string | null = null;

  constructor(
    private readonly model: QuantizedModel,
    options: NestedExecutorOptions = {},
  ) {
    const precision = model?.info?.precision;
    if (precision === null || precision === undefined) {
      throw new RangeError(`NestedExecutor: ${model?.typeName ?? String(model)} is not a nested model (info.precision is null); build one with buildNestedModel`);
    }
    this.bitsById = new Map(precision.widths.map((b) => [nestedVariantId(b), b]));
    this.variantIds = [...this.bitsById.keys()];
    this.inputShape = [...model.info.inputShape];
    this.dims = [1, ...this.inputShape];
    this.size = sampleSize(this.inputShape);
    const q = options.quality;
    this.quality = q === undefined ? new Map() : q instanceof Map ? q : new Map(Object.entries(q).map(([k, v]) => [Number(k), v]));
    for (const b of this.quality.keys()) {
      if (!precision.widths.includes(b)) throw new RangeError(`NestedExecutor: options.quality names ${b} bits, which is not one of the model's widths (${precision.widths.join(', ')})`);
    }
    this.wall = options.wallClockS ?? hostSeconds;
  }

  get activeId(): string | null {
    return this.activeVariant;
  }

  /** The active bit width. */
  get bits(): number | null {
    return this.model.bits;
  }

  qualityOf(variantId: string): number | null {
    const bits = this.bitsById.get(variantId);
    if (bits === undefined) throw unknownVariantError('NestedExecutor.qualityOf', variantId, this.variantIds);
    return this.quality.get(bits) ?? null;
  }

  async select(variantId: string): Promise<SwitchCost> {
    const bits = this.bitsById.get(variantId);
    if (bits === undefined) throw unknownVariantError('NestedExecutor.select', variantId, this.variantIds);
    const t0 = this.wall();
    this.model.setBits(bits);
    const switchS = this.wall() - t0;
    this.activeVariant = variantId;
    return { switchS, cold: false };
  }

  async run(input: Float32Array): Promise<Float32Array> {
    if (this.activeVariant === null) throw new Error('NestedExecutor.run: no variant selected; call select(variantId) first');
    if (input.length !== this.size) throw new RangeError(`NestedExecutor.run: one sample of [${this.inputShape.join(', ')}] has ${this.size} values, got ${input.length}`);
    return tidy(() => noGrad(() => this.model.call(tensor(input, this.dims)).toArray() as Float32Array));
  }

  async close(): Promise<void> {
    this.activeVariant = null;
  }
}
