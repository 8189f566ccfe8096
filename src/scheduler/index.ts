/**
 * edgewatt/scheduler (tier 3): task workloads (workload/), forecasters of
 * arrival rate and harvest power (forecast/), the device twin that serves a
 * workload on a device profile in virtual time (sim/), and the baseline
 * policies (baselines/) the energy-aware scheduler is measured against, the
 * offline oracle (oracle/), the evaluation (eval/) and the RL core (rl/: DQN
 * trained on the engine, a fast greedy policy for deployment).
 */
export * from './workload/index.js';
export * from './forecast/index.js';
export * from './sim/index.js';
export * from './baselines/index.js';
export * from './oracle/index.js';
export { estimate, studentT975 } from './eval/estimate.js';
export { runScenario, type RunScenarioOptions } from './eval/run-scenario.js';
export { scenarioSchema, type Scenario, type ScenarioDevice, type WorkloadSpec } from './eval/scenario.js';
export { buildPolicy, HEURISTICS, POLICY_NAMES, topAction, type PolicyName } from './eval/policies.js';
export { headline, bestHeuristicName } from './eval/headline.js';
export type { DeviceRun, Estimate, EvaluationResult, Headline, PolicyMetrics, PolicyRun, PolicyTrace } from './eval/evaluation-result.js';
export * from './rl/index.js';
export * from './rl-policy/index.js';
