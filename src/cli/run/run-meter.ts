/**
 * The meter of `edgewatt run --realtime --meter <auto|name>`: one of the
 * machine's real counters, whose joules the runtime books per request. One,
 * not a sum: meters overlap (a rail is part of the board input; RAPL psys
 * holds package and dram), so adding them would count energy twice. `auto`
 * takes the one that sees most of the device: the board input, then a
 * battery, then a CPU package, then a single rail, then a GPU. With no real
 * counter the runtime books the device profile's model, and says so.
 */
import type { ExecCommand, Meter, MeterScope, SysfsReader } from '../../energy/meters/index.js';
import { detectMeters, ModelMeter, nodeSysfsReader } from '../../energy/meters/index.js';

const SCOPE_PREFERENCE: readonly MeterScope[] = ['board', 'battery', 'package', 'rail', 'gpu'];

export interface RunMeterOptions {
  sysfsRoot?: string;
  fs?: SysfsReader;
  exec?: ExecCommand;
  log: (line: string) => void;
}

/** The meter that sees most of the device (board, battery, package, rail, GPU, in that order), or undefined. */
export function preferredMeter<M extends { readonly scope: MeterScope }>(meters: readonly M[]): M | undefined {
  // A scope off the list (the model's) comes last.
  const rank = (m: M): number => (SCOPE_PREFERENCE.includes(m.scope) ? SCOPE_PREFERENCE.indexOf(m.scope) : SCOPE_PREFERENCE.length);
  return [...meters].sort((a, b) => rank(a) - rank(b))[0];
}

/** The chosen meter, or null when `spec` is 'auto' and nothing real opened; the others are closed. */
export function chooseRunMeter(spec: string, o: RunMeterOptions): Meter | null {
  const placeholder = new ModelMeter({ name: 'model:none' });
  const { meters, log } = detectMeters({
    fallback: placeholder,
    fs: o.fs ?? nodeSysfsReader(o.sysfsRoot ?? ''),
    ...(o.exec !== undefined ? { exec: o.exec } : {}),
  });
  const real = meters.filter((m) => m !== placeholder);
  placeholder.close();
  let chosen: Meter | undefined;
  if (spec === 'auto') {
    chosen = preferredMeter(real);
    if (chosen === undefined) {
      for (const line of log) o.log(`meter: ${line.startsWith('using model:none') ? 'no real energy counter opened; energies come from the device profile\'s model' : line}`);
    }
  } else {
    chosen = real.find((m) => m.name === spec);
    if (chosen === undefined) {
      for (const m of real) m.close();
      const have = real.length > 0 ? `this machine has ${real.map((m) => m.name).join(', ')}` : `no real meter opened here (${log.filter((l) => !l.startsWith('using model:none')).join('; ')})`;
      throw new Error(`option --meter: no meter named "${spec}"; ${have}; or give --meter auto`);
    }
  }
  for (const m of real) if (m !== chosen) m.close();
  if (chosen !== undefined) {
    const others = real.filter((m) => m !== chosen).map((m) => m.name);
    o.log(`meter: ${chosen.name} (scope ${chosen.scope}) books each request's energy${others.length > 0 ? `; not used: ${others.join(', ')}` : ''}`);
  }
  return chosen ?? null;
}
