/**
 * The RL scheduler's view of a device's actions: the twin's action list
 * (ladder variant × DVFS operating point, ids `<variant>@<op point>`, in
 * the executor's order) with what the observation and the reward need
 * precomputed once — each action's quality rank and operating-point rank
 * as fractions, the reference action (the static deployment the reward
 * and the utilisation are measured against), the fastest latency, and the
 * mask of actions worth choosing at all.
 *
 * The mask drops Pareto-dominated actions: one whose energy, latency and
 * measured quality are all matched or beaten by another action (one of
 * them strictly), and exact duplicates after their first. On the demo's
 * ladder that is most of the space — a nested int2 width runs on int8
 * kernels at int8's cost with 20 points less top-1 (the same observation
 * as runtime/adaptive-precision-controller.ts `energyLadder`, with latency
 * added so a slow-but-cheap operating point survives for loose deadlines).
 * No state can make a dominated action the better choice for this reward
 * (reward.ts: energy, deadline, quality — each no worse elsewhere), so
 * masking it loses nothing and spares the agent learning that.
 */

/** What the RL scheduler reads of an action: TwinAction and CandidateVariant both fit. */
export interface RlActionInput {
  readonly id: string;
  readonly cost: { readonly latencyS: number; readonly energyJ: number };
  readonly quality: number | null;
}

export interface RlActionSpace {
  /** Action ids in index order (the policy's action names). */
  readonly ids: readonly string[];
  readonly size: number;
  readonly latencyS: Float64Array;
  readonly energyJ: Float64Array;
  /** Measured quality, NaN when unmeasured. */
  readonly quality: Float64Array;
  /** Rank of the action's quality among the space's distinct measured qualities: 0 the worst, 1 the best (unmeasured: 0). */
  readonly qualityRank: Float64Array;
  /** Rank of its operating point by speed: 0 the slowest, 1 the fastest (1 when there is one). */
  readonly opPointRank: Float64Array;
  /** 1 for actions worth choosing, 0 for dominated ones (the action mask). */
  readonly allowed: Uint8Array;
  /** The static deployment's action: the reward's energy reference and the utilisation's latency. */
  readonly referenceIndex: number;
  /** The shortest latency of any allowed action, s. */
  readonly fastestLatencyS: number;
  /** The best measured quality of any action. */
  readonly bestQuality: number;
  indexOf(id: string): number;
}

/** The operating point of `<variant>@<op point>`: after the last '@' ('' when there is none). */
export function opPointOf(id: string): string {
  const at = id.lastIndexOf('@');
  return at < 0 ? '' : id.slice(at + 1);
}

function variantOf(id: string): string {
  const at = id.lastIndexOf('@');
  return at < 0 ? id : id.slice(0, at);
}

/**
 * Operating points from slowest to fastest, scored by the summed log
 * latency of the variants offered at every point (latency ∝ 1/f in the
 * energy model, so any common variant orders them the same way); without
 * a common variant, by each point's shortest latency.
 */
function opPointOrder(actions: readonly RlActionInput[]): string[] {
  const ops = [...new Set(actions.map((a) => opPointOf(a.id)))];
  const byVariant = new Map<string, Map<string, number>>();
  for (const a of actions) {
    const v = variantOf(a.id);
    if (!byVariant.has(v)) byVariant.set(v, new Map());
    byVariant.get(v)!.set(opPointOf(a.id), a.cost.latencyS);
  }
  const common = [...byVariant.values()].filter((m) => m.size === ops.length);
  const score = (op: string): number =>
    common.length > 0 ? common.reduce((s, m) => s + Math.log(Math.max(m.get(op)!, 1e-30)), 0) : Math.min(...actions.filter((a) => opPointOf(a.id) === op).map((a) => a.cost.latencyS));
  return ops.sort((a, b) => score(b) - score(a) || (a < b ? -1 : a > b ? 1 : 0));
}

/** True when action j makes action i not worth choosing (see the header). */
function dominates(j: number, i: number, e: Float64Array, l: Float64Array, q: Float64Array): boolean {
  if (Number.isNaN(q[i]!)) return false;
  if (Number.isNaN(q[j]!)) return false;
  if (!(e[j]! <= e[i]! && l[j]! <= l[i]! && q[j]! >= q[i]!)) return false;
  const strictly = e[j]! < e[i]! || l[j]! < l[i]! || q[j]! > q[i]!;
  return strictly || j < i;
}

/**
 * The RL view of `actions`, with `referenceId` (the static top action,
 * eval/policies.ts `topAction`) as the reference. Checks its arguments.
 */
export function rlActionSpace(actions: readonly RlActionInput[], referenceId: string): RlActionSpace {
  const who = 'rlActionSpace';
  if (!Array.isArray(actions) || actions.length === 0) throw new RangeError(`${who}: at least one action is needed`);
  const n = actions.length;
  const ids = actions.map((a) => a.id);
  if (new Set(ids).size !== n) throw new RangeError(`${who}: action ids must be unique; got ${ids.join(', ')}`);
  const latencyS = new Float64Array(n);
  const energyJ = new Float64Array(n);
  const quality = new Float64Array(n);
  actions.forEach((a, i) => {
    for (const [f, v] of [['latencyS', a.cost?.latencyS], ['energyJ', a.cost?.energyJ]] as const) {
      if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) throw new RangeError(`${who}: action "${a.id}" cost.${f} must be a finite number >= 0, got ${String(v)}`);
    }
    latencyS[i] = a.cost.latencyS;
    energyJ[i] = a.cost.energyJ;
    quality[i] = a.quality ?? NaN;
  });
  const referenceIndex = ids.indexOf(referenceId);
  if (referenceIndex < 0) throw new RangeError(`${who}: the reference action "${referenceId}" is not among the actions (${ids.join(', ')})`);
  if (!(energyJ[referenceIndex]! > 0)) throw new RangeError(`${who}: the reference action "${referenceId}" costs ${energyJ[referenceIndex]} J; the reward needs a positive reference energy`);

  const levels = [...new Set(Array.from(quality).filter((q) => !Number.isNaN(q)))].sort((a, b) => a - b);
  const qualityRank = Float64Array.from(quality, (q) => (Number.isNaN(q) ? 0 : levels.length > 1 ? levels.indexOf(q) / (levels.length - 1) : 1));
  const ops = opPointOrder(actions);
  const opPointRank = Float64Array.from(ids, (id) => (ops.length > 1 ? ops.indexOf(opPointOf(id)) / (ops.length - 1) : 1));

  const allowed = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    let dominated = false;
    for (let j = 0; j < n && !dominated; j++) if (j !== i && dominates(j, i, energyJ, latencyS, quality)) dominated = true;
    allowed[i] = dominated ? 0 : 1;
  }
  let fastestLatencyS = Infinity;
  for (let i = 0; i < n; i++) if (allowed[i]) fastestLatencyS = Math.min(fastestLatencyS, latencyS[i]!);
  const index = new Map(ids.map((id, i) => [id, i]));
  return {
    ids, size: n, latencyS, energyJ, quality, qualityRank, opPointRank, allowed, referenceIndex,
    fastestLatencyS: fastestLatencyS > 0 ? fastestLatencyS : Math.max(...latencyS, 1e-9),
    bestQuality: levels.length > 0 ? levels[levels.length - 1]! : NaN,
    indexOf: (id) => index.get(id) ?? -1,
  };
}
