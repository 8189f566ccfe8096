/**
 * A running summary of a runtime's events, for the CLI's live line and the
 * end-of-run report: requests served per variant, energy, latency
 * percentiles, deadline misses and drops, switches. Fold events in with
 * `add` (it fits `onEvent` directly); read it at any time.
 */
import type { RuntimeEvent } from './request-event.js';

export interface VariantTally {
  readonly requests: number;
  readonly energyJ: number;
}

export interface RuntimeSummarySnapshot {
  readonly served: number;
  readonly missed: number;
  readonly dropped: number;
  readonly deferred: number;
  readonly switches: number;
  readonly energyJ: number;
  /** Of energyJ, the part booked from a meter rather than the model. */
  readonly meteredJ: number;
  readonly latencyP50S: number | null;
  readonly latencyP95S: number | null;
  readonly queueWaitP95S: number | null;
  readonly lastSoc: number | null;
  readonly depleted: boolean;
  readonly perVariant: Readonly<Record<string, VariantTally>>;
}

/** Nearest-rank percentile (the smallest value with at least q of the sample at or below it) of sorted values. */
export function nearestRankPercentile(sorted: ArrayLike<number>, q: number): number | null {
  if (sorted.length === 0) return null;
  const rank = Math.max(1, Math.ceil(q * sorted.length));
  return sorted[rank - 1]!;
}

function percentiles(values: readonly number[], qs: readonly number[]): (number | null)[] {
  const sorted = Float64Array.from(values).sort();
  return qs.map((q) => nearestRankPercentile(sorted, q));
}

export class RuntimeSummary {
  private served = 0;
  /** Served late plus dropped: every request whose deadline was not met. */
  private missed = 0;
  private dropped = 0;
  private deferred = 0;
  private switches = 0;
  private energyJ = 0;
  private meteredJ = 0;
  private lastSoc: number | null = null;
  private depleted = false;
  private readonly latenciesS: number[] = [];
  private readonly waitsS: number[] = [];
  private readonly perVariant = new Map<string, { requests: number; energyJ: number }>();

  /** Folds one event in; usable as `onEvent: (e) => summary.add(e)`. */
  add(e: RuntimeEvent): void {
    switch (e.type) {
      case 'request': {
        this.served++;
        if (!e.deadlineMet) this.missed++;
        if (e.switched) this.switches++;
        this.energyJ += e.energyJ;
        if (e.energySource === 'meter') this.meteredJ += e.energyJ;
        this.lastSoc = e.soc;
        this.latenciesS.push(e.latencyS);
        this.waitsS.push(e.queueWaitS);
        const v = this.perVariant.get(e.variantId);
        if (v === undefined) this.perVariant.set(e.variantId, { requests: 1, energyJ: e.energyJ });
        else {
          v.requests++;
          v.energyJ += e.energyJ;
        }
        return;
      }
      case 'dropped':
        this.dropped++;
        this.missed++;
        return;
      case 'deferred':
        this.deferred++;
        return;
      case 'depleted':
        this.depleted = true;
        this.lastSoc = e.soc;
        return;
      case 'meter-fallback':
        return;
      default:
        e satisfies never;
    }
  }

  snapshot(): RuntimeSummarySnapshot {
    const [p50, p95] = percentiles(this.latenciesS, [0.5, 0.95]);
    const [w95] = percentiles(this.waitsS, [0.95]);
    return {
      served: this.served,
      missed: this.missed,
      dropped: this.dropped,
      deferred: this.deferred,
      switches: this.switches,
      energyJ: this.energyJ,
      meteredJ: this.meteredJ,
      latencyP50S: p50 ?? null,
      latencyP95S: p95 ?? null,
      queueWaitP95S: w95 ?? null,
      lastSoc: this.lastSoc,
      depleted: this.depleted,
      perVariant: Object.fromEntries(this.perVariant),
    };
  }

  /** One line for a live display, units converted for reading: "120 served (fp32 80, int8 40) · 3.2 mJ · p50 0.41 ms p95 0.90 ms · 2 missed · SoC 87.5%". */
  formatLine(): string {
    const s = this.snapshot();
    const variants = Object.entries(s.perVariant).map(([id, t]) => `${id} ${t.requests}`).join(', ');
    const ms = (x: number | null): string => (x === null ? '-' : `${(x * 1000).toFixed(2)} ms`);
    const parts = [
      `${s.served} served${variants ? ` (${variants})` : ''}`,
      formatJoules(s.energyJ),
      `p50 ${ms(s.latencyP50S)} p95 ${ms(s.latencyP95S)}`,
      `${s.missed} missed${s.dropped > 0 ? ` (${s.dropped} dropped)` : ''}`,
      `${s.switches} switches`,
    ];
    if (s.lastSoc !== null) parts.push(`SoC ${(s.lastSoc * 100).toFixed(1)}%`);
    if (s.depleted) parts.push('DEPLETED');
    return parts.join(' · ');
  }
}

function formatJoules(j: number): string {
  const a = Math.abs(j);
  if (a >= 1) return `${j.toFixed(3)} J`;
  if (a >= 1e-3) return `${(j * 1e3).toFixed(3)} mJ`;
  return `${(j * 1e6).toFixed(3)} µJ`;
}
