/**
 * What every zoo model shares: it is a Sequential of named stages that also
 * remembers how it was built (`spec`: registry name and full config), so a
 * checkpoint can store `{ name, config }` and `createModel` can rebuild the
 * architecture before loading the weights.
 */
import { Rng } from '../../engine/index.js';
import type { Module } from '../module.js';
import { Sequential } from '../layers/sequential.js';

/** Zoo configs are flat records of numbers, so they store in JSON as they are. */
export type ZooConfig = Record<string, number>;

export interface ModelSpec<C extends ZooConfig = ZooConfig> {
  /** Registry name (`resnet8`). */
  name: string;
  /** Every option, defaults filled in. */
  config: C;
}

export class ZooModel<C extends ZooConfig = ZooConfig> extends Sequential {
  constructor(
    readonly spec: ModelSpec<C>,
    /** Shape of one input sample (no batch axis), e.g. [3, 32, 32]. */
    readonly inputShape: readonly number[],
    stages: Readonly<Record<string, Module>>,
  ) {
    super(stages);
  }

  override get typeName(): string {
    return this.spec.name;
  }
}

/**
 * Fills `given` over `defaults`, rejecting unknown keys (listing the known
 * ones) and values that are not finite numbers, so a typo in a config file is
 * an error rather than a silently ignored option.
 */
export function resolveConfig<C extends ZooConfig>(model: string, defaults: C, given: Readonly<Record<string, unknown>>): C {
  const known = Object.keys(defaults);
  const out: ZooConfig = { ...defaults };
  for (const [k, v] of Object.entries(given)) {
    if (!known.includes(k)) throw new RangeError(`${model}: unknown config option "${k}"; known options: ${known.join(', ')}`);
    if (v === undefined) continue;
    if (typeof v !== 'number' || !Number.isFinite(v)) throw new TypeError(`${model}: config option "${k}" must be a finite number, got ${JSON.stringify(v)}`);
    out[k] = v;
  }
  return out as C;
}

/** Throws unless config[key] is an integer >= min. */
export function requireInt(model: string, config: ZooConfig, key: string, min = 1): number {
  const v = config[key]!;
  if (!Number.isInteger(v) || v < min) throw new RangeError(`${model}: config option "${key}" must be an integer >= ${min}, got ${v}`);
  return v;
}

/** The generator all of a model's layers draw their initial weights from, in construction order. */
export function modelRng(config: ZooConfig): Rng {
  return new Rng(config['seed'] ?? 0);
}
