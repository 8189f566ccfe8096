/**
 * edgewatt/runtime: serve a precision ladder or a nested any-precision
 * model on a device, one request at a time, choosing the variant per
 * request from the battery, the harvest, the queue and the request's
 * criticality, and accounting the energy of every request.
 *
 *   const executor = LadderExecutor.open('ladder/');
 *   const runtime = new EdgeRuntime({ executor, costOf, idlePowerW: 0.002, onEvent: jsonLinesWriter(process.stdout) });
 *   runtime.submit(createRequest({ id: 'w1', input, arrivalS: runtime.nowS, relativeDeadlineS: 0.5 }));
 *   await runtime.drain();
 */
export { EdgeRuntime, type DrainResult } from './edge-runtime.js';
export { modelEnergyJ, VariantCatalog, type VariantEntry } from './variant-catalog.js';
export { MeterTap } from './meter-tap.js';
export { DEFAULT_FORECAST_HORIZON_S, DEFAULT_STORE_CAPACITY_J, type EdgeRuntimeOptions } from './edge-runtime-options.js';
export { CRITICALITIES, checkRequest, createRequest, type Criticality, type InferenceRequest, type RequestInit } from './request.js';
export { ARRIVAL_EWMA_ALPHA, RequestQueue } from './request-queue.js';
export { VirtualClock, wallClock, type RuntimeClock } from './clock.js';
export { hostSeconds, sampleSize, unknownVariantError, type SwitchCost, type VariantExecutor, type WallClockS } from './executor.js';
export { SessionExecutor, type SessionExecutorOptions, type SessionVariant } from './session-executor.js';
export { checkLadderInputShapes, LadderExecutor, type LadderExecutorOptions, type LoadedLadder } from './ladder-executor.js';
export { NestedExecutor, nestedVariantId, type NestedExecutorOptions } from './nested-executor.js';
export { VirtualTimeExecutor, type VirtualTimeOptions } from './virtual-time-executor.js';
export {
  ActionSpace,
  DEFAULT_MAX_DEFER_S,
  type CandidateVariant,
  type Controller,
  type ControllerAction,
  type ControllerState,
  type RequestOutcome,
} from './controller.js';
export {
  ADAPTIVE_PRECISION_DEFAULTS,
  AdaptivePrecisionController,
  decideAdaptivePrecision,
  energyLadder,
  highestQuality,
  resolveAdaptivePrecisionOptions,
  type AdaptivePrecisionOptions,
} from './adaptive-precision-controller.js';
export { activePowerW, energyPressure, ramp, type EnergyPressure, type PressureThresholds } from './energy-pressure.js';
export { DEFAULT_HARVEST_STEP_S, EnergyLedger, type EnergyTotals } from './energy-ledger.js';
export {
  jsonLinesWriter,
  type DeferredEvent,
  type DepletedEvent,
  type DroppedEvent,
  type MeterFallbackEvent,
  type RequestEvent,
  type RuntimeEvent,
  type TextSink,
} from './request-event.js';
export { nearestRankPercentile, RuntimeSummary, type RuntimeSummarySnapshot, type VariantTally } from './runtime-summary.js';
export { replayRequests, type ReplayResult } from './stream-replay.js';
export { replayRealtime, type RealtimeReplayOptions } from './realtime-replay.js';
export { channelColumns, sensorRequests, type SensorReadings, type SensorRequestOptions, type SensorRequests } from './sensor-requests.js';
export { ladderDeviceCosts, type DeviceCostOptions, type DeviceCosts, type VariantDeviceCost } from './device-costs.js';
export { MEASURED_COSTS_FORMAT, parseMeasuredCosts, readMeasuredCosts, withMeasuredCosts, type MeasuredCosts } from './measured-costs.js';
export { FixedVariantController } from './fixed-variant-controller.js';
export { findNestedMaster, nestedMasterQuality, openNestedMaster, openNestedMasterWithModel, type OpenedNestedMaster, type OpenNestedMasterOptions } from './nested-master.js';
