/**
 * The integer-only model: float input → QuantizeInput → the float model's
 * structure with every layer replaced by its quantized counterpart →
 * DequantizeOutput → float output. It is a Sequential whose children are
 * `quantizeInput`, then the float model's top-level children under their
 * own names (so `stem.conv` is the quantized `stem.conv`), then
 * `dequantizeOutput`; a float root that is not a Sequential sits under `model`.
 */
import { Module, Sequential } from '../../nn/index.js';
import type { WidthCalibration } from './calibrate-int8.js';
import type { DequantizeOutput } from './layers/dequantize-output.js';
import type { QuantizeInput } from './layers/quantize-input.js';
import type { PrecisionState } from './precision-state.js';

export interface QuantizedModelInfo {
  /** Type of the float model it was made from. */
  readonly source: string;
  /** One sample's shape, no batch axis. */
  readonly inputShape: readonly number[];
  /** Weight bit width of each quantized conv/linear layer, by path (for a nested model: of the master). */
  readonly weightBits: ReadonlyMap<string, number>;
  /** The switch of a nested model; null for a plain one. */
  readonly precision: PrecisionState | null;
  /**
   * What calibration produced: one entry for a plain model, one per width
   * (in `precision.widths` order) for a nested one. A plain model's entry can
   * be passed back as quantizeModel's `calibrated` option to rebuild the
   * same integer model without data (e.g. on another backend).
   */
  readonly calibrations: readonly WidthCalibration[];
}

export class QuantizedModel extends Sequential {
  constructor(
    readonly info: QuantizedModelInfo,
    quantizeInput: QuantizeInput,
    body: readonly (readonly [string, Module])[],
    dequantizeOutput: DequantizeOutput,
  ) {
    super();
    this.append(quantizeInput, 'quantizeInput');
    for (const [name, m] of body) this.append(m, name);
    this.append(dequantizeOutput, 'dequantizeOutput');
  }

  override get typeName(): string {
    return `QuantizedModel(${this.info.source})`;
  }

  get quantizeInput(): QuantizeInput {
    return this.childNamed('quantizeInput') as QuantizeInput;
  }

  get dequantizeOutput(): DequantizeOutput {
    return this.childNamed('dequantizeOutput') as DequantizeOutput;
  }

  /** The active weight bit width of a nested model; null for a plain one. */
  get bits(): number | null {
    return this.info.precision?.bits ?? null;
  }

  /** Switches every layer of a nested model to `bits` at once: one assignment, no weights touched. */
  setBits(bits: number): void {
    if (this.info.precision === null) throw new RangeError(`${this.typeName}.setBits: this is not a nested model; buildNestedModel makes one with several bit widths`);
    this.info.precision.setBits(bits);
  }
}
