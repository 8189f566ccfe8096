/**
 * `npm run bench [-- --quick] [-- --only <suite>[,<suite>]]`
 *
 * Runs the suites in one process, one thread, and prints one JSON object per
 * result on stdout (progress goes to stderr, so stdout can be piped to a
 * file or a CI parser). A complete full run writes bench/results/latest.json,
 * a dated copy, and the table in docs/BENCHMARKS.md; a complete --quick run
 * writes bench/results/quick.json only, so a smoke test never replaces the
 * published figures; an --only run writes nothing but stdout.
 *
 * Exit status: 0 when every suite ran (goals missed or Edgewatt not yet
 * loadable included), 1 when a result is an error, 2 on bad arguments.
 */
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { updateBenchmarksDoc } from './benchmarks-doc.js';
import { describeMachine } from './machine.js';
import { makeRecord, toJsonLine, type BenchRecord } from './record.js';
import { gemmSuite } from './suites/gemm.js';
import { inferSuite } from './suites/infer.js';
import { int8InferSuite } from './suites/int8-infer.js';
import { memorySuite } from './suites/memory.js';
import { ortSuite } from './suites/ort.js';
import type { Suite, SuiteContext } from './suites/suite.js';
import { trainSuite } from './suites/train.js';
import { writeJsonAtomic } from '../src/io/atomic-write.js';

const SUITES: readonly Suite[] = [gemmSuite, inferSuite, int8InferSuite, trainSuite, memorySuite, ortSuite];

/** Paths relative to the repository root, found from this file's place in dist/bench/. */
const ROOT = new URL('../../', import.meta.url);
const RESULTS_DIR = new URL('bench/results/', ROOT);
const DOC = new URL('docs/BENCHMARKS.md', ROOT);

const log = (message: string): void => {
  process.stderr.write(`[bench] ${message}\n`);
};

interface Args {
  readonly quick: boolean;
  readonly only: readonly Suite[] | null;
}

function parse(argv: string[]): Args {
  const { values } = parseArgs({
    args: argv,
    options: { quick: { type: 'boolean', default: false }, only: { type: 'string' }, help: { type: 'boolean', default: false } },
    strict: true,
  });
  if (values.help) {
    process.stderr.write(`usage: node dist/bench/run.js [--quick] [--only ${SUITES.map((s) => s.name).join('|')}[,...]]\n`);
    for (const s of SUITES) process.stderr.write(`  ${s.name.padEnd(8)} ${s.describe}\n`);
    process.exit(0);
  }
  if (values.only === undefined) return { quick: values.quick, only: null };
  const names = values.only.split(',').map((s) => s.trim()).filter((s) => s !== '');
  const unknown = names.filter((n) => !SUITES.some((s) => s.name === n));
  if (unknown.length > 0 || names.length === 0) {
    throw new RangeError(`--only: unknown suite "${unknown.join(', ')}"; expected one or more of ${SUITES.map((s) => s.name).join(', ')}`);
  }
  return { quick: values.quick, only: SUITES.filter((s) => names.includes(s.name)) };
}

async function main(): Promise<number> {
  let args: Args;
  try {
    args = parse(process.argv.slice(2));
  } catch (e) {
    log(e instanceof Error ? e.message : String(e));
    return 2;
  }
  const machine = describeMachine();
  log(`${machine.cpuModel}, ${machine.logicalCores} logical cores, Node ${machine.node}; ${args.quick ? 'quick' : 'full'} mode, one thread`);
  const started = new Date();
  const t0 = performance.now();
  const ctx: SuiteContext = { quick: args.quick, log };
  const records: BenchRecord[] = [];
  for (const suite of args.only ?? SUITES) {
    const s0 = performance.now();
    log(`suite ${suite.name}: ${suite.describe}`);
    let out: BenchRecord[];
    try {
      out = await suite.run(ctx);
    } catch (e) {
      const reason = e instanceof Error ? e.message : String(e);
      log(`suite ${suite.name} failed: ${e instanceof Error && e.stack ? e.stack : reason}`);
      out = [makeRecord({ name: suite.name, value: null, unit: '', status: 'error', note: `suite failed: ${reason}` })];
    }
    for (const r of out) process.stdout.write(toJsonLine(r) + '\n');
    records.push(...out);
    log(`suite ${suite.name} done in ${((performance.now() - s0) / 1000).toFixed(1)} s`);
  }
  const durationS = (performance.now() - t0) / 1000;
  log(`all suites done in ${durationS.toFixed(1)} s`);
  const mode = args.quick ? 'quick' : 'full';
  if (args.only === null) {
    const date = started.toISOString();
    const results = { date, mode, duration_s: durationS, machine, ratio: 'value / baseline_value (same run)', records };
    const latest = new URL(args.quick ? 'quick.json' : 'latest.json', RESULTS_DIR);
    await writeJsonAtomic(fileURLToPath(latest), results);
    log(`wrote ${fileURLToPath(latest)}`);
    if (!args.quick) {
      const dated = new URL(`${date.slice(0, 19).replace(/:/g, '-')}.json`, RESULTS_DIR);
      await writeJsonAtomic(fileURLToPath(dated), results);
      await updateBenchmarksDoc(fileURLToPath(DOC), records, machine, { date, mode, durationS });
      log(`wrote ${fileURLToPath(dated)} and ${fileURLToPath(DOC)}`);
    }
  } else {
    log('--only: results printed, no files written');
  }
  return records.some((r) => r.status === 'error') ? 1 : 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    log(`fatal: ${e instanceof Error && e.stack ? e.stack : String(e)}`);
    process.exitCode = 1;
  },
);
