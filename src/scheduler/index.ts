/**
 * edgewatt/scheduler (tier 3): task workloads (workload/), forecasters of
 * arrival rate and harvest power (forecast/), the device twin that serves a
 * workload on a device profile in virtual time (sim/), and the baseline
 * policies (baselines/) the energy-aware scheduler is measured against.
 */
export * from './workload/index.js';
export * from './forecast/index.js';
export * from './sim/index.js';
export * from './baselines/index.js';
