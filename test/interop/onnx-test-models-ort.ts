/**
 * Runs a test model in onnxruntime-node (the reference) and in Edgewatt's
 * importer on the same feeds, and reports the largest absolute difference
 * per output.
 */
import * as ort from 'onnxruntime-node';
import { noGrad, tensor, tidy } from '../../src/engine/index.js';
import { importOnnx, type OnnxGraphModule } from '../../src/interop/onnx/import/index.js';
import { DataType } from '../../src/interop/onnx/proto.js';
import type { Feed, TestModel } from './onnx-test-models.js';

// Only errors: onnxruntime's shape-merge warnings would drown the test output.
ort.env.logLevel = 'error';

function ortTensor(f: Feed): ort.Tensor {
  switch (f.type) {
    case DataType.UINT8: return new ort.Tensor('uint8', Uint8Array.from(f.data), [...f.dims]);
    case DataType.INT8: return new ort.Tensor('int8', Int8Array.from(f.data), [...f.dims]);
    default: return new ort.Tensor('float32', f.data, [...f.dims]);
  }
}

export async function runOrt(bytes: Uint8Array, feeds: Readonly<Record<string, Feed>>): Promise<Record<string, { dims: number[]; data: Float32Array }>> {
  const session = await ort.InferenceSession.create(bytes);
  try {
    const out = await session.run(Object.fromEntries(Object.entries(feeds).map(([k, f]) => [k, ortTensor(f)])));
    return Object.fromEntries(Object.entries(out).map(([k, t]) => [k, { dims: [...t.dims], data: Float32Array.from(t.data as ArrayLike<number>) }]));
  } finally {
    await session.release();
  }
}

export function runEdgewatt(model: OnnxGraphModule, feeds: Readonly<Record<string, Feed>>): Record<string, { dims: number[]; data: Float32Array }> {
  return noGrad(() => tidy(() => {
    const out = model.run(Object.fromEntries(Object.entries(feeds).map(([k, f]) => [k, tensor(f.data, f.dims)])));
    return Object.fromEntries(Object.entries(out).map(([k, t]) => [k, { dims: [...t.shape], data: t.toArray() as Float32Array }]));
  }));
}

export interface Parity {
  /** Largest |edgewatt - onnxruntime| over all outputs. */
  readonly maxAbsDiff: number;
  /** Elements that differ at all (for quantized outputs: LSB mismatches). */
  readonly differing: number;
  readonly elements: number;
}

/** Imports and runs `m` both ways; shapes must match exactly. */
export async function parity(m: TestModel): Promise<Parity> {
  const ref = await runOrt(m.bytes, m.feeds);
  const ours = runEdgewatt(importOnnx(m.bytes, `${m.name}.onnx`), m.feeds);
  let maxAbsDiff = 0, differing = 0, elements = 0;
  for (const [k, r] of Object.entries(ref)) {
    const o = ours[k];
    if (!o) throw new Error(`${m.name}: Edgewatt produced no output "${k}"`);
    if (o.dims.join(',') !== r.dims.join(',')) throw new Error(`${m.name}: output "${k}" has shape [${o.dims.join(', ')}], onnxruntime [${r.dims.join(', ')}]`);
    for (let i = 0; i < r.data.length; i++) {
      const d = Math.abs(o.data[i]! - r.data[i]!);
      if (!(d <= maxAbsDiff)) maxAbsDiff = Number.isNaN(d) ? Infinity : d;
      if (d !== 0) differing++;
    }
    elements += r.data.length;
  }
  return { maxAbsDiff, differing, elements };
}
