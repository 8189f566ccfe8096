/**
 * A time axis whose values stay in seconds (SI, like the data) but whose
 * tick labels are in the unit a reader takes in at a glance: 0–90 s, 0–30
 * min, 0–36 h, 0–14 d — not 0–1,209,600 s. The rule: the largest of s, min,
 * h, d in which the shown span is at least two units, so the axis carries
 * whole or half units rather than 0.1 h steps. The nice ticks are computed
 * in that unit (Heckbert, nice-ticks.ts) and scaled back to seconds.
 *
 * Epoch timestamps (a NAB series, say) are shown relative to their first
 * sample, and the axis title names that instant in UTC, so labels read
 * "3 d" rather than "19,723 d".
 */
import { fixedAxis, linearAxis, type Axis } from './axis.js';

export interface TimeUnit {
  readonly name: 's' | 'min' | 'h' | 'd';
  readonly seconds: number;
}

const UNITS: readonly TimeUnit[] = [
  { name: 'd', seconds: 86_400 },
  { name: 'h', seconds: 3_600 },
  { name: 'min', seconds: 60 },
  { name: 's', seconds: 1 },
];

/**
 * Times at or after this many seconds are taken for Unix epoch seconds:
 * 1e8 s is 1973-03-03, so a recording measured from its own start would
 * have to run three years to be mistaken for one.
 */
export const EPOCH_AFTER_S = 1e8;

/** The largest unit in which `spanS` is at least two units (seconds for anything shorter than 2 s). */
export function timeUnitFor(spanS: number): TimeUnit {
  return UNITS.find((u) => spanS >= 2 * u.seconds) ?? UNITS[UNITS.length - 1]!;
}

/** An axis over exactly [loS, hiS] seconds with ticks labelled in `timeUnitFor(hiS − loS)`. */
export function timeAxis(loS: number, hiS: number): { readonly axis: Axis; readonly unit: TimeUnit } {
  const unit = timeUnitFor(hiS - loS);
  const u = unit.seconds;
  // A single instant has no span for fixedAxis to map; linearAxis widens it to a readable range around it.
  const inUnit = hiS > loS ? fixedAxis(loS / u, hiS / u) : linearAxis(loS / u, hiS / u);
  const axis: Axis = {
    kind: 'linear',
    min: hiS > loS ? loS : inUnit.min * u,
    max: hiS > loS ? hiS : inUnit.max * u,
    ticks: inUnit.ticks.map((t) => ({ value: t.value * u, label: t.label })),
    reversed: false,
  };
  return { axis, unit };
}

/** "2024-01-05 13:00 UTC" (seconds shown only when not zero): the origin of an epoch-relative axis. */
export function utcInstantLabel(epochS: number): string {
  const iso = new Date(Math.round(epochS * 1000)).toISOString(); // 2024-01-05T13:00:27.000Z
  const withSeconds = iso.slice(0, 19).replace('T', ' ');
  return `${withSeconds.endsWith(':00') ? withSeconds.slice(0, 16) : withSeconds} UTC`;
}
