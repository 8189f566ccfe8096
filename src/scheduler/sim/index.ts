export { actionId, twinActions, type TwinAction, type TwinActionOptions, type TwinActionSpace } from './twin-actions.js';
export { ModelledExecutor, TWIN_INPUT_SHAPE, type ModelledExecutorOptions } from './modelled-executor.js';
export { corePointAfter, dvfsSwitchS } from './dvfs-transition.js';
export { simulateTwin, type TwinOptions, type TwinResult, type TwinTrace } from './device-twin.js';
