/** `--precision fp32,int8,...`: the VAE variants to score, checked against the codec ladder before any work. */
import { CODEC_PRECISIONS, type CodecPrecision } from '../../generative/precision/codec-variants.js';

export function parsePrecisionOption(value: string): CodecPrecision[] {
  const items = value.split(',').map((s) => s.trim());
  if (items.some((s) => s === '')) throw new Error(`option --precision: expected a comma-separated list of ${CODEC_PRECISIONS.join(', ')}, got "${value}"`);
  const unknown = items.filter((s) => !(CODEC_PRECISIONS as readonly string[]).includes(s));
  if (unknown.length > 0) throw new Error(`option --precision: unknown precision ${unknown.map((s) => `"${s}"`).join(', ')}; known: ${CODEC_PRECISIONS.join(', ')}`);
  const repeated = items.find((s, i) => items.indexOf(s) !== i);
  if (repeated !== undefined) throw new Error(`option --precision: "${repeated}" is listed twice`);
  return items as CodecPrecision[];
}
