/**
 * `infer`: the one-input, one-output path. It takes the input as a
 * Float32Array with its dims, or as anything tensor-shaped (an Edgewatt
 * Tensor, an onnxruntime Tensor, a `{ data, dims }` record), and returns the
 * single output. Models with several inputs or outputs use `session.run`.
 */
import type { EdgewattSession } from './session.js';
import type { SessionTensor } from './types.js';

/** An Edgewatt Tensor, by shape (importing the class would load the engine). */
interface EngineTensorLike {
  readonly shape: readonly number[];
  readonly dtype: string;
  toArray(): ArrayLike<number>;
}

export type InferInput = Float32Array | SessionTensor | EngineTensorLike;

function isEngineTensor(x: object): x is EngineTensorLike {
  return Array.isArray((x as { shape?: unknown }).shape) && typeof (x as { toArray?: unknown }).toArray === 'function';
}

function asSessionTensor(input: unknown, dims: readonly number[] | undefined): SessionTensor {
  if (input instanceof Float32Array) {
    if (dims === undefined) throw new TypeError('infer: a Float32Array input needs its dims, e.g. infer(session, data, [1, 3, 32, 32])');
    return { data: input, dims };
  }
  if (typeof input !== 'object' || input === null) throw new TypeError(`infer: input must be a Float32Array with dims, or a tensor; got ${input === null ? 'null' : typeof input}`);
  if (dims !== undefined) throw new TypeError('infer: dims are given by the tensor itself; pass them only with a Float32Array');
  if (isEngineTensor(input)) {
    if (input.dtype !== 'float32') throw new TypeError(`infer: input tensor is ${input.dtype}; the session API takes float32`);
    return { data: input.toArray() as Float32Array, dims: input.shape };
  }
  // { data, dims }: a SessionTensor or an onnxruntime Tensor; checkFeed says what is wrong with it.
  return input as SessionTensor;
}

export async function infer(session: EdgewattSession, input: InferInput, dims?: readonly number[]): Promise<SessionTensor> {
  if (session.inputNames.length !== 1 || session.outputNames.length !== 1) {
    throw new RangeError(
      `infer: this model has ${session.inputNames.length} inputs (${session.inputNames.join(', ')}) and ${session.outputNames.length} outputs (${session.outputNames.join(', ')}); infer handles one of each, use session.run(feeds)`,
    );
  }
  const feeds = { [session.inputNames[0]!]: asSessionTensor(input, dims) };
  const out = await session.run(feeds);
  return out[session.outputNames[0]!]!;
}
