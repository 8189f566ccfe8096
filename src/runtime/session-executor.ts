/**
 * Variants as inference sessions (src/interop/session), one per variant,
 * each opened on the first `select` of its variant and kept: the first
 * switch to a variant costs the session's creation (parsing the model,
 * onnxruntime's graph optimisation and weight pre-packing), which is the
 * real cost of switching on a device that cannot hold every variant warm
 * from the start; later switches cost a pointer assignment. The ladder
 * executor is this over the files of a ladder folder; the overhead
 * benchmark uses it directly over an existing session.
 */
import type { EdgewattSession } from '../interop/session/session.js';
import type { Fetches } from '../interop/session/types.js';
import { hostSeconds, sampleSize, unknownVariantError, type SwitchCost, type VariantExecutor, type WallClockS } from './executor.js';

export interface SessionVariant {
  readonly id: string;
  /** Measured quality (the accuracy proxy), or null. */
  readonly quality: number | null;
  /** Opens the variant's session; called once, on its first `select`. */
  open(): Promise<EdgewattSession>;
}

/** An opened variant and what run() needs of it, worked out once. */
interface OpenVariant {
  readonly session: EdgewattSession;
  /** The session's runner for one sample (session.runner): name and dims checked when it opened. */
  readonly run: (input: Float32Array) => Promise<Fetches>;
  /** The single output's data from a call's fetches: made once per variant, so a run allocates no closure. */
  readonly output: (fetches: Fetches) => Float32Array;
}

export interface SessionExecutorOptions {
  /** Times switches; default the host's performance.now() in seconds. */
  wallClockS?: WallClockS;
}

export class SessionExecutor implements VariantExecutor {
  readonly variantIds: readonly string[];
  readonly inputShape: readonly number[];
  private readonly byId: ReadonlyMap<string, SessionVariant>;
  private readonly sessions = new Map<string, OpenVariant>();
  private readonly opening = new Map<string, Promise<OpenVariant>>();
  private readonly dims: readonly number[];
  private readonly wall: WallClockS;
  private active: OpenVariant | null = null;
  private activeVariant: string | null = null;
  private closed = false;
  /**
   * The last runThen continuation, wrapped to take the output out of the
   * fetches: EdgeRuntime passes the same one request after request,
   * so the wrapper is made once, not per request (104 B a request on the
   * overhead benchmark's cnn1d path; why bytes matter: drain.ts).
   */
  private relay: { readonly variant: OpenVariant; readonly onOutput: unknown; readonly step: (fetches: Fetches) => unknown } | null = null;

  constructor(variants: readonly SessionVariant[], inputShape: readonly number[], options: SessionExecutorOptions = {}) {
    if (!Array.isArray(variants) || variants.length === 0) throw new RangeError('SessionExecutor: at least one variant is needed');
    if (!Array.isArray(inputShape) || inputShape.length === 0 || !inputShape.every((d) => Number.isInteger(d) && d > 0)) {
      throw new RangeError(`SessionExecutor: inputShape must be positive integers without the batch axis, got ${JSON.stringify(inputShape)}`);
    }
    const byId = new Map<string, SessionVariant>();
    for (const v of variants) {
      if (byId.has(v.id)) throw new RangeError(`SessionExecutor: variant "${v.id}" is listed twice`);
      byId.set(v.id, v);
    }
    this.byId = byId;
    this.variantIds = [...byId.keys()];
    this.inputShape = [...inputShape];
    this.dims = [1, ...inputShape];
    this.wall = options.wallClockS ?? hostSeconds;
    if (sampleSize(inputShape) === 0) throw new RangeError('SessionExecutor: inputShape has no elements');
  }

  get activeId(): string | null {
    return this.activeVariant;
  }

  qualityOf(variantId: string): number | null {
    const v = this.byId.get(variantId);
    if (v === undefined) throw unknownVariantError('SessionExecutor.qualityOf', variantId, this.variantIds);
    return v.quality;
  }

  async select(variantId: string): Promise<SwitchCost> {
    if (this.closed) throw new Error('SessionExecutor.select: the executor was closed');
    const v = this.byId.get(variantId);
    if (v === undefined) throw unknownVariantError('SessionExecutor.select', variantId, this.variantIds);
    const t0 = this.wall();
    let open = this.sessions.get(variantId);
    const cold = open === undefined;
    if (open === undefined) open = await this.openOnce(v);
    this.active = open;
    this.activeVariant = variantId;
    return { switchS: this.wall() - t0, cold };
  }

  /**
   * Not async, and the session's runner, not infer(): each async layer
   * costs a frame and an await per request (0.20 µs and ~400 B a call,
   * against 0.13 µs and ~100 B for a then() with a ready-made callback;
   * Node 20, next to a 12.8 µs cnn1d inference); the name and dims were
   * checked when the session opened.
   */
  run(input: Float32Array): Promise<Float32Array> {
    const v = this.active;
    if (v === null) return Promise.reject(new Error('SessionExecutor.run: no variant selected; call select(variantId) first'));
    return v.run(input).then(v.output);
  }

  /** run(input).then(onOutput, onError) with the output taken out of the fetches in the same promise step. */
  runThen<T>(input: Float32Array, onOutput: (output: Float32Array) => T | PromiseLike<T>, onError: (error: unknown) => T | PromiseLike<T>): Promise<T> {
    const v = this.active;
    if (v === null) return this.run(input).then(onOutput, onError);
    let r = this.relay;
    if (r === null || r.variant !== v || r.onOutput !== onOutput) this.relay = r = { variant: v, onOutput, step: (fetches) => onOutput(v.output(fetches)) };
    return v.run(input).then(r.step as (fetches: Fetches) => T | PromiseLike<T>, onError);
  }

  async close(): Promise<void> {
    this.closed = true;
    this.active = null;
    this.relay = null;
    const open = [...this.sessions.values()];
    this.sessions.clear();
    await Promise.all(open.map((o) => o.session.dispose()));
  }

  /** One open per variant even if two selects race; a failed open is forgotten so a later select retries. */
  private openOnce(v: SessionVariant): Promise<OpenVariant> {
    let p = this.opening.get(v.id);
    if (p === undefined) {
      p = this.open(v).finally(() => this.opening.delete(v.id));
      this.opening.set(v.id, p);
    }
    return p;
  }

  private async open(v: SessionVariant): Promise<OpenVariant> {
    let s: EdgewattSession;
    try {
      s = await v.open();
    } catch (e) {
      throw new Error(`SessionExecutor: cannot open variant "${v.id}": ${e instanceof Error ? e.message : String(e)}`, { cause: e });
    }
    if (s.inputNames.length !== 1 || s.outputNames.length !== 1) {
      await s.dispose();
      throw new RangeError(`SessionExecutor: variant "${v.id}" has ${s.inputNames.length} inputs and ${s.outputNames.length} outputs; the runtime serves one-input, one-output models`);
    }
    const outputName = s.outputNames[0]!;
    let run: (input: Float32Array) => Promise<Fetches>;
    try {
      run = s.runner(s.inputNames[0]!, this.dims);
    } catch (e) {
      await s.dispose();
      throw new RangeError(`SessionExecutor: variant "${v.id}" does not take one sample of [${this.inputShape.join(', ')}]: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
    }
    const open: OpenVariant = { session: s, run, output: (fetches) => fetches[outputName]!.data };
    this.sessions.set(v.id, open);
    return open;
  }
}
