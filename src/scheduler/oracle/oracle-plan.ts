/**
 * The offline oracle: with the whole task trace known in advance, the least
 * inference energy that serves every task within its deadline at a mean
 * accuracy of at least `minAccuracy`, critical tasks at the best quality.
 * Inference energy (Σ E(a) over tasks) is the quantity the evaluation's
 * headline compares; the idle power between tasks is the same under every
 * policy that keeps up with the workload.
 *
 * When tasks do not overlap (each is done before the next arrives; the
 * replay of the plan through the twin reports any miss), the problem
 * separates: minimise Σ E(a_i) subject to Σ q(a_i) ≥ N·minAccuracy over
 * deadline-feasible actions, a multiple-choice knapsack whose LP relaxation
 * is solved exactly on the lower convex hull of (q, E) (Sinha & Zoltners
 * 1979, "The multiple-choice knapsack problem", Operations Research 27(3)):
 * all tasks on one hull vertex, or a mix of two adjacent vertices with one
 * fractional task, rounded up to the dearer vertex so the accuracy
 * constraint holds — within one task's cost difference of the optimum.
 */
import type { Criticality } from '../../runtime/request.js';
import type { TwinAction, TwinActionSpace } from '../sim/twin-actions.js';
import type { Task } from '../workload/task.js';

export interface OracleClassPlan {
  /** Tasks of the class. */
  readonly count: number;
  /** The action most of them get, and the dearer one `dearCount` of them get. */
  readonly action: string;
  readonly dearAction: string | null;
  readonly dearCount: number;
}

export interface OraclePlan {
  readonly byClass: Readonly<Record<Criticality, OracleClassPlan | null>>;
  /** Mean quality the plan serves at. */
  readonly accuracy: number;
  /** True when even the best feasible actions cannot reach minAccuracy (the plan then serves the best). */
  readonly accuracyUnreachable: boolean;
  /** Σ E(a): the plan's inference energy, J. */
  readonly inferenceEnergyJ: number;
}

export interface OracleOptions {
  /** Mean accuracy the plan must reach, 0..1. */
  minAccuracy: number;
}

/** A task's cost under the plan: its inference energy (`idleW` kept in the signatures for a total-energy objective). */
function cost(a: TwinAction, _idleW: number): number {
  return a.cost.energyJ;
}

/**
 * Actions that finish within the class's tightest deadline when served on
 * arrival — after the wake-up, which the twin charges before a request
 * that found the device asleep (edge-runtime.ts `wake`): with the tasks
 * apart (the plan's premise) each finds it so, unless it comes within
 * wakeUp.latencyS (tens of µs on the MCUs, 0 on the SBCs) of the last
 * one's end, so the wake-up is counted for every task: an action is never
 * planned for a deadline it would miss after a sleep.
 */
function feasible(space: TwinActionSpace, tasks: readonly Task[]): TwinAction[] {
  let slack = Infinity;
  for (const t of tasks) slack = Math.min(slack, t.deadlineS - t.arrivalS);
  const wakeS = space.wakeUp.latencyS;
  const ok = space.actions.filter((a) => a.quality !== null && wakeS + a.cost.latencyS <= slack);
  if (ok.length > 0) return ok;
  // No action meets the deadline: the fastest, so the miss is as small as it can be.
  return [space.actions.reduce((m, a) => (a.cost.latencyS < m.cost.latencyS ? a : m))];
}

/** Lower convex hull of (quality, cost), from the cheapest point rightwards (increasing quality and cost). */
export function efficientHull(actions: readonly TwinAction[], idleW: number): TwinAction[] {
  const start = actions.reduce((m, a) => {
    const d = cost(a, idleW) - cost(m, idleW);
    return d < 0 || (d === 0 && (a.quality ?? 0) > (m.quality ?? 0)) ? a : m;
  });
  const hull = [start];
  for (;;) {
    const cur = hull[hull.length - 1]!;
    let next: TwinAction | null = null;
    let bestSlope = Infinity;
    for (const a of actions) {
      const dq = (a.quality ?? 0) - (cur.quality ?? 0);
      if (dq <= 0) continue;
      const slope = (cost(a, idleW) - cost(cur, idleW)) / dq;
      if (slope < bestSlope || (slope === bestSlope && next !== null && (a.quality ?? 0) > (next.quality ?? 0))) {
        bestSlope = slope;
        next = a;
      }
    }
    if (next === null) return hull;
    hull.push(next);
  }
}

