/**
 * A session handler over an onnxruntime `InferenceSession`. onnxruntime-node
 * and onnxruntime-web expose the same session API (both are built on
 * onnxruntime-common's `inference-session.ts`), so one handler serves both;
 * it is typed structurally so this file imports neither package.
 *
 * Memory: `run` wraps the caller's arrays in fresh `ort.Tensor`s, and a
 * prepared run (`prepare`, what the runtime's executors call through
 * `session.runner`) makes one only when it is handed another array than
 * the last: an `ort.Tensor` references its array without copying it
 * (onnxruntime-common tensor-impl.js), so the tensor made for an array is
 * what a fresh one would be for as long as that array is passed, refilled
 * or not. Both return onnxruntime's own output tensors, which onnxruntime
 * makes anew for each call: the tensors themselves when the model declares
 * float32 outputs, else `{ data, dims }` records of them after a type
 * check. Keeping one input tensor and copying each call's values into it
 * was measured and dropped: on the HAR cnn1d a fresh tensor cost 0.10 µs
 * and the copy 0.07 µs over one reused tensor with no copy (paired medians
 * of 600 interleaved rounds). No pre-allocated output
 * (`session.run(feeds, fetches)`) is reused across calls, because a reused
 * output buffer would be overwritten by the next call while the caller still
 * holds the previous result.
 *
 * The direct entry (`{ direct: true }`, which the onnxruntime-node backend
 * passes): onnxruntime-common's `InferenceSession.run` is an async wrapper
 * that checks feeds and fetches, builds a fetches map and an options object,
 * awaits `this.handler.run(feeds, fetches, options)` — the backend's own
 * session handler, onnxruntime-common backend.ts `InferenceSessionHandler`
 * — and copies its results into a new map. The session API has already
 * checked the feeds, so the handler is called here with a fetches map and
 * options made once: the same native call and the same output tensors
 * without the wrapper, which cost 0.3–0.7 µs a call next to a 12.5 µs
 * cnn1d inference (onnxruntime-node 1.30.0, interleaved with the public
 * `run`, paired medians of 1,000–1,500 rounds; bench/runtime/overhead.ts
 * reports both). `handler` is not part of onnxruntime's typed API (the
 * .d.ts declares it private), so it is feature-detected — an object with a
 * `run` function — and the public `run` is used when it is not there.
 *
 * Below that handler is the native session's synchronous `run`, which
 * onnxruntime-node's handler calls an event-loop turn later (`setImmediate`)
 * on the main thread all the same. A session opened by ort-native.ts (the
 * onnxruntime-node backend's, when the binding has what it needs) carries
 * it as `runSync`, and `direct` calls that at the call instead: entry
 * 'native-sync', with the result handed back as a resolved promise and a
 * native error as a rejected one. ort-native.ts says what that leans on.
 */
import type { Feeds, Fetches, InputInfo, SessionHandler, SessionTensor } from '../types.js';

/** The slice of an onnxruntime tensor this handler reads. */
export interface OrtTensorLike {
  readonly type: string;
  readonly data: unknown;
  readonly dims: readonly number[];
}

/** onnxruntime-common `InferenceSession.ValueMetadata` (1.22+), the fields read here. */
export interface OrtValueMetadata {
  readonly name: string;
  readonly isTensor: boolean;
  /** The element type of a tensor value ('float32', ...). */
  readonly type?: string;
  readonly shape?: ReadonlyArray<number | string>;
}

export interface OrtSessionLike {
  readonly inputNames: readonly string[];
  readonly outputNames: readonly string[];
  readonly inputMetadata?: readonly OrtValueMetadata[];
  readonly outputMetadata?: readonly OrtValueMetadata[];
  run(feeds: Record<string, OrtTensorLike>): Promise<Record<string, OrtTensorLike>>;
  /**
   * The native session's own synchronous run, where the session is one of
   * ort-native.ts (not onnxruntime's API): `direct` then calls it at the call.
   */
  runSync?(feeds: Record<string, OrtTensorLike>, fetches: Record<string, null>, options: object): Record<string, OrtTensorLike>;
  release(): Promise<void>;
}

export type OrtTensorConstructor = new (type: 'float32', data: Float32Array, dims: readonly number[]) => OrtTensorLike;

/**
 * Declared input dims from onnxruntime's metadata. A symbolic dimension (a
 * string such as "N") is free; an empty shape means "not declared"
 * (inference-session.ts: "If the shape is not defined, the value will an
 * empty array"), which we cannot tell from a scalar, so it is left unchecked.
 */
function inputInfo(session: OrtSessionLike): InputInfo[] {
  return session.inputNames.map((name, i) => {
    const meta = session.inputMetadata?.[i];
    if (!meta || !meta.isTensor || !meta.shape || meta.shape.length === 0) return { name, dims: null };
    return { name, dims: meta.shape.map((d) => (typeof d === 'number' && d >= 0 ? d : null)) };
  });
}

/**
 * True when the model declares every output a float32 tensor. onnxruntime
 * returns outputs of the declared type, so its results then already are
 * what the session API returns — a fresh object of `{ data: Float32Array,
 * dims }` tensors per call — and are handed over as they are.
 */
function declaresFloat32Outputs(session: OrtSessionLike): boolean {
  const meta = session.outputMetadata;
  return meta !== undefined && meta.length === session.outputNames.length && meta.every((m) => m.isTensor && m.type === 'float32');
}

/**
 * onnxruntime-common backend.ts `InferenceSessionHandler.run`: what
 * `InferenceSession.run` awaits once it has checked its arguments. Every
 * requested output is named in `fetches` (null: let onnxruntime allocate it).
 */
