/**
 * The variants of a precision ladder folder (src/compress/ladder) as
 * sessions: `ladder.json` is read and every file's SHA-256 checked
 * (readLadder), then every variant's declared input is checked against the
 * manifest's input shape before anything runs — a ladder whose rungs
 * disagree would otherwise fail, or worse run on a misread sample, only
 * when the controller first switches to the odd rung, possibly hours into a
 * deployment. Sessions are created lazily (session-executor.ts).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LadderManifest, LadderVariant } from '../compress/ladder/manifest.js';
import { readLadder } from '../compress/ladder/manifest-file.js';
import { decodeModel, int64, type IValueInfoProto } from '../interop/onnx/proto.js';
import { createSession } from '../interop/session/index.js';
import { SessionExecutor, type SessionVariant } from './session-executor.js';
import type { WallClockS } from './executor.js';

export interface LadderExecutorOptions {
  /** Session backends in order of preference; default every registered backend by priority (onnxruntime-node first where it loads). */
  backends?: readonly string[];
  /** onnxruntime-node intra-op threads; default onnxruntime's own (one per physical core). */
  intraOpNumThreads?: number;
  /** Check each variant file's SHA-256 when reading the ladder (default true). */
  verifyFiles?: boolean;
  /** Times switches; default the host's performance.now() in seconds. */
  wallClockS?: WallClockS;
}

export interface LoadedLadder {
  readonly dir: string;
  readonly manifest: LadderManifest;
}

function formatDims(dims: readonly (number | null)[]): string {
  return `[${dims.map((d) => (d === null ? 'N' : String(d))).join(', ')}]`;
}

/** The declared dims of the variant's data input (null for a free dimension), or a description of what is wrong. */
function declaredInput(dir: string, v: LadderVariant, inputName: string): readonly (number | null)[] | string {
  const path = join(dir, v.file);
  const graph = decodeModel(readFileSync(path), path).graph!;
  const initializers = new Set((graph.initializer ?? []).map((t) => t.name ?? ''));
  // Before IR 4 initializers were also listed as graph inputs; they are weights, not the sample.
  const inputs = (graph.input ?? []).filter((i) => !initializers.has(i.name ?? ''));
  const input: IValueInfoProto | undefined = inputs.find((i) => i.name === inputName) ?? (inputs.length === 1 ? inputs[0] : undefined);
  if (input === undefined) return `has no input "${inputName}" (its inputs: ${inputs.map((i) => `"${i.name ?? ''}"`).join(', ') || 'none'})`;
  const shape = input.type?.tensorType?.shape;
  if (!shape) return `does not declare the shape of input "${input.name ?? ''}"`;
  return (shape.dim ?? []).map((d, i) => {
    if (typeof d.dimParam === 'string' && d.dimParam !== '') return null;
    if (d.dimValue === null || d.dimValue === undefined) return null;
    return int64(d.dimValue, path, `graph.input "${input.name ?? ''}".dims[${i}]`);
  });
}

/**
 * Checks that every variant file takes [batch, ...manifest.model.inputShape];
 * the error names each variant that does not, with the shape it takes.
 */
export function checkLadderInputShapes(ladder: LoadedLadder): void {
  const { dir, manifest } = ladder;
  const want = manifest.model.inputShape;
  const bad: string[] = [];
  const good: string[] = [];
  for (const v of manifest.variants) {
    const dims = declaredInput(dir, v, manifest.model.inputName);
    if (typeof dims === 'string') {
      bad.push(`"${v.id}" (${v.file}) ${dims}`);
      continue;
    }
    // The batch axis first, free or fixed at 1 (the runtime serves one sample at a time); then the sample's dims exactly.
    const fits = dims.length === want.length + 1 && (dims[0] === null || dims[0] === 1) && want.every((d, i) => dims[i + 1] === d || dims[i + 1] === null);
    if (fits) good.push(`"${v.id}"`);
    else bad.push(`"${v.id}" (${v.file}) takes ${formatDims(dims)}`);
  }
  if (bad.length > 0) {
    throw new RangeError(
      `LadderExecutor: ${dir}: the variants disagree on the input shape: the manifest says one sample is ${formatDims(want)} (files take ${formatDims([null, ...want])}), but ${bad.join('; ')}` +
        `${good.length > 0 ? `; ${good.join(', ')} agree${good.length === 1 ? 's' : ''}` : ''}. Every rung of a ladder must take the same input; rebuild the odd ones from the same model`,
    );
  }
}

function sessionVariants(ladder: LoadedLadder, options: LadderExecutorOptions): SessionVariant[] {
  checkLadderInputShapes(ladder);
  const { dir, manifest } = ladder;
  return manifest.variants.map((v) => ({
    id: v.id,
    quality: v.quality?.value ?? null,
    open: () =>
      createSession(join(dir, v.file), {
        inputName: manifest.model.inputName,
        outputName: manifest.model.outputName,
        ...(options.backends !== undefined ? { backends: options.backends } : {}),
        ...(options.intraOpNumThreads !== undefined ? { intraOpNumThreads: options.intraOpNumThreads } : {}),
      }),
  }));
}

export class LadderExecutor extends SessionExecutor {
  readonly dir: string;
  readonly manifest: LadderManifest;

  /** Over an already read ladder (readLadder's result); the input shapes are checked here. */
  constructor(ladder: LoadedLadder, options: LadderExecutorOptions = {}) {
    super(sessionVariants(ladder, options), ladder.manifest.model.inputShape, options.wallClockS !== undefined ? { wallClockS: options.wallClockS } : {});
    this.dir = ladder.dir;
    this.manifest = ladder.manifest;
  }

  /** Reads `<path>/ladder.json` (or the JSON file itself), verifies the files and checks their input shapes. */
  static open(path: string, options: LadderExecutorOptions = {}): LadderExecutor {
    return new LadderExecutor(readLadder(path, { verifyFiles: options.verifyFiles ?? true }), options);
  }

  /** The manifest entry of a variant. */
  variant(variantId: string): LadderVariant {
    const v = this.manifest.variants.find((x) => x.id === variantId);
    if (v === undefined) throw new RangeError(`LadderExecutor.variant: unknown variant "${variantId}"; the ladder has ${this.variantIds.map((k) => `"${k}"`).join(', ')}`);
    return v;
  }
}
