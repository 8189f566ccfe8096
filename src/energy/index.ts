/**
 * edgewatt/energy: device profiles, the energy model, its calibration
 * against published measurements, meters, batteries and harvesting
 * (docs/energy-model.md).
 */
export { type Meter, type MeterScope, MeterError } from './meter.js';
export { type EnergyStore, IdealEnergyStore } from './energy-store.js';
export { type HarvestSource, NO_HARVEST } from './harvest-source.js';
export type { InferenceCost } from './inference-cost.js';
export { PRECISIONS, OP_CLASSES_WITH_MACS, type Precision, type MacOpClass } from './profile/precision.js';
export {
  DEVICE_FORMAT, DEVICE_VERSION, deviceProfileSchema,
  type DeviceProfile, type DeviceEngine, type CyclesEngine, type RooflineEngine, type OpPoint, type PublishedResult, type StructureResult, type AggregateWork, type Supply,
} from './profile/device-profile.js';
export { BUILTIN_DEVICES_DIR, builtinDeviceIds, loadDeviceProfile, parseDeviceProfile, readDeviceProfileFile } from './profile/read-device-profile.js';
export { workFromSummary, workFromAggregate, workFromLadderFigures, macsByPrecision, type InferenceWork, type WorkLayer, type LadderFigures, type WorkFromSummaryOptions } from './work/inference-work.js';
export { estimateInference, engineCycles, rooflineSeconds, UnsupportedPrecisionError, type EstimateOptions, type InferenceEstimate } from './cost/estimate-inference.js';
export { opPointPower, opPointById, type OpPointPower } from './cost/op-point-power.js';
export { memoryFit, type MemoryFit } from './cost/memory-fit.js';
export { supplyScale } from './cost/supply-scale.js';
export { leastSquares } from './calibration/least-squares.js';
export { fitCyclesPerMac, macsByClass, scaleCyclesEngine, type CyclesSample } from './calibration/fit-cycles-engine.js';
export { fitBoardToResult, type BoardFit } from './calibration/fit-board.js';
export { calibrationReport, type CalibrationRow } from './calibration/calibration-report.js';
export * from './battery/index.js';
export * from './solar/index.js';
export {
  RaplMeter, HwmonMeter, PowerSupplyMeter, NvmlMeter, ModelMeter, FallbackMeter, detectMeters,
  type DetectMetersOptions, type DetectedMeters,
} from './meters/index.js';
export * from './radio/index.js';
