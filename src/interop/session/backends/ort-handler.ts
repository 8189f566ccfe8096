/**
 * A session handler over an onnxruntime `InferenceSession`. onnxruntime-node
 * and onnxruntime-web expose the same session API (both are built on
 * onnxruntime-common's `inference-session.ts`), so one handler serves both;
 * it is typed structurally so this file imports neither package.
 *
 * Memory: every call wraps the caller's arrays in fresh `ort.Tensor`s and
 * returns onnxruntime's own output tensors, which onnxruntime makes anew for
 * each call: the tensors themselves when the model declares float32
 * outputs, else `{ data, dims }` records of them after a type check.
 * Keeping one input tensor and copying each call's values into it was
 * measured and dropped: on the HAR cnn1d a fresh tensor cost 0.10 µs and
 * the copy 0.07 µs over one reused tensor with no copy (paired medians of
 * 600 interleaved rounds; the tensor is about 60 B of the 2.4 kB
 * onnxruntime-node allocates per call), while reuse needs care with calls
 * in flight and with onnxruntime-web's proxy mode, which detaches input
 * buffers by transferring them to its worker. No pre-allocated output
 * (`session.run(feeds, fetches)`) is reused across calls, because a reused
 * output buffer would be overwritten by the next call while the caller still
 * holds the previous result.
 */
import type { Feeds, Fetches, InputInfo, SessionHandler, SessionTensor } from '../types.js';

/** The slice of an onnxruntime tensor this handler reads. */
export interface OrtTensorLike {
  readonly type: string;
  readonly data: unknown;
  readonly dims: readonly number[];
}

/** onnxruntime-common `InferenceSession.ValueMetadata` (1.22+), the fields read here. */
interface OrtValueMetadata {
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

export function ortHandler(Tensor: OrtTensorConstructor, session: OrtSessionLike, backendName: string): SessionHandler {
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
  const wrap = (f: SessionTensor): OrtTensorLike => new Tensor('float32', f.data, f.dims);
  const wrapEach = (feeds: Feeds): Record<string, OrtTensorLike> => {
    const ortFeeds: Record<string, OrtTensorLike> = {};
    for (const name in feeds) ortFeeds[name] = wrap(feeds[name]!);
    return ortFeeds;
  };
  // One input (the runtime's case): a computed-key literal, 20 ns a call where {} plus a keyed store took 49 ns (Node 20).
  const single = session.inputNames.length === 1 ? session.inputNames[0]! : null;
  return {
    inputNames: [...session.inputNames],
    outputNames,
    inputs: inputInfo(session),
    // Not async, and no then() when the outputs are declared float32: every promise step between onnxruntime
    // and the caller is a microtask, measured at 0.13 µs per call for a then() and 0.20 µs for an async
    // layer next to a 12.8 µs cnn1d inference (paired medians of 2,000 interleaved rounds; an async frame
    // and its await also allocate ~400 B a call).
    run(feeds: Feeds): Promise<Fetches> {
      const running = session.run(single !== null ? { [single]: wrap(feeds[single]!) } : wrapEach(feeds));
      // Sound by declaresFloat32Outputs: a float32 onnxruntime tensor's data is a Float32Array (onnxruntime-common tensor-impl-type-mapping).
      return asIs ? (running as Promise<Record<string, OrtTensorLike>> as Promise<Fetches>) : running.then(fetched);
    },
    dispose: () => session.release(),
  };
}
