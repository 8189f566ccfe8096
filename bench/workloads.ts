/**
 * The workloads both sides of every comparison run, in one place so the
 * Edgewatt and TensorFlow.js contenders cannot drift apart. Sizes and goals
 * come from the project issue that defines the benchmark suite.
 */

/** Square GEMM sizes (M = N = K): one that fits in L2, one that does not. */
export const GEMM_SIZES = [256, 1024] as const;

/** Training batch of the issue's goal (ResNet-8, forward + backward + SGD step). */
export const TRAIN_BATCH = 64;
/**
 * --quick batch for the comparison with tfjs-cpu. Its JavaScript
 * Conv2DBackpropFilter takes ~95% of a step and ~2.3 s per image here (9 s for
 * a batch-4 step in the first runs of this harness, so minutes at batch 64);
 * a warm-up and a timed step at batch 2 fit the one-minute budget. Both
 * contenders run at this batch.
 */
export const QUICK_TRAIN_BATCH = 2;
export const INFER_BATCH = 32;

/**
 * SGD with momentum 0.9 and learning rate 0.01 on both sides: the optimizer's
 * cost is part of the step being timed, so both must do the same update.
 * Momentum 0.9 is the usual ResNet setting (He et al., 2016, §3.4).
 */
export const TRAIN_LR = 0.01;
export const TRAIN_MOMENTUM = 0.9;

/** ResNet-8 input in the MLPerf Tiny reference: CIFAR-10 sized images. */
export const IMAGE_HW = 32;
export const CLASSES = 10;

/**
 * Memory flatness: the issue asks that a training loop's resident set not grow
 * over 1,000 steps, on a small model — ResNet-8 at 8×8 inputs, batch 4, so
 * 1,000 steps take seconds. RSS is read every RSS_SAMPLE_EVERY steps.
 *
 * The judged window is the second half, step 500 to 1000. The issue's example
 * window starts at step 100. With Node's defaults RSS rose in steps of 8 and
 * 16 MiB whenever V8 doubled its young generation (new_space 8 → 16 → 32 MiB
 * resident), the last doubling anywhere from step 450 to 550, while the V8
 * heap used, the WebAssembly memory and the engine's buffer pool stayed flat:
 * V8 sizing its nursery, not a leak, and it made the step 500-1000 figure
 * 0.7-8.5 MiB depending on which side of step 500 it fell (2026-11-22, 8
 * runs each of two commits). The child now starts with the young generation
 * at its final 16 MiB semi-spaces (RSS_CHILD_NODE_FLAGS in suites/memory.ts),
 * so RSS settles within the first 50 steps; the second half is kept as the
 * judged window because a leak is steady growth that it shows as well. The
 * step-100 figure is still reported in the row's note.
 */
export const RSS_STEPS = 1000;
export const RSS_FROM_STEP = 500;
export const RSS_ISSUE_FROM_STEP = 100;
export const RSS_SAMPLE_EVERY = 50;
export const RSS_BATCH = 4;
export const RSS_IMAGE_HW = 8;

/**
 * Quoted, not measured: the issue states PyTorch 1.13 on one CPU core of
 * this machine trains ResNet-8 at batch 64 at about 420 images/s. This harness
 * cannot run PyTorch (no Python stack here), so the figure is only cited.
 */
export const PYTORCH_TRAIN_QUOTE = 'PyTorch 1.13 CPU, one core: ~420 images/s at batch 64 — quoted in the project issue, not measured by this harness';
