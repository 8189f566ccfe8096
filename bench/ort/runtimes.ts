/**
 * The onnxruntime packages and Edgewatt's ONNX pieces as the `ort` suite's
 * contenders load them: each by dynamic import, so a missing native binary
 * or a module still being written makes a contender "unavailable" with the
 * reason (contender.ts), never a crashed run.
 *
 * Both onnxruntime flavours are pinned to one thread, like every other
 * figure in this harness: onnxruntime-node through the per-session
 * `intraOpNumThreads` (onnxruntime-common inference-session.ts: "available
 * only in ONNXRuntime (Node.js binding and react-native)"), onnxruntime-web
 * through `env.wasm.numThreads`, which is read when its first session is
 * created (onnxruntime-common env.ts).
 */
import { NotAvailableError, type Step } from '../contender.js';

export type OrtNode = typeof import('onnxruntime-node');
export type OrtWeb = typeof import('onnxruntime-web');
export type SessionApi = typeof import('../../src/interop/session/index.js');
type ExportApi = typeof import('../../src/interop/onnx/export/index.js');
type ZooApi = typeof import('../../src/nn/zoo/index.js');

/** Same depth in dist/ as here, so the relative path holds after compiling. */
const SRC = '../../src/';

async function load<T>(what: string, specifier: string): Promise<T> {
  try {
    return (await import(specifier)) as T;
  } catch (e) {
    throw new NotAvailableError(`cannot load ${what}: ${e instanceof Error ? e.message : String(e)}`);
  }
}

const fromSrc = (path: string): string => new URL(SRC + path, import.meta.url).href;

export const loadOrtNode = (): Promise<OrtNode> => load('onnxruntime-node', 'onnxruntime-node');

let web: Promise<OrtWeb> | undefined;
export function loadOrtWeb(): Promise<OrtWeb> {
  web ??= load<OrtWeb>('onnxruntime-web', 'onnxruntime-web').then((ort) => {
    ort.env.wasm.numThreads = 1;
    return ort;
  });
  return web;
}

export const loadSessionApi = (): Promise<SessionApi> => load('src/interop/session', fromSrc('interop/session/index.js'));

/** The options every onnxruntime-node session in this suite is created with. */
export const ORT_NODE_OPTIONS = { executionProviders: ['cpu'], intraOpNumThreads: 1 } as const;
export const ORT_WEB_OPTIONS = { executionProviders: ['wasm'] } as const;

export type OrtFlavour = 'node' | 'web';

/** A float32 feed, built once before timing. */
export interface BenchFeed {
  readonly data: Float32Array;
  readonly dims: readonly number[];
}

/**
 * A bare onnxruntime contender: the session created once with the suite's
 * options, the feed tensors built once, and each timed step one
 * `session.run` — the least any caller of onnxruntime does per call. The two
 * flavours differ only in the package and its options, so both go through here.
 */
export async function bareOrtRun(
  flavour: OrtFlavour,
  model: Uint8Array,
  feeds: (inputNames: readonly string[]) => Record<string, BenchFeed>,
): Promise<Step> {
  const open = async () => {
    if (flavour === 'node') {
      const ort = await loadOrtNode();
      const session = await ort.InferenceSession.create(model, ORT_NODE_OPTIONS);
      const tensors = Object.fromEntries(Object.entries(feeds(session.inputNames)).map(([k, f]) => [k, new ort.Tensor('float32', f.data, [...f.dims])]));
      return { run: () => session.run(tensors), release: () => session.release() };
    }
    const ort = await loadOrtWeb();
    const session = await ort.InferenceSession.create(model, ORT_WEB_OPTIONS);
    const tensors = Object.fromEntries(Object.entries(feeds(session.inputNames)).map(([k, f]) => [k, new ort.Tensor('float32', f.data, [...f.dims])]));
    return { run: () => session.run(tensors), release: () => session.release() };
  };
  const s = await open();
  return {
    step: async () => {
      await s.run();
    },
    dispose: () => void s.release(),
  };
}

let resnet8: Promise<Uint8Array> | undefined;

/**
 * The zoo's ResNet-8 exported to ONNX once per run, batch axis free so the
 * same bytes serve batch 1 and batch 32 (exportOnnx, options as in the
 * session API's own export of a Module).
 */
export function resnet8Onnx(): Promise<Uint8Array> {
  resnet8 ??= (async () => {
    const { exportOnnx } = await load<ExportApi>('src/interop/onnx/export', fromSrc('interop/onnx/export/index.js'));
    const { createModel } = await load<ZooApi>('src/nn/zoo', fromSrc('nn/zoo/index.js'));
    const model = createModel('resnet8');
    model.eval();
    try {
      return exportOnnx(model, { inputShape: [3, 32, 32], batch: 'dynamic' });
    } finally {
      model.dispose();
    }
  })();
  return resnet8;
}
