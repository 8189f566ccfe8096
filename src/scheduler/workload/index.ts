/** Task arrival generators: periodic sensing, bursty diurnal Poisson (MMPP by thinning), real-data events (MIT-BIH, NAB), merge and summary. */
export { checkTask, compareTasks, type Task, type TaskTemplate } from './task.js';
export { periodicTasks, type PeriodicOptions } from './periodic.js';
export { exponentialS, thinPoisson } from './thinning.js';
export { SECONDS_PER_DAY, checkDiurnalProfile, diurnalExpectedCount, diurnalPeakRatePerS, diurnalRatePerS, type DiurnalProfile } from './diurnal-rate.js';
export { burstStationaryProbability, sampleBurstIntervals, type BurstInterval, type BurstProcessOptions } from './burst-process.js';
export { expectedPoissonBurstCount, poissonBurstTasks, poissonBurstWorkload, type PoissonBurstOptions, type PoissonBurstWorkload } from './poisson-burst.js';
export { abnormalBeatTasks, type AbnormalBeatOptions } from './abnormal-beats.js';
export { nabAnomalyTasks, type NabAnomalyOptions, type NabTaskMode } from './nab-anomalies.js';
export { mergeWorkloads } from './merge.js';
export { summarizeWorkload, type WorkloadSummary } from './summary.js';
