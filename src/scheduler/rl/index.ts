/**
 * edgewatt/scheduler RL core (tier 3), generic over environments: the
 * environment contract, experience replay, the Q-network and its
 * allocation-free greedy path, double DQN, and the policy file the
 * runtime loads. See docs/scheduler-rl.md.
 */
export { allowedActionCount, firstAllowedAction, type ActionMask, type Environment, type StepResult } from './environment.js';
export { checkNormaliser, identityNormaliser, normaliseInto, type ObservationNormaliser } from './observation-normaliser.js';
export { ReplayBuffer, type ReplayBatch, type ReplayBufferOptions, type ReplaySource } from './replay-buffer.js';
export { NStepAccumulator, type TransitionSink } from './n-step.js';
export { buildQNetwork, checkQNetworkConfig, copyWeightsInto, denseLayersOf, linearLayers, updateTargetNetwork, type DenseLayer, type QNetworkConfig } from './q-network.js';
export { GreedyPolicy, checkLayerChain, denseForward, maskedArgmax } from './greedy-policy.js';
export { tdTargets, type TargetInputs } from './td-target.js';
export { huberLoss } from './huber-loss.js';
export { clipGradNorm } from './grad-clipping.js';
export { DQN_DEFAULTS, epsilonAt, resolveDqnOptions, type DqnOptions, type ResolvedDqnOptions } from './dqn-options.js';
export { DqnLearner, type DqnLearnerOptions } from './dqn-learner.js';
export { trainDqn, type DqnAgent, type DqnResult, type EpisodeCallback, type EpisodeRecord } from './dqn.js';
export { loadPolicy, parsePolicyJson, savePolicy, POLICY_FORMAT, POLICY_JSON_FILE, POLICY_VERSION, POLICY_WEIGHTS_FILE, type LoadedPolicy, type PolicyExpectation, type PolicyMetadata, type SavePolicyOptions } from './policy-file.js';
