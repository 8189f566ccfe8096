/**
 * The model registry: name -> factory. A checkpoint stores a model's
 * `spec` ({ name, config }); `createModel(spec.name, spec.config)` rebuilds
 * the same architecture to load the weights into.
 */
import { cnn1d } from './cnn1d.js';
import { convAutoencoder1d } from './conv-autoencoder1d.js';
import { dscnn } from './dscnn.js';
import { fcAutoencoder } from './fc-autoencoder.js';
import { resnet8 } from './resnet8.js';
import { sensorVae } from './sensor-vae.js';
import { tcnForecaster } from './tcn-forecaster.js';
import type { ZooModel } from './zoo-model.js';

export const zoo = {
  resnet8,
  dscnn,
  fcAutoencoder,
  cnn1d,
  convAutoencoder1d,
  sensorVae,
  tcnForecaster,
} as const satisfies Record<string, (config?: Record<string, number>) => ZooModel>;

export type ZooName = keyof typeof zoo;

export function isZooName(name: string): name is ZooName {
  return Object.prototype.hasOwnProperty.call(zoo, name);
}

/**
 * Builds the registered model `name` from a (possibly partial) config.
 * Unknown names and unknown config options are errors that list the known ones.
 */
export function createModel(name: string, config: Readonly<Record<string, unknown>> = {}): ZooModel {
  if (!isZooName(name)) throw new RangeError(`createModel: unknown model "${name}"; known models: ${Object.keys(zoo).join(', ')}`);
  // The factory validates every option (resolveConfig), so the cast only widens the static type.
  return (zoo[name] as (c: Readonly<Record<string, unknown>>) => ZooModel)(config);
}
