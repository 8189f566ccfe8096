/**
 * Which sizes depend on the batch. The forward pass is traced twice, at two
 * batch sizes; a size that is k·batch in both traces is batch-dependent and
 * must not be baked into the graph (a Reshape target gets -1, an Expand
 * target 1, a Slice end "to the end"), a size equal in both is a constant.
 * Comparing two real traces is exact where guessing from one batch-1 trace
 * is not: with batch 1 every batch-sized axis looks like a constant 1.
 */
import { formatShape } from '../../../engine/index.js';

/** A size: a constant, or `batch` times the batch size. */
export type SymDim = number | { readonly batch: number };

/** The two batch sizes of the traces; `alt` is absent for a fixed-batch export (one trace). */
export interface TraceBatches {
  readonly main: number;
  readonly alt?: number;
}

export function isBatchDim(d: SymDim): d is { readonly batch: number } {
  return typeof d !== 'number';
}

/** Equal sizes (both constants, or the same multiple of the batch). */
export function sameDim(a: SymDim, b: SymDim): boolean {
  return typeof a === 'number' ? a === b : typeof b !== 'number' && a.batch === b.batch;
}

/**
 * The symbolic form of one list of sizes seen as `main` in the main trace and
 * `alt` in the other. `what` names the list for the error when a size grows
 * with the batch but not in proportion (e.g. batch + 1).
 */
export function symbolicDims(main: readonly number[], alt: readonly number[] | undefined, batches: TraceBatches, what: () => string): SymDim[] {
  if (alt === undefined || batches.alt === undefined) return [...main];
  if (alt.length !== main.length) {
    throw new Error(`${what()} has rank ${main.length} at batch ${batches.main} but rank ${alt.length} at batch ${batches.alt}; the forward pass depends on the batch size — export with a fixed batch (options.batch)`);
  }
  return main.map((d, i) => {
    const e = alt[i]!;
    if (d === e) return d;
    const k = d / batches.main;
    if (Number.isInteger(k) && k * batches.alt! === e) return { batch: k };
    throw new Error(
      `${what()} is ${formatShape(main)} at batch ${batches.main} and ${formatShape(alt)} at batch ${batches.alt}: size ${i} is not a multiple of the batch; ` +
        'ONNX export supports sizes that are constants or k·batch — export with a fixed batch (options.batch)',
    );
  });
}

/** Sizes as an ONNX value_info dims list: batch-dependent ones symbolic (`N`, or `N*k`). */
export function valueInfoDims(dims: readonly SymDim[], batchName: string): (number | string)[] {
  return dims.map((d) => (typeof d === 'number' ? d : d.batch === 1 ? batchName : `${batchName}*${d.batch}`));
}
