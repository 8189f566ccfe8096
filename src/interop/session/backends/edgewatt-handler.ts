/**
 * Session handlers that run on Edgewatt's own engine: a Module as it is, or
 * an ONNX model through `importOnnx`. This file imports the engine (and so
 * its WebAssembly loader); backends/edgewatt.ts loads it only on `init`.
 *
 * Memory: each call runs inside `noGrad` (nothing recorded for autograd) and
 * `tidy` (every tensor made in the call — inputs, intermediates, outputs — is
 * released when it returns); the caller gets copies of the outputs.
 */
import { noGrad, tensor, tidy, type Tensor } from '../../../engine/index.js';
import type { Module } from '../../../nn/module.js';
import type { Feeds, Fetches, HandlerOptions, SessionHandler } from '../types.js';

function fetched(t: Tensor): { data: Float32Array; dims: number[] } {
  if (t.dtype !== 'float32') throw new TypeError(`edgewatt: output is ${t.dtype}; the session API returns float32 outputs only`);
  return { data: t.toArray() as Float32Array, dims: [...t.shape] };
}

/**
 * A module run directly: one input, one output, named as exportOnnx names
 * them so the same feeds work on every backend. The module is put in eval
 * mode (batch norm on running statistics, dropout off), which is what
 * inference means and what the exported ONNX graph computes.
 */
export function moduleHandler(module: Module, inputShape: readonly number[] | undefined, options: HandlerOptions): SessionHandler {
  module.eval();
  const { inputName, outputName } = options;
  return {
    inputNames: [inputName],
    outputNames: [outputName],
    inputs: [{ name: inputName, dims: inputShape ? [null, ...inputShape] : null }],
    async run(feeds: Feeds): Promise<Fetches> {
      const f = feeds[inputName]!;
      return noGrad(() => tidy(() => ({ [outputName]: fetched(module.call(tensor(f.data, f.dims))) })));
    },
    // The module belongs to the caller, who may keep using it.
    dispose: async () => {},
  };
}

/**
 * An ONNX model imported into Edgewatt modules; the handler owns (and
 * disposes) the imported weights. The importer is loaded here, not above, so
 * running a Module never loads it.
 */
export async function onnxHandler(bytes: Uint8Array, file: string): Promise<SessionHandler> {
  const { importOnnx } = await import('../../onnx/import/index.js');
  const graph = importOnnx(bytes, file);
  graph.eval();
  const outputNames = [...graph.outputNames];
  return {
    inputNames: [...graph.inputNames],
    outputNames,
    inputs: graph.inputNames.map((name, i) => ({ name, dims: graph.inputShapes[i] ?? null })),
    async run(feeds: Feeds): Promise<Fetches> {
      return noGrad(() => tidy(() => {
        const inputs: Record<string, Tensor> = {};
        for (const name in feeds) inputs[name] = tensor(feeds[name]!.data, feeds[name]!.dims);
        const results = graph.run(inputs);
        const out: Fetches = {};
        for (const name of outputNames) out[name] = fetched(results[name]!);
        return out;
      }));
    },
    dispose: async () => graph.dispose(),
  };
}
