/**
 * GPU energy from NVML through the `nvidia-smi` command line, so no native
 * binding is needed. Query fields (`nvidia-smi --help-query-gpu`):
 *   power.draw  "the last measured power draw for the entire board, in
 *               watts. On Ampere or newer devices, returns average power
 *               draw over 1 sec", ±5 W
 *   total_energy_consumption  NVML's energy counter
 *               (nvmlDeviceGetTotalEnergyConsumption: mJ since the driver was
 *               last loaded, Volta and newer). Not every nvidia-smi accepts
 *               it: several drivers answer 'Field "total_energy_consumption"
 *               is not a valid field to query', so the meter asks for it once
 *               and, when refused or "[N/A]", integrates power.draw instead.
 * With `--format=csv,noheader,nounits` a value NVML cannot give prints as
 * "[N/A]" or "[Not Supported]" (or "[Unknown Error]", "[GPU is lost]").
 *
 * power.draw integrated per read() (trapezoid) misses what happens between
 * NVML's own samples: on A100/H100 only about a quarter of the runtime is
 * sampled (Yang et al., "Part-time Power Measurements: nvidia-smi's Lack of
 * Attention", arXiv:2312.02741). The counter, where present, is preferred.
 */
import { execFileSync } from 'node:child_process';
import type { Meter } from '../meter.js';
import { MeterError } from '../meter.js';
import { PowerIntegrator } from './power-integrator.js';
import type { NowS } from './sysfs-reader.js';
import { errorCode, monotonicNowS } from './sysfs-reader.js';

export const NVIDIA_SMI = 'nvidia-smi';

/** Runs a command and returns its stdout; throws (with `code` ENOENT when it is not installed) on failure. */
export type ExecCommand = (command: string, args: readonly string[]) => string;

/** The real one; a timeout so a hung driver cannot hang the runtime. */
export const execFileText: ExecCommand = (command, args) =>
  execFileSync(command, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 10_000 });

export interface NvidiaSmiOptions {
  exec?: ExecCommand;
  now?: NowS;
}

export interface NvidiaGpu {
  index: number;
  name: string;
}

/** Runs nvidia-smi; every failure becomes a `MeterError`, "not installed" told apart from "failed". */
export function runNvidiaSmi(exec: ExecCommand, meter: string, args: readonly string[]): string {
  try {
    return exec(NVIDIA_SMI, args);
  } catch (error) {
    if (errorCode(error) === 'ENOENT') throw new MeterError(meter, NVIDIA_SMI, 'not found on PATH (no NVIDIA driver installed)', { cause: error });
    throw new MeterError(meter, NVIDIA_SMI, `failed: ${commandOutputOf(error)}`, { cause: error });
  }
}

/** What a failed command said: execFileSync attaches stdout and stderr to its error. */
function commandOutputOf(error: unknown): string {
  const parts: string[] = [];
  if (typeof error === 'object' && error !== null) {
    for (const key of ['stdout', 'stderr'] as const) {
      const value = (error as Partial<Record<typeof key, unknown>>)[key];
      if (typeof value === 'string' && value.trim() !== '') parts.push(value.trim());
    }
  }
  if (parts.length === 0) parts.push(error instanceof Error ? error.message : String(error));
  return parts.join(' | ');
}

/** The GPUs nvidia-smi lists, by index. */
export function listNvidiaGpus(options: NvidiaSmiOptions = {}): NvidiaGpu[] {
  const exec = options.exec ?? execFileText;
  const text = runNvidiaSmi(exec, 'nvml', ['--query-gpu=index,name', '--format=csv,noheader,nounits']);
  return csvRows(text).map((fields) => ({ index: Number(fields[0]), name: fields.slice(1).join(', ') }));
}

function csvRows(text: string): string[][] {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '')
    .map((line) => line.split(',').map((field) => field.trim()));
}

/** A value nvidia-smi could not give: "[N/A]", "[Not Supported]"... */
function isUnavailable(field: string): boolean {
  return /^\[.*\]$/.test(field);
}

