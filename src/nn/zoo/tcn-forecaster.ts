/**
 * A small temporal convolutional forecaster (Bai, Kolter & Koltun 2018,
 * "An Empirical Evaluation of Generic Convolutional and Recurrent Networks
 * for Sequence Modeling"): dilated convolutions whose receptive field
 * doubles per level, over the last `inputLength` readings [C, L], then a
 * dense layer to the next `horizon` readings of every channel at once
 * (the direct multi-output strategy, no feedback of its own errors).
 *
 *   level i: conv1d k3 dilation 2^i, no padding (W) + BN + ReLU
 *   flatten → Linear → [C · horizon], reshaped by the caller to [C, horizon]
 *
 * Unpadded ("valid") convolutions are causal by construction when the
 * window ends at the present: every output sees only past readings, and no
 * padded zeros enter at the recent end. Receptive field 1 + 2·(2^levels − 1).
 */
import { Conv1d } from '../layers/conv1d.js';
import { BatchNorm1d } from '../layers/batch-norm.js';
import { ReLU } from '../layers/activations.js';
import { Linear } from '../layers/linear.js';
import { Flatten } from '../layers/reshape.js';
import { Sequential } from '../layers/sequential.js';
import { modelRng, requireInt, resolveConfig, ZooModel } from './zoo-model.js';

export type TcnForecasterConfig = {
  inputChannels: number;
  /** Readings of history the model sees. */
  inputLength: number;
  /** Readings predicted per channel. */
  horizon: number;
  /** Channels of every level. */
  width: number;
  /** Dilated levels (dilations 1, 2, 4, ...). */
  levels: number;
  seed: number;
};

export const tcnForecasterDefaults: TcnForecasterConfig = { inputChannels: 1, inputLength: 64, horizon: 8, width: 16, levels: 4, seed: 0 };

const KERNEL = 3;

/** Readings of history one output of the dilated stack sees. */
export function tcnReceptiveField(levels: number): number {
  return 1 + (KERNEL - 1) * (2 ** levels - 1);
}

export function tcnForecaster(config: Partial<TcnForecasterConfig> = {}): ZooModel<TcnForecasterConfig> {
  const who = 'tcnForecaster';
  const c = resolveConfig(who, tcnForecasterDefaults, config);
  const cin = requireInt(who, c, 'inputChannels');
  const length = requireInt(who, c, 'inputLength');
  const horizon = requireInt(who, c, 'horizon');
  const width = requireInt(who, c, 'width');
  const levels = requireInt(who, c, 'levels');
  requireInt(who, c, 'seed', 0);
  const field = tcnReceptiveField(levels);
  if (length < field) throw new RangeError(`${who}: inputLength (${length}) must be at least the receptive field of ${levels} levels (${field})`);
  const rng = modelRng(c);
  const stages: Record<string, Sequential | Flatten | Linear> = {};
  for (let i = 0; i < levels; i++) {
    stages[`level${i}`] = new Sequential({
      conv: new Conv1d(i === 0 ? cin : width, width, KERNEL, { dilation: 2 ** i, rng }),
      bn: new BatchNorm1d(width),
      relu: new ReLU(),
    });
  }
  stages['flatten'] = new Flatten();
  stages['head'] = new Linear(width * (length - field + 1), cin * horizon, { rng });
  return new ZooModel({ name: who, config: c }, [cin, length], stages);
}