export function planOracle(space: TwinActionSpace, tasks: readonly Task[], o: OracleOptions): OraclePlan {
  if (!(o.minAccuracy >= 0 && o.minAccuracy <= 1)) throw new RangeError(`planOracle: minAccuracy must be in [0, 1], got ${o.minAccuracy}`);
  if (tasks.length === 0) throw new RangeError('planOracle: no tasks to plan');
  const idleW = space.idlePowerW;
  const classes: Criticality[] = ['critical', 'normal', 'background'];
  const byClass: Record<Criticality, OracleClassPlan | null> = { critical: null, normal: null, background: null };
  let qualitySum = 0;
  let energy = 0;
  // Critical tasks: the best quality that meets their deadline, the cheapest such.
  const critical = tasks.filter((t) => t.criticality === 'critical');
  if (critical.length > 0) {
    const f = feasible(space, critical);
    const bestQ = Math.max(...f.map((a) => a.quality ?? 0));
    const a = f.filter((x) => (x.quality ?? 0) === bestQ).reduce((m, x) => (cost(x, idleW) < cost(m, idleW) ? x : m));
    byClass.critical = { count: critical.length, action: a.id, dearAction: null, dearCount: 0 };
    qualitySum += critical.length * (a.quality ?? 0);
    energy += critical.length * cost(a, idleW);
  }
  // The others share the rest of the accuracy budget; each class on its own hull, walked together by slope.
  const rest = classes.slice(1).map((c) => ({ c, tasks: tasks.filter((t) => t.criticality === c) })).filter((x) => x.tasks.length > 0);
  const hulls = rest.map((x) => ({ ...x, hull: efficientHull(feasible(space, x.tasks), idleW), at: 0, dear: 0 }));
  for (const h of hulls) {
    qualitySum += h.tasks.length * (h.hull[0]!.quality ?? 0);
    energy += h.tasks.length * cost(h.hull[0]!, idleW);
  }
  const need = tasks.length * o.minAccuracy;
  // Greedy over hull segments by increasing slope (cost per quality) is the LP optimum.
  while (qualitySum < need - 1e-12) {
    let pick: (typeof hulls)[number] | null = null;
    let slope = Infinity;
    for (const h of hulls) {
      if (h.at + 1 >= h.hull.length) continue;
      const a = h.hull[h.at]!;
      const b = h.hull[h.at + 1]!;
      const s = (cost(b, idleW) - cost(a, idleW)) / ((b.quality ?? 0) - (a.quality ?? 0));
      if (s < slope) {
        slope = s;
        pick = h;
      }
    }
    if (pick === null) break;
    const a = pick.hull[pick.at]!;
    const b = pick.hull[pick.at + 1]!;
    const dq = (b.quality ?? 0) - (a.quality ?? 0);
    const left = pick.tasks.length - pick.dear;
    const k = Math.min(left, Math.ceil((need - qualitySum) / dq - 1e-12));
    qualitySum += k * dq;
    energy += k * (cost(b, idleW) - cost(a, idleW));
    pick.dear += k;
    if (pick.dear === pick.tasks.length) {
      // The whole class moved up a vertex: continue from there.
      pick.at++;
      pick.dear = 0;
    }
  }
  for (const h of hulls) {
    const a = h.hull[h.at]!;
    const b = h.dear > 0 ? h.hull[h.at + 1]! : null;
    byClass[h.c] = { count: h.tasks.length, action: a.id, dearAction: b?.id ?? null, dearCount: h.dear };
  }
  return { byClass, accuracy: qualitySum / tasks.length, accuracyUnreachable: qualitySum < need - 1e-9, inferenceEnergyJ: energy };
}
