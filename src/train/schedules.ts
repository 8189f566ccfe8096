/**
 * Learning-rate schedules as pure functions of the optimizer step (0-based).
 * A schedule holds no state, so resuming from a checkpoint needs only the
 * step number, and a schedule can be plotted or tested point by point.
 *
 * Arguments are checked when a schedule is built; a step that is negative or
 * not finite is a caller bug and throws.
 */
export type LrSchedule = (step: number) => number;

/** The same rate at every step. */
export function constantLr(lr: number): LrSchedule {
  assertRate(lr, 'constantLr: lr');
  return (step) => {
    assertStep(step, 'constantLr');
    return lr;
  };
}

export interface StepLrOptions {
  /** Rate for steps [0, stepSize). */
  base: number;
  /** Steps between decays (a positive integer). */
  stepSize: number;
  /** Multiplier applied every `stepSize` steps, > 0 (usually < 1, e.g. 0.1). */
  gamma: number;
}

/**
 * Step decay: `base * gamma ^ floor(step / stepSize)` — the schedule of the
 * ResNet paper (He et al., 2016, "divided by 10 when the error plateaus"),
 * as in PyTorch's StepLR.
 */
export function stepLr({ base, stepSize, gamma }: StepLrOptions): LrSchedule {
  assertRate(base, 'stepLr: base');
  if (!Number.isSafeInteger(stepSize) || stepSize <= 0) {
    throw new RangeError(`stepLr: stepSize must be a positive integer, got ${stepSize}`);
  }
  if (!Number.isFinite(gamma) || gamma <= 0) throw new RangeError(`stepLr: gamma must be a finite number > 0, got ${gamma}`);
  return (step) => {
    assertStep(step, 'stepLr');
    return base * gamma ** Math.floor(step / stepSize);
  };
}

export interface CosineLrOptions {
  /** Rate at step 0. */
  base: number;
  /** Step at which the rate reaches `min` (a positive integer). */
  totalSteps: number;
  /** Floor of the schedule, 0 <= min <= base (default 0). */
  min?: number;
}

/**
 * Cosine annealing without restarts (Loshchilov & Hutter, "SGDR: Stochastic
 * Gradient Descent with Warm Restarts", ICLR 2017, eq. 5 with a single cycle):
 *
 *   lr(t) = min + (base - min) * (1 + cos(pi * t / totalSteps)) / 2
 *
 * Past `totalSteps` the rate stays at `min` (a run that overshoots its plan
 * keeps the final rate rather than climbing back up the cosine).
 */
export function cosineLr({ base, totalSteps, min = 0 }: CosineLrOptions): LrSchedule {
  assertRate(base, 'cosineLr: base');
  assertRate(min, 'cosineLr: min');
  if (min > base) throw new RangeError(`cosineLr: min (${min}) must not exceed base (${base})`);
  if (!Number.isSafeInteger(totalSteps) || totalSteps <= 0) {
    throw new RangeError(`cosineLr: totalSteps must be a positive integer, got ${totalSteps}`);
  }
  return (step) => {
    assertStep(step, 'cosineLr');
    if (step >= totalSteps) return min;
    return min + ((base - min) * (1 + Math.cos((Math.PI * step) / totalSteps))) / 2;
  };
}

export interface WarmupOptions {
  /** Number of warm-up steps (a non-negative integer; 0 disables warm-up). */
  steps: number;
  /**
   * Fraction of the scheduled rate used at step 0, in (0, 1]. Default 1/3, as
   * PyTorch's LinearLR. Goyal et al. start at 1/k for a k-times larger batch.
   */
  startFactor?: number;
}

/**
 * Linear warm-up (Goyal et al., "Accurate, Large Minibatch SGD: Training
 * ImageNet in 1 Hour", 2017, §2.2 "gradual warmup"): during the first `steps`
 * steps the rate of `schedule` is scaled by a factor rising linearly from
 * `startFactor` to 1; afterwards `schedule` applies unchanged.
 *
 * The wrapped schedule sees the absolute step, as in Goyal et al., whose
 * decays at epochs 30/60/80 count from the start of training, warm-up
 * included — so wrapping never shifts where a decay happens.
 */
export function warmup(schedule: LrSchedule, { steps, startFactor = 1 / 3 }: WarmupOptions): LrSchedule {
  if (typeof schedule !== 'function') throw new TypeError('warmup: schedule must be a function of the step');
  if (!Number.isSafeInteger(steps) || steps < 0) {
    throw new RangeError(`warmup: steps must be a non-negative integer, got ${steps}`);
  }
  if (!Number.isFinite(startFactor) || startFactor <= 0 || startFactor > 1) {
    throw new RangeError(`warmup: startFactor must be in (0, 1], got ${startFactor}`);
  }
  return (step) => {
    assertStep(step, 'warmup');
    const lr = schedule(step);
    if (step >= steps) return lr;
    return lr * (startFactor + ((1 - startFactor) * step) / steps);
  };
}

function assertRate(x: number, what: string): void {
  if (!Number.isFinite(x) || x < 0) throw new RangeError(`${what} must be a finite number >= 0, got ${x}`);
}

function assertStep(step: number, what: string): void {
  if (!Number.isFinite(step) || step < 0) {
    throw new RangeError(`${what}: step must be a finite number >= 0, got ${step}`);
  }
}
