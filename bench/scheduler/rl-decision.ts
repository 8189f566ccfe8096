/**
 * Time per greedy decision of the RL scheduler's policy (tier 3's budget:
 * ≤ 20 µs per decision), for a scheduler-sized Q-network: 16 observation
 * features, two hidden layers of 64, 30 actions (7 040 MACs), with the
 * observation normaliser and an action mask applied, as on the device.
 *
 * Three paths on the same weights and the same observations:
 *
 *   fast      GreedyPolicy.act (src/scheduler/rl/greedy-policy.ts): plain
 *             TypeScript over Float32Arrays, no allocation
 *   engine    the same network through Edgewatt's engine at batch 1
 *             (tensor → Sequential.call → toArray → masked argmax, inside
 *             noGrad + tidy), on the active backend (WASM SIMD) and on the
 *             reference backend
 *
 * Rounds interleave the paths (the order rotates each round) so drift in
 * the shared machine's speed hits all alike; each round times a block of
 * decisions per path; the figures are medians over rounds after warm-up
 * rounds (p10 and p90 beside them, and the machine's load average, since on a shared machine every figure scales with it). Every decision of the fast path is checked
 * against the engine's in a first pass. One thread.
 *
 *   node dist/bench/scheduler/rl-decision.js [--rounds 1000] [--warmup 50] [--out bench/results/rl-decision.json]
 */
import { activeBackend, noGrad, Rng, setBackend, tensor, tidy } from '../../src/engine/index.js';
import { writeJsonAtomic } from '../../src/io/atomic-write.js';
import type { Sequential } from '../../src/nn/index.js';
import { buildQNetwork, denseLayersOf, GreedyPolicy, maskedArgmax, normaliseInto, type ObservationNormaliser } from '../../src/scheduler/rl/index.js';
import { loadavg } from 'node:os';
import { describeMachine } from '../machine.js';

const CONFIG = { observationSize: 16, actionCount: 30, hidden: [64, 64] };
const BUDGET_US = 20;
const OBSERVATIONS = 1024;

function intArg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  if (i < 0) return fallback;
  const v = Number(process.argv[i + 1]);
  if (!Number.isInteger(v) || v <= 0) throw new RangeError(`rl-decision: --${name} needs a positive integer, got ${process.argv[i + 1]}`);
  return v;
}

function stringArg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i < 0 ? fallback : (process.argv[i + 1] ?? fallback);
}

function quantile(xs: readonly number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  const at = (s.length - 1) * q;
  const lo = Math.floor(at);
  return s[lo]! + (s[Math.min(lo + 1, s.length - 1)]! - s[lo]!) * (at - lo);
}

interface Path {
  readonly name: string;
  /** Decisions per timed block: enough that a block lasts well over the timer's resolution. */
  readonly calls: number;
  readonly decide: (i: number) => number;
  readonly perDecisionUs: number[];
}

