/**
 * edgewatt/scheduler RL scheduler (tier 3): the RL core (../rl) applied to
 * the device twin — the observation and reward, the twin as a synchronous
 * environment, training, and the trained policy as the runtime's
 * Controller. See docs/scheduler-rl.md, "The RL scheduler".
 */
export { opPointOf, rlActionSpace, type RlActionInput, type RlActionSpace } from './rl-action-space.js';
export { OBSERVATION_FIELDS, OBSERVATION_NORMALISER, OBSERVATION_SIZE, observationOf, SINCE_SWITCH_CLIP_S, SLACK_LOG_SCALE, UTILISATION_CLIP, type ObservationField } from './observation.js';
export {
  CRITICAL_QUALITY_WEIGHT, DEADLINE_MARGIN, DEFAULT_MAX_QUALITY_LOSS, MIN_QUALITY_WEIGHT, QUALITY_BUDGET_RESERVE, QUALITY_PRICE_MARGIN,
  qualityPriceFloor, reward, rewardOptionsFor, type RewardChoice, type RewardInput, type RewardOptions,
} from './reward.js';
export { TwinEnvironment, type TwinEnvironmentOptions, type TwinEnvironmentTotals } from './twin-environment.js';
export { loadRlController, RlController, saveRlPolicy } from './rl-controller.js';
export { RL_TRAINING_DEFAULTS, trainRlPolicy, type RlTrainingResult, type RlTrainingSpec } from './train-rl-policy.js';
export { referenceAction, RL_EVAL_MAX_SECONDS, RL_TRAINING_SEEDS, rlPolicyFor, type RlPolicy, type RlPolicyOptions } from './rl-policy-for.js';
export { OnlineRlController, onlineOptionsFor, saveOnlineRlPolicy } from './online-rl-controller.js';
export {
  forwardMacs, ONLINE_LEARNER_FIXED, ONLINE_RL_DEFAULTS, onlineRlMemory, resolveOnlineRlOptions, updateMacs,
  type OnlineLearnIn, type OnlineRlMemory, type OnlineRlOptions, type ResolvedOnlineRlOptions,
} from './online-rl-options.js';
export { chainBytesPerTransition, TransitionChain, type TransitionChainOptions } from './transition-chain.js';
