/**
 * `edgewatt profile <model | ladder> --device <name>[,<name>...]`: latency,
 * energy, peak memory and whether it fits, per variant per device, from the
 * energy model (Edge Impulse reports latency, RAM and flash; this adds
 * energy). A zoo model name also shows the device's published results for
 * that model beside the predictions.
 */
import type { Command } from 'commander';
import { builtinDeviceIds, PRECISIONS, type Precision } from '../../energy/index.js';
import { formatProfile } from '../profile/format-profile.js';
import { profileReport } from '../profile/profile-rows.js';

function parseDevices(value: string): string[] {
  const names = value.split(',').map((s) => s.trim()).filter((s) => s !== '');
  if (names.length === 1 && names[0] === 'all') return builtinDeviceIds();
  if (names.length === 0) throw new Error(`option --device: expected a device name or a list (known: ${builtinDeviceIds().join(', ')}, or "all")`);
  return names;
}

function parseSupplyV(value: string): number {
  const v = Number(value);
  if (value.trim() === '' || !Number.isFinite(v) || v <= 0) throw new Error(`option --supply-v: expected a supply voltage in volts (e.g. 3.0), got "${value}"`);
  return v;
}

function parsePrecision(value: string): Precision {
  if (!(PRECISIONS as readonly string[]).includes(value)) throw new Error(`option --precision: expected one of ${PRECISIONS.join(', ')}, got "${value}"`);
  return value as Precision;
}

export function registerProfileCommand(program: Command): void {
  program
    .command('profile')
    .description('model latency, energy, peak memory and fit per variant per device (modelled from cited device profiles)')
    .argument('<model>', 'a ladder (folder with ladder.json), a checkpoint folder or a zoo model name (resnet8, dscnn, fc-autoencoder...)')
    .requiredOption('--device <names>', `device ids, comma-separated, or "all" (${builtinDeviceIds().join(', ')}), or a profile .json file`, parseDevices)
    .option('--engine <id>', 'engine of the device profile (default: its defaultEngine)')
    .option('--op-point <id>', 'DVFS operating point (default: the nominal one)')
    .option('--precision <p>', 'precision to run a model at (default: float32 where the engine has it, else int8)', parsePrecision)
    .option('--supply-v <volts>', "board supply voltage V_DD (default: the one the device's published measurements were taken at; needs a profile with a cited supply description)", parseSupplyV)
    .option('--json', 'print the report as one JSON object on stdout')
    .action(async (arg: string, opts: { device: string[]; engine?: string; opPoint?: string; precision?: Precision; supplyV?: number; json?: boolean }) => {
      const report = await profileReport(arg, {
        devices: opts.device,
        ...(opts.engine ? { engine: opts.engine } : {}),
        ...(opts.opPoint ? { opPoint: opts.opPoint } : {}),
        ...(opts.precision ? { precision: opts.precision } : {}),
        ...(opts.supplyV !== undefined ? { supplyV: opts.supplyV } : {}),
      });
      process.stdout.write((opts.json ? JSON.stringify(report) : formatProfile(report)) + '\n');
    });
}