function main(): void {
  const rounds = intArg('rounds', 1000);
  const warmup = intArg('warmup', 50);
  const out = stringArg('out', 'bench/results/rl-decision.json');
  const rng = new Rng(2026);
  const defaultBackend = activeBackend().name;
  // Tensors live on the backend that made them: one copy of the network per backend, from the same seed, so the weights are equal.
  const networkOn = (backend: string): Sequential => {
    setBackend(backend);
    return buildQNetwork(CONFIG, new Rng(7)).eval();
  };
  const networks = new Map([defaultBackend, 'reference'].map((b) => [b, networkOn(b)]));
  setBackend(defaultBackend);
  const network = networks.get(defaultBackend)!;
  // A plausible normaliser: features in mixed units (J, Hz, 0..1) standardised.
  const normaliser: ObservationNormaliser = {
    mean: Float32Array.from({ length: 16 }, () => 10 * rng.normal()),
    std: Float32Array.from({ length: 16 }, () => 0.5 + 20 * rng.next()),
  };
  const policy = new GreedyPolicy(denseLayersOf(network), normaliser);
  const observations = Array.from({ length: OBSERVATIONS }, () => Float32Array.from({ length: 16 }, (_, k) => normaliser.mean[k]! + normaliser.std[k]! * rng.normal()));
  // About a third of the actions infeasible (variants that do not fit, deferrals past the deadline).
  const masks = observations.map(() => {
    const m = Uint8Array.from({ length: 30 }, () => (rng.next() < 0.67 ? 1 : 0));
    m[rng.int(30)] = 1;
    return m;
  });
  const scratch = new Float32Array(16);
  const engineDecide = (net: Sequential) => (i: number): number =>
    noGrad(() =>
      tidy(() => {
        const x = normaliseInto(normaliser, observations[i]!, scratch);
        return maskedArgmax(net.call(tensor(x, [1, 16])).toArray(), masks[i]);
      }),
    );

  // Agreement first: the fast path must make the engine's decisions.
  let disagreements = 0;
  for (let i = 0; i < OBSERVATIONS; i++) if (policy.act(observations[i]!, masks[i]) !== engineDecide(network)(i)) disagreements++;

  const loadBefore = loadavg()[0]!;
  let sink = 0;
  const paths: Path[] = [
    { name: 'fast', calls: 200, decide: (i) => policy.act(observations[i]!, masks[i]), perDecisionUs: [] },
    { name: `engine-${defaultBackend}`, calls: 50, decide: engineDecide(network), perDecisionUs: [] },
    { name: 'engine-reference', calls: 20, decide: engineDecide(networks.get('reference')!), perDecisionUs: [] },
  ];
  let next = 0;
  for (let r = 0; r < warmup + rounds; r++) {
    for (let k = 0; k < paths.length; k++) {
      const p = paths[(r + k) % paths.length]!;
      // The backend switch happens outside the timed block.
      if (p.name.startsWith('engine-')) setBackend(p.name.slice('engine-'.length));
      const t0 = performance.now();
      for (let c = 0; c < p.calls; c++) {
        sink += p.decide(next);
        next = next + 1 === OBSERVATIONS ? 0 : next + 1;
      }
      const us = ((performance.now() - t0) * 1000) / p.calls;
      if (r >= warmup) p.perDecisionUs.push(us);
    }
  }
  setBackend(defaultBackend);

  const summary = paths.map((p) => ({
    path: p.name,
    decisionsPerRound: p.calls,
    p10Us: +quantile(p.perDecisionUs, 0.1).toFixed(3),
    medianUs: +quantile(p.perDecisionUs, 0.5).toFixed(3),
    p90Us: +quantile(p.perDecisionUs, 0.9).toFixed(3),
  }));
  const fast = summary[0]!;
  const engine = summary[1]!;
  const m = describeMachine();
  const result = {
    benchmark: 'rl-decision',
    network: { ...CONFIG, macs: 16 * 64 + 64 * 64 + 64 * 30, activation: 'relu', normaliser: true, maskedFraction: 0.33 },
    rounds,
    warmupRounds: warmup,
    budgetUs: BUDGET_US,
    fastMedianUs: fast.medianUs,
    engineMedianUs: engine.medianUs,
    speedup: +(engine.medianUs / fast.medianUs).toFixed(1),
    meetsBudget: fast.medianUs <= BUDGET_US,
    decisionsCompared: OBSERVATIONS,
    disagreements,
    paths: summary,
    machine: { cpu: m.cpuModel, logicalCores: m.logicalCores, node: m.node, v8: m.v8, os: m.os },
    // One-minute load average before and after: on a shared machine every figure above scales with it.
    loadAverage: { before: +loadBefore.toFixed(2), after: +loadavg()[0]!.toFixed(2) },
    checksum: sink,
  };
  writeJsonAtomic(out, result).then(
    () => {
      console.log(`greedy decision, ${CONFIG.observationSize}→${CONFIG.hidden.join('→')}→${CONFIG.actionCount} (${result.network.macs} MACs), median of ${rounds} rounds after ${warmup} warm-up:`);
      for (const s of summary) console.log(`  ${s.path.padEnd(18)} ${s.medianUs.toFixed(2).padStart(8)} µs  (p10 ${s.p10Us.toFixed(2)}, p90 ${s.p90Us.toFixed(2)} µs)`);
      console.log(`  load average ${result.loadAverage.before} → ${result.loadAverage.after} on ${m.logicalCores} logical cores`);
      console.log(`  fast path ${result.speedup}× faster than the engine; budget ${BUDGET_US} µs ${result.meetsBudget ? 'met' : 'MISSED'}; ${disagreements} of ${OBSERVATIONS} decisions differ from the engine's`);
      console.log(`  wrote ${out}`);
    },
    (e: unknown) => {
      console.error(e instanceof Error ? e.message : String(e));
      process.exitCode = 1;
    },
  );
}

main();
