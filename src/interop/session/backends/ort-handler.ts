/**
 * A session handler over an onnxruntime `InferenceSession`. onnxruntime-node
 * and onnxruntime-web expose the same session API (both are built on
 * onnxruntime-common's `inference-session.ts`), so one handler serves both;
 * it is typed structurally so this file imports neither package.
 *
 * Memory: every call wraps the caller's arrays in fresh `ort.Tensor`s and
 * returns onnxruntime's own output tensors' data. No pre-allocated output
 * (`session.run(feeds, fetches)`) is reused across calls, because a reused
 * output buffer would be overwritten by the next call while the caller still
 * holds the previous result.
 */
import type { Feeds, Fetches, InputInfo, SessionHandler } from '../types.js';

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
  readonly shape?: ReadonlyArray<number | string>;
}

export interface OrtSessionLike {
  readonly inputNames: readonly string[];
  readonly outputNames: readonly string[];
  readonly inputMetadata?: readonly OrtValueMetadata[];
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

export function ortHandler(Tensor: OrtTensorConstructor, session: OrtSessionLike, backendName: string): SessionHandler {
  const outputNames = [...session.outputNames];
  return {
    inputNames: [...session.inputNames],
    outputNames,
    inputs: inputInfo(session),
    async run(feeds: Feeds): Promise<Fetches> {
      const ortFeeds: Record<string, OrtTensorLike> = {};
      for (const name in feeds) {
        const f = feeds[name]!;
        ortFeeds[name] = new Tensor('float32', f.data, f.dims);
      }
      const results = await session.run(ortFeeds);
      const out: Fetches = {};
      for (const name of outputNames) {
        const r = results[name]!;
        if (r.type !== 'float32' || !(r.data instanceof Float32Array)) {
          throw new TypeError(`${backendName}: output "${name}" is ${r.type}; the session API returns float32 outputs only`);
        }
        out[name] = { data: r.data, dims: [...r.dims] };
      }
      return out;
    },
    dispose: () => session.release(),
  };
}
