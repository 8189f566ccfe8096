/**
 * `edgewatt evaluate <scenario.json>` and `edgewatt demo`: run a scenario's
 * devices × policies × seeds on the device twin, write the report (Markdown
 * + SVG charts + result.json) and print the headline — or, with --json, the
 * headline as one JSON object. Ctrl-C stops between runs and writes what
 * was done, marked partial; a second Ctrl-C exits at once.
 */
import { readFileSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { schemaError } from '../../io/schema-error.js';
import { runScenario } from '../../scheduler/eval/run-scenario.js';
import { scenarioSchema, type Scenario } from '../../scheduler/eval/scenario.js';
import { createProgress } from '../../train/progress.js';
import { requireDir, sharedDataDir } from '../data-paths.js';
import { formatHeadlineTable } from '../report/headline-table.js';
import { writeEvaluationReport } from '../report/write-report.js';

/** scenarios/ at the repository (or installed package) root, from dist/src/cli/commands/. */
export const BUILTIN_SCENARIOS_DIR = fileURLToPath(new URL('../../../../scenarios/', import.meta.url));

interface EvaluateCliOptions {
  out?: string;
  json?: boolean;
  quiet?: boolean;
  /** A ratio >= 1, or 'none': replaces the scenario's latency budget on every device. */
  maxLatencyRatio?: number | 'none';
}

/** `--max-latency-ratio`: a number >= 1, or "none" (a string: commander turns a parser's null into ''). */
export function parseLatencyRatio(value: string): number | 'none' {
  if (value.trim().toLowerCase() === 'none') return 'none';
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n < 1) throw new Error(`option --max-latency-ratio: expected a number >= 1 (1 = never slower than static fp32) or "none" (deadlines only), got "${value}"`);
  return n;
}

/** The scenario with its latency budget replaced on every device (scenario.ts `maxLatencyRatio`). */
export function withLatencyBudget(s: Scenario, ratio: number | null): Scenario {
  const devices = s.devices.map(({ maxLatencyRatio: _, ...d }) => d);
  const { maxLatencyRatio: __, ...rest } = s;
  return { ...rest, devices, ...(ratio === null ? {} : { maxLatencyRatio: ratio }) };
}

function readScenario(path: string): Scenario {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    if (err.code === 'ENOENT') throw new Error(`${path}: no such scenario file`);
    throw new Error(`${path}: not valid JSON: ${err.message}`);
  }
  const r = scenarioSchema.safeParse(json);
  if (!r.success) throw schemaError(path, r.error);
  return r.data;
}

export async function evaluateCommand(scenarioPath: string, opts: EvaluateCliOptions): Promise<void> {
  const path = resolve(scenarioPath);
  const read = readScenario(path);
  const scenario = opts.maxLatencyRatio === undefined ? read : withLatencyBudget(read, opts.maxLatencyRatio === 'none' ? null : opts.maxLatencyRatio);
  const usesData = scenario.devices.some((d) => d.solar !== undefined || d.workload.some((w) => w.kind === 'mitbih-abnormal' || w.kind === 'nab-anomalies'));
  const dataDir = usesData ? requireDir(sharedDataDir(), `${path} uses real traces (solar irradiance, MIT-BIH or NAB); the shared data folder`, 'set EDGEWATT_DATA or place it at ../shared/data') : sharedDataDir();
  const out = resolve(opts.out ?? `reports/${basename(path).replace(/\.json$/, '')}`);
  const abort = new AbortController();
  const onSigint = (): void => {
    if (abort.signal.aborted) process.exit(130);
    process.stderr.write('\n[evaluate] interrupted: finishing the current run, then writing a partial report (Ctrl-C again to quit now)\n');
    abort.abort();
  };
  process.on('SIGINT', onSigint);
  let bar: ReturnType<typeof createProgress> | null = null;
  try {
    const result = await runScenario(scenario, {
      scenarioPath: path,
      dataDir,
      signal: abort.signal,
      onProgress: (done, total, label) => {
        bar ??= createProgress({ total, label: 'evaluate', enabled: !opts.quiet });
        bar.update(done, { note: label });
      },
    });
    (bar as ReturnType<typeof createProgress> | null)?.stop();
    const written = await writeEvaluationReport(result, out);
    if (opts.json) {
      process.stdout.write(JSON.stringify({ ...result.headline, policy_under_test: result.policyUnderTest, partial: result.partial, report: written.reportPath }) + '\n');
    } else {
      process.stdout.write(formatHeadlineTable(result) + `\nreport: ${written.reportPath}\n`);
    }
    if (result.partial) process.exitCode = 130;
  } finally {
    process.off('SIGINT', onSigint);
  }
}

export function registerEvaluateCommand(program: Command): void {
  program
    .command('evaluate')
    .description('run a scenario (devices × policies × seeds) on the device twin and write a report: Markdown, SVG charts, result.json')
    .argument('<scenario>', 'a scenario file (see scenarios/demo.json and src/scheduler/eval/scenario.ts)')
    .option('--out <dir>', 'report folder (default reports/<scenario name>)')
    .option('--json', 'print the headline as one JSON object (fractions, not percent)')
    .option('--quiet', 'no progress bar')
    .option('--max-latency-ratio <x|none>', 'latency budget of the scheduling policies (adaptive, rl, oracle) on every device, replacing the scenario\'s: a ratio to static fp32\'s latency (1 = never slower), or "none" (any action that meets the deadline)', parseLatencyRatio)
    .action((scenario: string, opts: EvaluateCliOptions) => evaluateCommand(scenario, opts));
  program
    .command('demo')
    .description('the default scenario: a ward of patient monitors (STM32U575) and vibration gateways (Raspberry Pi 4), 24 h on solar, every policy over 5 seeds; prints the headline table and the report path')
    .option('--out <dir>', 'report folder (default reports/demo)')
    .option('--json', 'print the headline as one JSON object (fractions, not percent)')
    .option('--quiet', 'no progress bar')
    .option('--max-latency-ratio <x|none>', 'latency budget of the scheduling policies (adaptive, rl, oracle) on every device, replacing the scenario\'s: a ratio to static fp32\'s latency (1 = never slower), or "none" (any action that meets the deadline)', parseLatencyRatio)
    .action((opts: EvaluateCliOptions) => evaluateCommand(resolve(BUILTIN_SCENARIOS_DIR, 'demo.json'), opts));
}
