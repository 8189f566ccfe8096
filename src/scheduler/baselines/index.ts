export { staticPolicy } from './static-policy.js';
export { BatteryThresholdGovernor, type BatteryThresholdOptions } from './battery-threshold-governor.js';
export { RaceToIdleGovernor, SCHEDUTIL_HEADROOM, SchedutilGovernor, type OpPointFrequency } from './dvfs-governors.js';
