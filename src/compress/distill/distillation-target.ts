/**
 * What the Trainer trains during distillation: the student and the hint
 * adapters, seen as one model whose forward pass is the student's.
 *
 * It is a structural `TrainableModel`, not a Module with the student as a
 * child: registering the student as a child would re-root its paths
 * (`student.stack2.main.conv1`), and those paths stay in its parameter
 * names and error labels (and ONNX node names) after distillation. This
 * wrapper leaves the student exactly as it was given.
 */
import type { Tensor } from '../../engine/index.js';
import type { Module } from '../../nn/index.js';
import type { TrainableModel } from '../../train/index.js';

export class DistillationTarget implements TrainableModel {
  constructor(
    readonly student: Module,
    readonly adapters: readonly Module[],
  ) {}

  call(x: Tensor): Tensor {
    return this.student.call(x);
  }

  train(): this {
    this.student.train();
    for (const a of this.adapters) a.train();
    return this;
  }

  eval(): this {
    this.student.eval();
    for (const a of this.adapters) a.eval();
    return this;
  }

  /** The student's parameters, then each adapter's: everything the optimizer updates. */
  parameters(): Tensor[] {
    return [...this.student.parameters(), ...this.adapters.flatMap((a) => a.parameters())];
  }

  /** The student's state alone: a checkpoint saved while distilling loads into the student's architecture. */
  stateDict(): Map<string, Tensor> {
    return this.student.stateDict();
  }
}
