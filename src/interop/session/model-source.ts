/**
 * The three things createSession accepts — ONNX bytes, a path to an .onnx
 * file, an Edgewatt Module — turned into one ModelSource. Reading a file is
 * the only place the session API touches the file system, through a dynamic
 * import of node:fs/promises, so a browser bundle that passes bytes never
 * loads it. A module is exported to ONNX only when an onnxruntime backend
 * asks, once, and the bytes are shared by every backend tried after it.
 */
import type { Module } from '../../nn/module.js';
import type { ModelSource } from './types.js';

export interface ExportSettings {
  readonly inputShape?: readonly number[];
  readonly batch?: number | 'dynamic';
  readonly inputName: string;
  readonly outputName: string;
}

/** A Module by shape, not by `instanceof`: importing the class would load the engine into browser bundles. */
export function isModuleLike(m: unknown): m is Module {
  const o = m as { forward?: unknown; parameters?: unknown; eval?: unknown } | null;
  return typeof o === 'object' && o !== null && typeof o.forward === 'function' && typeof o.parameters === 'function' && typeof o.eval === 'function';
}

/** The per-sample shape a zoo model carries (`ZooModel.inputShape`), if any. */
function carriedInputShape(m: Module): readonly number[] | undefined {
  const s = (m as { inputShape?: unknown }).inputShape;
  return Array.isArray(s) && s.every((d) => typeof d === 'number') ? s : undefined;
}

export async function modelSource(model: Uint8Array | string | Module, settings: ExportSettings): Promise<ModelSource> {
  if (model instanceof Uint8Array) {
    const bytes = model;
    return { label: `<${bytes.byteLength} bytes of ONNX>`, onnxBytes: async () => bytes };
  }
  if (typeof model === 'string') {
    const bytes = await readModelFile(model);
    return { label: model, onnxBytes: async () => bytes };
  }
  const inputShape = settings.inputShape ?? carriedInputShape(model);
  if (inputShape === undefined) {
    throw new TypeError(
      `createSession: ${model.constructor.name} has no input shape; pass options.inputShape, one sample's shape without the batch axis (e.g. [3, 32, 32])`,
    );
  }
  let exported: Promise<Uint8Array> | undefined;
  return {
    label: `${model.constructor.name} module`,
    module: model,
    inputShape,
    onnxBytes: () => (exported ??= exportModule(model, { ...settings, inputShape })),
  };
}

async function exportModule(model: Module, settings: ExportSettings & { inputShape: readonly number[] }): Promise<Uint8Array> {
  const { exportOnnx } = await import('../onnx/export/index.js');
  return exportOnnx(model, {
    inputShape: settings.inputShape,
    // A free batch axis, so one session serves batch 1 and batch 32 alike.
    batch: settings.batch ?? 'dynamic',
    inputName: settings.inputName,
    outputName: settings.outputName,
  });
}

async function readModelFile(path: string): Promise<Uint8Array> {
  let readFile: (p: string) => Promise<Uint8Array>;
  try {
    ({ readFile } = await import('node:fs/promises'));
  } catch (e) {
    throw new Error(`createSession: cannot read "${path}": no file system here (${e instanceof Error ? e.message : String(e)}); fetch the file and pass its bytes as a Uint8Array`);
  }
  try {
    return await readFile(path);
  } catch (e) {
    const code = (e as { code?: string }).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : e instanceof Error ? e.message : String(e);
    throw new Error(`createSession: cannot read ONNX model "${path}": ${why}`);
  }
}
