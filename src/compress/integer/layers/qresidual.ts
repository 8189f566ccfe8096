/**
 * A quantized residual block: y = act(main(x) + shortcut(x)) with the
 * addition and its activation done by quantizedAdd (TFLite's int8 Add). The
 * branches are children under the float model's names (`main`, `shortcut`),
 * so paths stay those of the float model.
 */
import { formatShape, shapesEqual, tidy, type Shape, type Tensor } from '../../../engine/index.js';
import { Module, type LayerCost } from '../../../nn/index.js';
import type { Switchable } from '../precision-state.js';
import { prepareAdd, quantizedAddPrepared, type AddParams, type PreparedAdd } from './quantized-add.js';

export class QResidual extends Module {
  /** Requantize options per parameter set, built once; a nested model's width switch picks another entry. */
  private readonly prepared = new Map<AddParams, PreparedAdd>();

  constructor(
    main: Module,
    shortcut: Module | null,
    /** a: the main path's output, b: the shortcut's. */
    readonly params: Switchable<AddParams>,
  ) {
    super();
    this.child('main', main);
    if (shortcut) this.child('shortcut', shortcut);
    for (const [, p] of params.variants) this.prepared.set(p, prepareAdd(p));
  }

  get main(): Module {
    return this.childNamed('main')!;
  }

  get shortcut(): Module | null {
    return this.childNamed('shortcut') ?? null;
  }

  forward(x: Tensor): Tensor {
    const y = this.main.call(x);
    const s = this.shortcut ? this.shortcut.call(x) : x;
    if (!shapesEqual(y.shape, s.shape)) {
      throw new RangeError(`${this.label}: the main path gives ${formatShape(y.shape)} but the shortcut gives ${formatShape(s.shape)}`);
    }
    const p = this.params.current;
    const q = this.prepared.get(p) ?? prepareAdd(p);
    return tidy(() => quantizedAddPrepared(y, s, q));
  }

  /** The addition: one op per element (the branches are counted on their own). */
  override cost(_inputShape: Shape, outputShape: Shape): LayerCost {
    return { macs: 0, ops: outputShape.reduce((a, b) => a * b, 1) };
  }
}
