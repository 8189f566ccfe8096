/**
 * edgewatt/scheduler (tier 3), foundations: task workloads (workload/) and
 * forecasters of arrival rate and harvest power (forecast/) for the
 * energy-aware scheduler's state.
 */
export * from './workload/index.js';
export * from './forecast/index.js';
