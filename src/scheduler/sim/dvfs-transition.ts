/**
 * What a switch between twin actions costs the device in time: a DVFS
 * transition when it moves the cores to another operating point (the
 * profile's power.dvfsTransitionS, e.g. the 355 µs a Raspberry Pi's
 * firmware mailbox takes to set the ARM clock), nothing when only the
 * ladder variant changes (every variant is resident: loaded at boot).
 *
 * An offload action (offload-action.ts) sends the input over the radio and
 * waits; it does not move the cores, so the cores stay at the point the
 * last on-device action left them, and the next on-device action pays a
 * transition only if it needs another one. Before the first action the
 * point is unknown (the device boots into whichever the first request
 * wants), so the first switch is free.
 *
 * Pure rules, shared by the ModelledExecutor (the runtime's twin) and the
 * RL training environment that mirrors it, so the two cannot drift apart.
 * The energy of the transition is not decided here: the runtime charges a
 * switch at the active power of the action switched to (edge-runtime.ts
 * `account`, variant-catalog.ts `activePowerW`), and the mirror does too.
 */
import { isOffloadAction } from './offload-action.js';
import type { TwinAction } from './twin-actions.js';

/** The operating point the cores are at after serving `action`: its own, or, for an offload, still `pointId`. */
export function corePointAfter(pointId: string | null, action: TwinAction): string | null {
  return isOffloadAction(action.id) ? pointId : action.opPointId;
}

/** Device seconds a switch to `action` costs with the cores at `pointId`: `transitionS` when it moves them to another point, else 0. */
export function dvfsSwitchS(pointId: string | null, action: TwinAction, transitionS: number): number {
  if (pointId === null || isOffloadAction(action.id)) return 0;
  return action.opPointId === pointId ? 0 : transitionS;
}

/** The check at each public entry that takes a transition time: a finite number of seconds >= 0. */
export function checkTransitionS(who: string, what: string, s: unknown): number {
  if (typeof s !== 'number' || !Number.isFinite(s) || s < 0) throw new RangeError(`${who}: ${what} must be a finite number of seconds >= 0 (the profile's power.dvfsTransitionS), got ${JSON.stringify(s)}`);
  return s;
}
