/**
 * What runs the variants of one model: a ladder of ONNX files, one session
 * each (ladder-executor.ts), or one nested any-precision master whose bit
 * width is switched in place (nested-executor.ts). The runtime sees only
 * this interface: pick a variant, run one sample. Switching is explicit so
 * its cost can be measured and charged to the request that caused it.
 */

/** What one `select` cost. */
export interface SwitchCost {
  /** Measured wall time of the switch, s (0 when the variant was already active). */
  readonly switchS: number;
  /** True when the switch loaded something (a session created, weights read); false for an in-place switch. */
  readonly cold: boolean;
}

export interface VariantExecutor {
  /** The variants it can run: the runtime's action space. */
  readonly variantIds: readonly string[];
  /** One sample's input shape, no batch axis; every variant takes it. */
  readonly inputShape: readonly number[];
  /** The active variant; null before the first `select`. */
  readonly activeId: string | null;
  /**
   * The variant's measured quality (the ladder's top-1 on its validation
   * set), the per-request accuracy proxy; null when it was not measured.
   */
  qualityOf(variantId: string): number | null;
  /** Makes `variantId` the active variant; an unknown id is a RangeError naming the known ones. */
  select(variantId: string): Promise<SwitchCost>;
  /** Runs the active variant on one sample; the returned array belongs to the caller. */
  run(input: Float32Array): Promise<Float32Array>;
  /**
   * Optional: `run(input).then(onOutput, onError)` in one promise step
   * instead of two. An executor whose backend resolves to something other
   * than the output (a session's fetches) takes the output out in the
   * step that receives it and hands it straight on; EdgeRuntime serves
   * through this when present. One then() on onnxruntime's promise cost
   * 0.20–0.26 µs next to a 12.4 µs cnn1d inference (interleaved with the
   * bare call, paired medians of 1,500 rounds).
   */
  runThen?<T>(input: Float32Array, onOutput: (output: Float32Array) => T | PromiseLike<T>, onError: (error: unknown) => T | PromiseLike<T>): Promise<T>;
  /** Releases sessions; the executor is unusable afterwards. */
  close(): Promise<void>;
}

/** Seconds from a monotonic host clock; executors time their switches with it. */
export type WallClockS = () => number;

export const hostSeconds: WallClockS = () => performance.now() / 1000;

export function unknownVariantError(who: string, variantId: unknown, known: readonly string[]): RangeError {
  return new RangeError(`${who}: unknown variant ${JSON.stringify(variantId)}; this executor runs ${known.map((k) => `"${k}"`).join(', ')}`);
}

/** The element count of one sample of `shape`. */
export function sampleSize(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}
