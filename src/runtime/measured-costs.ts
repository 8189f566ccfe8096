/**
 * Costs measured on the device itself, in place of the energy model's:
 * `edgewatt meters --while <ladder> --save-costs <file>` times each variant
 * back to back on the machine and reads its energy meter (idle phase, then
 * one loaded phase per variant), and `edgewatt run --costs <file>` serves
 * with those figures — the controller decides on the device's real latency
 * and joules, and device time advances by the measured latency. The
 * model's figures are what a device without a meter has; this is what a
 * device with one learns about itself.
 *
 * Per variant: the latency is the loaded phase's time over its inference
 * count (batch 1, back to back); the energy is the loaded phase's joules
 * over its inference count, so it includes the idle-level power during the
 * inference, as the model's static term does. Between requests the
 * measured idle power is booked. When the meter was the profile's model
 * (no real counter), the file says so and so does everything that reads it.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { FileFormatError } from '../io/file-format-error.js';
import { schemaError } from '../io/schema-error.js';
import type { DeviceCosts, VariantDeviceCost } from './device-costs.js';

export const MEASURED_COSTS_FORMAT = 'edgewatt-measured-costs';

const positive = z.number().finite().positive();
const nonNegative = z.number().finite().nonnegative();

const measuredCostsSchema = z.object({
  format: z.literal(MEASURED_COSTS_FORMAT),
  version: z.literal(1),
  /** ISO time of the measurement. */
  measuredAt: z.string().min(1),
  /** The machine measured (os.hostname() and CPU model). */
  host: z.string().min(1),
  /** The ladder folder measured. */
  ladder: z.string().min(1),
  meter: z.object({ name: z.string().min(1), scope: z.string().min(1), estimate: z.boolean() }).strict(),
  /** Mean power at rest over the idle phase, W. */
  idleW: nonNegative,
  variants: z.record(z.string().min(1), z.object({
    latencyS: positive,
    energyJ: nonNegative,
    /** Inferences the figures are the mean of. */
    inferences: z.number().int().positive(),
  }).strict()).refine((v) => Object.keys(v).length > 0, 'needs at least one variant'),
}).strict();

export type MeasuredCosts = z.infer<typeof measuredCostsSchema>;

/** Checks a parsed costs file; `source` names it in errors. */
export function parseMeasuredCosts(json: unknown, source: string): MeasuredCosts {
  const r = measuredCostsSchema.safeParse(json);
  if (!r.success) throw schemaError(source, r.error);
  return r.data;
}

export function readMeasuredCosts(path: string): MeasuredCosts {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    if (err.code === 'ENOENT') throw new Error(`${path}: no such costs file (write one with \`edgewatt meters --while <ladder> --save-costs ${path}\`)`);
    throw e;
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new FileFormatError(path, '(root)', `not valid JSON: ${(e as Error).message}`);
  }
  return parseMeasuredCosts(json, path);
}

/**
 * The device costs with every served variant's latency and energy, and the
 * idle power, replaced by the measured ones. Every variant in `base` must
 * have been measured (a ladder rebuilt since would otherwise be priced
 * half by measurement, half by model); extra measured variants are ignored.
 */
export function withMeasuredCosts(base: DeviceCosts, measured: MeasuredCosts, source: string): DeviceCosts {
  const missing = [...base.variants.keys()].filter((id) => measured.variants[id] === undefined);
  if (missing.length > 0) {
    throw new FileFormatError(source, 'variants', `has no measurement of ${missing.map((m) => `"${m}"`).join(', ')}; it measured ${Object.keys(measured.variants).map((m) => `"${m}"`).join(', ')} (measure this ladder again with \`edgewatt meters --while <ladder> --save-costs\`)`);
  }
  const device = `${base.device} (measured on ${measured.host})`;
  const variants = new Map<string, VariantDeviceCost>();
  for (const [id, c] of base.variants) {
    const m = measured.variants[id]!;
    // The idle-level power during the inference is the static share; the rest is what the inference added.
    const staticJ = Math.min(m.energyJ, measured.idleW * m.latencyS);
    variants.set(id, {
      ...c,
      estimate: {
        ...c.estimate,
        device, latencyS: m.latencyS, energyJ: m.energyJ,
        computeJ: m.energyJ - staticJ, memoryJ: 0, staticJ,
        measured: true, cycles: null, averagePowerW: m.energyJ / m.latencyS,
      },
    });
  }
  return {
    ...base,
    device,
    idlePowerW: measured.idleW,
    variants,
    // Every runnable variant was replaced; base's own lookups name an unknown or unsupported one.
    costOf: (id) => variants.get(id)?.estimate ?? base.costOf(id),
    latencyS: (id) => variants.get(id)?.estimate.latencyS ?? base.latencyS(id),
  };
}
