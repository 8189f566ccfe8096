/**
 * An ONNX file as an Inspection: imported (so anything Edgewatt cannot run is
 * reported as such, listing every unsupported op), then measured by one run
 * on zeros (summarizeOnnx). Symbolic dimensions such as the batch are shown
 * by name and measured at 1, so the figures are per sample for a model with
 * a symbolic batch.
 */
import { readFile } from 'node:fs/promises';
import type { ModelProto } from '../../interop/onnx/proto.js';
import { importOnnx, summarizeOnnx } from '../../interop/onnx/import/index.js';
import type { Inspection } from './inspection.js';

export async function inspectOnnxFile(path: string): Promise<Inspection> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch (err) {
    throw new Error(`${path}: cannot read the ONNX file: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
  }
  const model = importOnnx(bytes, path);
  const proto = model.graph.model;
  try {
    const summary = summarizeOnnx(model);
    const declared = (model.inputShapes[0] ?? []).map((d, i) => d ?? symbolicName(proto, i));
    const last = summary.nodes[summary.nodes.length - 1];
    const opsets = (proto.opsetImport ?? []).map((o) => `${o.domain || 'ai.onnx'} ${String(o.version ?? '?')}`).join(', ');
    return {
      source: path,
      kind: 'onnx',
      model: proto.graph?.name || 'onnx graph',
      shapesIncludeBatch: true,
      inputShape: declared,
      outputShape: last?.outputShapes[0] ?? [],
      layers: summary.nodes.map((n) => ({
        name: n.name,
        type: n.opType,
        outputShape: n.outputShapes[0] ?? [],
        params: n.params,
        macs: n.macs,
        precision: n.precision ?? '-',
        paramBytes: n.paramBytes,
        activationBytes: n.outputBytes,
      })),
      totals: {
        params: summary.totalParams,
        macs: summary.totalMacs,
        macsByPrecision: { ...summary.macsByPrecision },
        paramBytes: summary.parameterBytes,
        peakActivationBytes: summary.peakActivationBytes,
      },
      details: {
        opset: opsets,
        irVersion: Number(proto.irVersion ?? 0),
        producer: [proto.producerName, proto.producerVersion].filter(Boolean).join(' ') || 'unknown',
        nodes: summary.nodes.length,
        measuredInput: `[${(summary.inputShapes[0] ?? []).join(', ')}]`,
      },
    };
  } finally {
    model.dispose();
  }
}

function symbolicName(proto: ModelProto, axis: number): string {
  const dim = proto.graph?.input?.[0]?.type?.tensorType?.shape?.dim?.[axis];
  return dim?.dimParam || '?';
}
