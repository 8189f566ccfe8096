/**
 * Memory flatness of a training loop. Goal (project issue): resident memory
 * stays flat over 1,000 steps. Measured in a fresh child process (see
 * memory/rss-child.ts) as the RSS growth over the second half of the run,
 * step 500 to 1,000 (why not from step 100: see RSS_FROM_STEP in workloads.ts),
 * taken from a least-squares line through the readings in that window rather
 * than from its two end readings, which alone jitter by ±1 MiB here.
 *
 * "Flat" is taken as ≤ 2 MiB over those 500 steps, about 4 KiB per step:
 * leaking one activation (4×16×8×8 float32 = 16 KiB) or one 16×16×3×3 conv
 * weight gradient (9 KiB) per step exceeds it two to four times over, while
 * the RSS jitter of a loop that does not leak (flat to ±1 MiB over 3,000
 * steps, first runs of this harness) stays inside it. Leaks of a few bytes per
 * step are below what RSS can resolve. There is no baseline: tfjs-cpu's conv
 * gradients make 1,000 steps of this model take minutes.
 *
 * The child runs with V8's young generation fixed at its default ceiling
 * (RSS_CHILD_NODE_FLAGS). Left to itself, V8 starts the young generation small
 * and doubles it as the loop allocates; its last doubling, 16 → 32 MiB
 * resident, came anywhere between step 450 and 550 (2026-11-22, eight runs
 * each of 78be70f and ab8cc10), so the same loop measured -0.1 to 8.5 MiB
 * depending on which side of step 500 it fell (the 10:24 full run's 3.27 MiB
 * was one of these). The young generation is empty after the forced collection;
 * its size is V8's tuning, not memory the loop holds. Fixed at the ceiling, the
 * same loop reaches the same resident size (~100 MiB) by step 50 and the
 * window sees only what the loop keeps: a leak of one 16 KiB tensor per step
 * still reads 8.4-8.5 MiB, a 4 KiB one 1.7-2.9 MiB.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { makeRecord, type BenchRecord } from '../record.js';
import type { MemoryReading, RssReport } from '../memory/rss-child.js';
import { RSS_BATCH, RSS_FROM_STEP, RSS_IMAGE_HW, RSS_ISSUE_FROM_STEP, RSS_SAMPLE_EVERY, RSS_STEPS } from '../workloads.js';
import type { Suite, SuiteContext } from './suite.js';

const MIB = 2 ** 20;
/**
 * Node flags of the child: --expose-gc for the forced collections, and each
 * young-generation semi-space fixed at 16 MiB, the default maximum on 64-bit
 * systems (Node.js CLI documentation, --max-semi-space-size; V8 grows the young
 * generation up to it), so it starts at the size it would reach anyway.
 */
export const RSS_CHILD_NODE_FLAGS: readonly string[] = ['--expose-gc', '--min-semi-space-size=16', '--max-semi-space-size=16'];
const NAME = `train_rss_growth_step${RSS_FROM_STEP}_to_${RSS_STEPS}`;