/** Joules of one GPU since the meter was opened: NVML's energy counter when offered, else integrated power.draw. */
export class NvmlMeter implements Meter {
  readonly scope = 'gpu' as const;
  readonly estimate = false;
  readonly name: string;
  private readonly exec: ExecCommand;
  private readonly now: NowS;
  private readonly index: number;
  /** Set when the counter is used: its reading at open, mJ. */
  private readonly counterOriginMj: number | undefined;
  private readonly integrator: PowerIntegrator | undefined;
  private lastCounterMj = 0;
  private closed = false;

  /** Opens GPU `index` and takes the first sample: throws a `MeterError` when nvidia-smi or the reading is unavailable. */
  constructor(index: number, options: NvidiaSmiOptions = {}) {
    this.exec = options.exec ?? execFileText;
    this.now = options.now ?? monotonicNowS;
    this.index = index;
    this.name = `nvml:gpu${index}`;
    const first = this.query(true);
    if (first.energyField !== undefined && !isUnavailable(first.energyField)) {
      this.counterOriginMj = this.parseNumber(first.energyField, 'total_energy_consumption');
      this.lastCounterMj = this.counterOriginMj;
      this.integrator = undefined;
    } else {
      this.counterOriginMj = undefined;
      this.integrator = new PowerIntegrator(this.now(), this.parseNumber(first.powerField, 'power.draw'));
    }
  }

  /** True when the joules come from NVML's energy counter, false when from integrated power.draw. */
  get usesEnergyCounter(): boolean {
    return this.counterOriginMj !== undefined;
  }

  read(): number {
    if (this.closed) throw new Error(`${this.name}: read after close`);
    if (this.integrator !== undefined) {
      const { powerField } = this.query(false);
      return this.integrator.sample(this.now(), this.parseNumber(powerField, 'power.draw'));
    }
    const { energyField } = this.query(true);
    const counterMj = this.parseNumber(energyField ?? '[missing]', 'total_energy_consumption');
    if (counterMj < this.lastCounterMj) {
      throw new MeterError(this.name, NVIDIA_SMI, `total_energy_consumption went backwards from ${this.lastCounterMj} to ${counterMj} mJ: the counter restarts when the driver reloads`);
    }
    this.lastCounterMj = counterMj;
    return (counterMj - (this.counterOriginMj ?? 0)) * 1e-3;
  }

  close(): void {
    this.closed = true;
  }

  /** One nvidia-smi call; `withEnergy` asks for the counter too, falling back to power only when the field is refused. */
  private query(withEnergy: boolean): { powerField: string; energyField: string | undefined } {
    const format = '--format=csv,noheader,nounits';
    const target = ['-i', String(this.index)];
    let text: string;
    try {
      text = runNvidiaSmi(this.exec, this.name, [`--query-gpu=index,power.draw${withEnergy ? ',total_energy_consumption' : ''}`, format, ...target]);
    } catch (error) {
      if (!withEnergy || !(error instanceof MeterError) || !/not a valid field/i.test(error.message)) throw error;
      return this.query(false);
    }
    const row = csvRows(text)[0];
    if (row === undefined || row[0] !== String(this.index) || row.length < 2) {
      throw new MeterError(this.name, NVIDIA_SMI, `unexpected output for GPU ${this.index}: ${JSON.stringify(text.trim())}`);
    }
    return { powerField: row[1]!, energyField: withEnergy ? row[2] : undefined };
  }

  private parseNumber(field: string, fieldName: string): number {
    if (isUnavailable(field)) {
      throw new MeterError(this.name, NVIDIA_SMI, `${fieldName} is ${field}: NVML cannot measure it on this GPU or driver (power management unsupported, or no permission)`);
    }
    const value = Number(field);
    if (field === '' || !Number.isFinite(value)) throw new MeterError(this.name, NVIDIA_SMI, `${fieldName}: expected a number, got ${JSON.stringify(field)}`);
    return value;
  }
}
