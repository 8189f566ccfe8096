/**
 * Issue 4's compression targets, judged on a measured ladder. Each target is
 * a difference or ratio between two rungs of the same ladder (same data,
 * same run): accuracy in percentage points against fp32, size as fp32 bytes
 * over the rung's bytes. Nothing here is tuned to pass: a missed target is
 * reported as missed.
 */
import type { LadderManifest, LadderVariant } from '../../src/compress/ladder/manifest.js';
import { makeRecord, type BenchRecord } from '../record.js';

function rung(m: LadderManifest, id: string): LadderVariant | undefined {
  return m.variants.find((v) => v.id === id);
}

function deltaPoints(m: LadderManifest, id: string): number | null {
  const ref = rung(m, 'fp32')?.quality?.value;
  const v = rung(m, id)?.quality?.value;
  return ref === undefined || v === undefined ? null : (v - ref) * 100;
}

function sizeRatio(m: LadderManifest, id: string): number | null {
  const ref = rung(m, 'fp32')?.weightBytes;
  const v = rung(m, id)?.weightBytes;
  return ref === undefined || v === undefined || v === 0 ? null : ref / v;
}

/** fp32 conv/linear weight bytes over the rung's weight-tensor bytes: the size reduction before per-channel overheads. */
function tensorRatio(m: LadderManifest, id: string): number | null {
  const ref = rung(m, 'fp32')?.weightTensorBytes;
  const v = rung(m, id)?.weightTensorBytes;
  return ref === undefined || v === undefined || v === 0 ? null : ref / v;
}

export function targetRecords(prefix: string, m: LadderManifest, prunedId: string): BenchRecord[] {
  const fp32 = rung(m, 'fp32');
  const note = (id: string) => {
    const v = rung(m, id);
    return v?.quality ? `${id}: top-1 ${(v.quality.value * 100).toFixed(2)}% vs fp32 ${((fp32?.quality?.value ?? NaN) * 100).toFixed(2)}% on ${v.quality.samples} samples (${v.quality.dataset})` : `${id} not built`;
  };
  const pruned = rung(m, prunedId);
  const macsNote = pruned && fp32 ? `; MACs ${pruned.macs} vs ${fp32.macs} (${((pruned.macs / fp32.macs) * 100).toFixed(1)}%)` : '';
  return [
    makeRecord({ name: `${prefix}_int8_ptq_accuracy_delta`, value: deltaPoints(m, 'int8'), unit: 'pt', goal: { on: 'value', op: '>=', target: -0.5, text: 'within 0.5 pt of fp32' }, note: note('int8') }),
    makeRecord({ name: `${prefix}_prune50_kd_accuracy_delta`, value: deltaPoints(m, prunedId), unit: 'pt', goal: { on: 'value', op: '>=', target: -1.5, text: 'within 1.5 pt of fp32' }, note: note(prunedId) + macsNote }),
    makeRecord({ name: `${prefix}_int4_first_last_int8_accuracy_delta`, value: deltaPoints(m, 'int4'), unit: 'pt', goal: { on: 'value', op: '>=', target: -2, text: 'within 2 pt of fp32' }, note: note('int4') }),
    makeRecord({ name: `${prefix}_mixed_accuracy_delta`, value: deltaPoints(m, 'mixed'), unit: 'pt', note: note('mixed') + ' (bits by sensitivity, within the int4 rung\'s bytes)' }),
    makeRecord({ name: `${prefix}_int8_size_reduction`, value: sizeRatio(m, 'int8'), unit: '×', goal: { on: 'value', op: '>=', target: 4, text: '≥ 4× smaller' }, note: `stored bytes incl. int32 biases and per-channel requantization parameters: fp32 ${fp32?.weightBytes} B, int8 ${rung(m, 'int8')?.weightBytes} B` }),
    makeRecord({ name: `${prefix}_int8_weight_tensor_reduction`, value: tensorRatio(m, 'int8'), unit: '×', goal: { on: 'value', op: '>=', target: 4, text: '≥ 4× smaller' }, note: 'conv/linear weight tensors only (fp32 4 B per weight vs the stored int8 bytes)' }),
    makeRecord({ name: `${prefix}_int4_weight_tensor_reduction`, value: tensorRatio(m, 'int4'), unit: '×', goal: { on: 'value', op: '>=', target: 7, text: '≥ 7× smaller' }, note: 'conv/linear weight tensors only; int4 packed two per byte, first and last layer int8' }),
    makeRecord({ name: `${prefix}_int4_size_reduction`, value: sizeRatio(m, 'int4'), unit: '×', goal: { on: 'value', op: '>=', target: 7, text: '≥ 7× smaller' }, note: `int4 rung keeps the first and last layer int8: fp32 ${fp32?.weightBytes} B, int4 ${rung(m, 'int4')?.weightBytes} B` }),
  ];
}
