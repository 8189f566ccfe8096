/**
 * The ladder as a table for a terminal: one row per variant with its measured
 * quality, the change against the first (reference) rung, size and its
 * reduction, MACs by precision and latency. Numbers only as measured: a
 * missing measurement prints as "—", never as a guess.
 */
import type { LadderManifest, LadderVariant } from './manifest.js';

function bytes(n: number): string {
  if (n >= 1 << 20) return `${(n / (1 << 20)).toFixed(2)} MiB`;
  if (n >= 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${n} B`;
}

function macs(v: LadderVariant): string {
  const parts = Object.entries(v.macsByPrecision)
    .filter(([, n]) => n > 0)
    .map(([p, n]) => `${n >= 1e6 ? `${(n / 1e6).toFixed(2)}M` : n >= 1e3 ? `${(n / 1e3).toFixed(1)}k` : n} ${p.replace('float32', 'f32')}`);
  return parts.join(' + ') || '0';
}

function pct(x: number): string {
  return `${(x * 100).toFixed(2)}%`;
}

export function formatLadderTable(m: LadderManifest): string {
  const ref = m.variants[0]!;
  const header = ['variant', 'kind', 'quality', 'Δ vs ' + ref.id, 'weights', 'smaller', 'MACs', 'latency'];
  const rows = m.variants.map((v) => {
    const q = v.quality;
    const dq = q && ref.quality && q.metric === ref.quality.metric ? `${((q.value - ref.quality.value) * 100).toFixed(2)} pt` : '—';
    return [
      v.id,
      v.kind + (v.nestedBits !== undefined ? ` @${v.nestedBits}b` : ''),
      q ? `${q.metric} ${q.metric === 'top1' || q.metric === 'accuracy' ? pct(q.value) : q.value.toPrecision(4)}` : '—',
      v === ref ? '' : dq,
      bytes(v.weightBytes),
      v === ref || v.weightBytes === 0 ? '' : `${(ref.weightBytes / v.weightBytes).toFixed(2)}×`,
      macs(v),
      v.latency.length ? v.latency.map((l) => `${l.medianMs.toFixed(3)} ms ${l.backend}`).join(', ') : '—',
    ];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd();
  const q = ref.quality;
  const title = `${m.model.name} ladder: ${m.variants.length} variants` + (q ? `, ${q.metric} on ${q.samples} samples of ${q.dataset}` : '');
  // A nested master serves its rungs from one file; say which file, and what it holds on disk.
  const masters = (m.nestedMasters ?? []).map((n) => {
    const rungs = m.variants.filter((v) => v.nestedMaster === n.id).map((v) => v.id);
    return `nested master ${n.id}: ${n.file}, ${bytes(n.fileBytes)}, ${n.widths.join('/')}-bit widths${rungs.length ? ` (rungs ${rungs.join(', ')})` : ''}`;
  });
  return [title, '', line(header), line(widths.map((w) => '─'.repeat(w))), ...rows.map(line), ...(masters.length ? ['', ...masters] : [])].join('\n') + '\n';
}
