/**
 * A branch that only training uses, kept inside a model so its weights are
 * saved, loaded and optimised with the rest, but absent from inference: in a
 * Sequential it passes its input through untouched, the integer path and the
 * ONNX export see nothing (no node, no cost in the summary, which only counts
 * modules that run).
 *
 * The case it exists for: a VAE's log-variance head (Kingma & Welling 2014,
 * "Auto-Encoding Variational Bayes"). Training samples z ~ N(μ, σ²) and
 * needs σ; inference (anomaly scores, reconstructions, imputation) runs the
 * mean path encoder → μ → decoder, which is then one plain chain that
 * quantizes and exports like any other model.
 */
import type { Tensor } from '../../engine/index.js';
import { Module } from '../module.js';

export class TrainingOnly<M extends Module = Module> extends Module {
  constructor(readonly head: M) {
    super();
    this.child('head', head);
  }

  /** Identity: the head runs only where training code calls `head` itself. */
  forward(x: Tensor): Tensor {
    return x;
  }
}
