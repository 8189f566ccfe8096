/** A ResNet-8-sized ladder manifest (12.5 M MACs) with measured-looking qualities, shared by the evaluation tests. */
import type { LadderManifest, LadderVariant } from '../../../src/compress/ladder/manifest.js';

function variant(id: string, kind: LadderVariant['kind'], macsByPrecision: Record<string, number>, weightBytes: number, top1: number): LadderVariant {
  return {
    id, kind, file: `${id}.onnx`, sha256: '0'.repeat(64), weightBytes, fileBytes: weightBytes, params: 1, macs: Object.values(macsByPrecision).reduce((a, b) => a + b, 0),
    macsByPrecision, quality: { metric: 'top1', value: top1, samples: 1000, dataset: 'test' }, latency: [], recipe: {},
    work: { opClassMacs: { conv: 11_000_000, depthwise: 0, dense: 1_500_000 }, outputs: 300_000, layers: 10, activationBytes: 600_000, peakActivationBytes: 100_000 },
  };
}

export const LADDER: LadderManifest = {
  format: 'edgewatt-ladder', version: 1,
  model: { name: 'resnet8', inputShape: [3, 32, 32], inputName: 'input', outputName: 'output', numClasses: 10, task: 'ic' },
  createdAt: '2026-11-22T10:00:00.000Z',
  variants: [
    variant('fp32', 'fp32', { float32: 12_500_000 }, 312_000, 0.87),
    variant('int8', 'int8', { int8: 12_500_000 }, 78_000, 0.866),
    variant('int4', 'int4', { int8: 1_000_000, int4: 11_500_000 }, 45_000, 0.84),
    variant('pruned-int8', 'int8', { int8: 6_200_000 }, 40_000, 0.85),
  ],
};
