/** The model zoo: MLPerf Tiny reference models and small IoT sensor models. */
export { ZooModel, resolveConfig, type ModelSpec, type ZooConfig } from './zoo-model.js';
export { resnet8, resnet8Defaults, type ResNet8Config } from './resnet8.js';
export { dscnn, dscnnDefaults, type DsCnnConfig } from './dscnn.js';
export { fcAutoencoder, fcAutoencoderDefaults, type FcAutoencoderConfig } from './fc-autoencoder.js';
export { cnn1d, cnn1dDefaults, type Cnn1dConfig } from './cnn1d.js';
export { convAutoencoder1d, convAutoencoder1dDefaults, type ConvAutoencoder1dConfig } from './conv-autoencoder1d.js';
export { zoo, createModel, isZooName, type ZooName } from './registry.js';
export { SensorVae, sensorVae, sensorVaeDefaults, type SensorVaeConfig } from './sensor-vae.js';
export { tcnForecaster, tcnForecasterDefaults, tcnReceptiveField, type TcnForecasterConfig } from './tcn-forecaster.js';
