/**
 * What `edgewatt inspect` reports, whatever the model came from (an ONNX
 * file, a checkpoint, a zoo name): one row per layer or node and the totals
 * the energy model needs (DESIGN.md, "Model summary"). Shapes are per sample
 * for Edgewatt models and as declared (batch included, symbolic dims as
 * names) for ONNX files, and `shapesIncludeBatch` says which.
 */
import type { ModelSummary } from '../../nn/index.js';

export interface InspectedLayer {
  readonly name: string;
  readonly type: string;
  readonly outputShape: readonly (number | string)[];
  readonly params: number;
  readonly macs: number;
  readonly precision: string;
  readonly paramBytes: number;
  readonly activationBytes: number;
}

export interface Inspection {
  readonly source: string;
  readonly kind: 'onnx' | 'checkpoint' | 'zoo';
  readonly model: string;
  readonly shapesIncludeBatch: boolean;
  readonly inputShape: readonly (number | string)[];
  readonly outputShape: readonly (number | string)[];
  readonly layers: readonly InspectedLayer[];
  readonly totals: {
    readonly params: number;
    readonly macs: number;
    readonly macsByPrecision: Readonly<Record<string, number>>;
    readonly paramBytes: number;
    /** Largest working set of one step (see the summary that produced it for what it counts). */
    readonly peakActivationBytes: number;
  };
  /** Format-specific facts: opset, producer, checkpoint epoch... */
  readonly details: Readonly<Record<string, string | number>>;
}

/** An Edgewatt model summary as an inspection (shapes per sample). */
export function inspectionFromSummary(
  source: string,
  kind: 'checkpoint' | 'zoo',
  s: ModelSummary,
  details: Record<string, string | number> = {},
): Inspection {
  return {
    source,
    kind,
    model: s.model,
    shapesIncludeBatch: false,
    inputShape: s.inputShape,
    outputShape: s.outputShape,
    // The summary already keeps only leaves and containers with work of their own.
    layers: s.layers.map((l) => ({
        name: l.name,
        type: l.type,
        outputShape: l.outputShape,
        params: l.params + l.buffers,
        macs: l.macs,
        precision: l.precision,
        paramBytes: l.paramBytes,
        activationBytes: l.activationBytes,
      })),
    totals: {
      params: s.totalParams + s.totalBuffers,
      macs: s.totalMacs,
      macsByPrecision: { ...s.macsByPrecision },
      paramBytes: s.totalParamBytes,
      peakActivationBytes: s.peakActivationBytes,
    },
    details: { trainableParams: s.totalParams, buffers: s.totalBuffers, ...details },
  };
}