export const memorySuite: Suite = {
  name: 'memory',
  describe: `RSS growth of an Edgewatt training loop from step ${RSS_FROM_STEP} to ${RSS_STEPS}`,
  async run(ctx: SuiteContext): Promise<BenchRecord[]> {
    const timeoutMs = ctx.quick ? 20_000 : 180_000;
    const workload = `ResNet-8, ${RSS_IMAGE_HW}×${RSS_IMAGE_HW} inputs, batch ${RSS_BATCH}, ${RSS_STEPS} steps, GC forced before each reading, V8 young generation fixed (${RSS_CHILD_NODE_FLAGS.slice(1).join(' ')})`;
    ctx.log(`memory: ${workload} (child process, limit ${timeoutMs / 1000} s)`);
    const base = { name: NAME, unit: 'MiB', better: 'lower' as const, goal: { on: 'value' as const, op: '<=' as const, target: 2, text: '≤ 2 MiB (flat)' } };
    let report: RssReport;
    try {
      report = await runChild([RSS_STEPS, RSS_SAMPLE_EVERY, RSS_BATCH, RSS_IMAGE_HW].map(String), timeoutMs);
    } catch (e) {
      const reason = e instanceof Error ? e.message : String(e);
      const skipped = /cannot load|does not export|unavailable/.test(reason);
      return [makeRecord({ ...base, value: null, status: skipped ? 'skipped' : 'error', note: `Edgewatt not measured: ${reason}` })];
    }
    const at = (step: number): MemoryReading => {
      const r = report.readings.find((x) => x.step === step);
      if (!r) throw new Error(`rss-child has no reading at step ${step}`);
      return r;
    };
    const from = at(RSS_FROM_STEP);
    const to = at(RSS_STEPS);
    const window = report.readings.filter((r) => r.step >= RSS_FROM_STEP);
    const slope = leastSquaresSlope(window.map((r) => r.step), window.map((r) => r.rssBytes));
    const grow = (a: number, b: number): string => `${((b - a) / MIB).toFixed(2)} MiB`;
    const trace = report.readings.map((r) => (r.rssBytes / MIB).toFixed(0)).join(' ');
    return [makeRecord({
      ...base,
      value: (slope * (RSS_STEPS - RSS_FROM_STEP)) / MIB,
      note: [
        workload,
        `RSS growth from step ${RSS_ISSUE_FROM_STEP} (the issue's example window): ${grow(at(RSS_ISSUE_FROM_STEP).rssBytes, to.rssBytes)}`,
        `step ${RSS_FROM_STEP}→${RSS_STEPS}: RSS end minus start ${grow(from.rssBytes, to.rssBytes)}, V8 heap ${grow(from.heapUsedBytes, to.heapUsedBytes)}, external (ArrayBuffer/wasm) ${grow(from.externalBytes, to.externalBytes)}, V8 young generation ${youngGeneration(window)}`,
        `RSS every ${RSS_SAMPLE_EVERY} steps (MiB): ${trace}`,
        `${(RSS_STEPS / report.seconds).toFixed(0)} steps/s`,
      ].join('; '),
    })];
  },
};

/** The young generation's resident size over the window's readings ("32 MiB throughout", "16 → 32 MiB"), or why it is unknown. */
function youngGeneration(window: readonly MemoryReading[]): string {
  const sizes = window.map((r) => r.youngGenerationBytes);
  if (sizes.some((b) => b === null)) return 'not reported by V8 (no new_space)';
  const mib = (sizes as number[]).map((b) => (b / MIB).toFixed(0));
  const distinct = mib.filter((m, i) => i === 0 || m !== mib[i - 1]);
  return distinct.length === 1 ? `${distinct[0]} MiB throughout` : `${distinct.join(' → ')} MiB`;
}

/** Slope of the least-squares line through (x, y). */
export function leastSquaresSlope(x: readonly number[], y: readonly number[]): number {
  const n = x.length;
  if (n < 2 || y.length !== n) throw new RangeError(`leastSquaresSlope: need two or more (x, y) pairs, got ${n} and ${y.length}`);
  const mx = x.reduce((a, b) => a + b, 0) / n;
  const my = y.reduce((a, b) => a + b, 0) / n;
  let sxy = 0;
  let sxx = 0;
  for (let i = 0; i < n; i++) {
    sxy += (x[i]! - mx) * (y[i]! - my);
    sxx += (x[i]! - mx) ** 2;
  }
  return sxy / sxx;
}

function runChild(args: string[], timeoutMs: number): Promise<RssReport> {
  const script = fileURLToPath(new URL('../memory/rss-child.js', import.meta.url));
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...RSS_CHILD_NODE_FLAGS, script, ...args], { stdio: ['ignore', 'pipe', 'pipe'], timeout: timeoutMs });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString('utf8')));
    child.stderr.on('data', (d: Buffer) => (err += d.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      if (code === 0) {
        try {
          resolve(JSON.parse(out.trim().split('\n').pop() ?? '') as RssReport);
        } catch {
          reject(new Error(`rss-child printed no report: ${out.slice(-300)}`));
        }
        return;
      }
      const why = signal ? `killed by ${signal} (over ${timeoutMs / 1000} s?)` : `exit code ${code}`;
      reject(new Error(`rss-child ${why}: ${err.trim().split('\n').slice(-3).join(' | ')}`));
    });
  });
}