interface OrtBackendHandlerLike {
  run(feeds: Record<string, OrtTensorLike>, fetches: Record<string, null>, options: object): Promise<Record<string, OrtTensorLike>>;
}

/** The session's backend handler when it is there (see the file comment), else null. */
export function backendHandlerOf(session: OrtSessionLike): OrtBackendHandlerLike | null {
  const h: unknown = (session as { readonly handler?: unknown }).handler;
  return typeof h === 'object' && h !== null && typeof (h as { run?: unknown }).run === 'function' ? (h as OrtBackendHandlerLike) : null;
}

export interface OrtHandlerOptions {
  /**
   * Enter onnxruntime below its public `run`: the session's synchronous
   * native run when it has one (ort-native.ts), else its backend handler
   * when it has one (the file comment says why and what that leans on).
   * Default false.
   */
  readonly direct?: boolean;
}

/**
 * The handler, and which entry into onnxruntime it calls: the native
 * session's synchronous `run` (ort-native.ts), the backend handler's `run`,
 * or the public `InferenceSession.run`.
 */
export type OrtSessionHandler = SessionHandler & { readonly entry: OrtEntry };
export type OrtEntry = 'native-sync' | 'backend-handler' | 'InferenceSession.run';

export function ortHandler(Tensor: OrtTensorConstructor, session: OrtSessionLike, backendName: string, options: OrtHandlerOptions = {}): OrtSessionHandler {
  const outputNames = [...session.outputNames];
  const fetched = (results: Record<string, OrtTensorLike>): Fetches => {
    const out: Fetches = {};
    for (const name of outputNames) {
      const r = results[name]!;
      if (r.type !== 'float32' || !(r.data instanceof Float32Array)) {
        throw new TypeError(`${backendName}: output "${name}" is ${r.type}; the session API returns float32 outputs only`);
      }
      // onnxruntime-common makes a new Tensor, dims included, for every output of every call: no copy is needed.
      out[name] = { data: r.data, dims: r.dims };
    }
    return out;
  };
  const asIs = declaresFloat32Outputs(session);
  const runSync = options.direct === true && typeof session.runSync === 'function' ? session.runSync.bind(session) : null;
  const backend = options.direct === true && runSync === null ? backendHandlerOf(session) : null;
  const entry: OrtEntry = runSync !== null ? 'native-sync' : backend !== null ? 'backend-handler' : 'InferenceSession.run';
  // What InferenceSession.run hands its backend handler when no fetches are given: every output, null (inference-session-impl.js).
  const allOutputs: Record<string, null> = {};
  for (const name of outputNames) allOutputs[name] = null;
  const noOptions = Object.freeze({});
  const start =
    runSync !== null
      ? (ortFeeds: Record<string, OrtTensorLike>): Promise<Record<string, OrtTensorLike>> => {
          // The native run happens here, at the call; its error rejects, as it does from onnxruntime's own handler.
          try {
            return Promise.resolve(runSync(ortFeeds, allOutputs, noOptions));
          } catch (e) {
            return Promise.reject(e);
          }
        }
      : backend !== null
        ? (ortFeeds: Record<string, OrtTensorLike>) => backend.run(ortFeeds, allOutputs, noOptions)
        : (ortFeeds: Record<string, OrtTensorLike>) => session.run(ortFeeds);
  // Sound by declaresFloat32Outputs: a float32 onnxruntime tensor's data is a Float32Array (onnxruntime-common tensor-impl-type-mapping).
  const finish = (running: Promise<Record<string, OrtTensorLike>>): Promise<Fetches> => (asIs ? (running as Promise<unknown> as Promise<Fetches>) : running.then(fetched));
  const wrap = (f: SessionTensor): OrtTensorLike => new Tensor('float32', f.data, f.dims);
  const wrapEach = (feeds: Feeds): Record<string, OrtTensorLike> => {
    const ortFeeds: Record<string, OrtTensorLike> = {};
    for (const name in feeds) ortFeeds[name] = wrap(feeds[name]!);
    return ortFeeds;
  };
  // One input (the runtime's case): a computed-key literal, 20 ns a call where {} plus a keyed store took 49 ns (Node 20).
  const single = session.inputNames.length === 1 ? session.inputNames[0]! : null;
  return {
    entry,
    inputNames: [...session.inputNames],
    outputNames,
    inputs: inputInfo(session),
    // Not async, and no then() when the outputs are declared float32: every promise step between onnxruntime
    // and the caller is a microtask, measured at 0.13 µs per call for a then() and 0.20 µs for an async
    // layer next to a 12.8 µs cnn1d inference (paired medians of 2,000 interleaved rounds; an async frame
    // and its await also allocate ~400 B a call).
    run(feeds: Feeds): Promise<Fetches> {
      return finish(start(single !== null ? { [single]: wrap(feeds[single]!) } : wrapEach(feeds)));
    },
    // The feeds wrapping the last array run, used again while the caller passes that same array (a buffer
    // refilled in place): onnxruntime's Tensor only references the array, reading it when the run starts, so
    // the same object is what a fresh one would be; a new array gets a new Tensor.
    prepare(inputName: string, dims: readonly number[]) {
      let lastData: Float32Array | null = null;
      let lastFeeds: Record<string, OrtTensorLike> = {};
      return (data: Float32Array) => {
        if (data !== lastData) {
          lastFeeds = { [inputName]: new Tensor('float32', data, dims) };
          lastData = data;
        }
        return finish(start(lastFeeds));
      };
    },
    dispose: () => session.release(),
  };
}
