/**
 * A scenario file (`edgewatt evaluate <scenario.json>`): which devices, each
 * with its profile, ladder, energy store, harvest and workload, for how
 * long, over which seeds, compared under which policies. Validated by zod
 * before anything runs, so a typo is one error naming the field.
 */
import { z } from 'zod';
import { CRITICALITIES } from '../../runtime/request.js';
import { POLICY_NAMES } from './policies.js';
import { HARVEST_FORECASTS } from '../forecast/forecast-harvest.js';

const positive = z.number().positive().finite();
const nonNeg = z.number().nonnegative().finite();
const template = {
  relativeDeadlineS: nonNeg,
  criticality: z.enum(CRITICALITIES as unknown as [string, ...string[]]).optional(),
  idPrefix: z.string().min(1).optional(),
};

export const workloadSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('periodic'), periodS: positive, jitterS: nonNeg.optional(), phaseS: nonNeg.optional(), ...template }).strict(),
  z
    .object({
      kind: z.literal('poisson'),
      diurnal: z.object({ meanRatePerS: nonNeg, amplitude: z.number().min(0).max(1), peakTimeOfDayS: nonNeg, periodS: positive.optional() }).strict(),
      burst: z.object({ meanCalmS: positive, meanBurstS: positive, rateMultiplier: z.number().min(1) }).strict().optional(),
      ...template,
    })
    .strict(),
  z
    .object({
      kind: z.literal('mitbih-abnormal'),
      /** The record's header, relative to the data folder (default ecg-mitbih/100.hea). */
      record: z.string().min(1).optional(),
      /** Repeat the record's events back to back to fill the scenario. Default true. */
      repeat: z.boolean().optional(),
      ...template,
    })
    .strict(),
  z
    .object({
      kind: z.literal('nab-anomalies'),
      /** The NAB stream, relative to the data folder (default nab/machine_temperature_system_failure.csv); its windows from combined_windows.json beside it. */
      file: z.string().min(1).optional(),
      /** 'window-start' (one task per window) or 'samples' (one per sampleStride-th reading inside each window; workload/nab-anomalies.ts). Default 'window-start'. */
      mode: z.enum(['window-start', 'samples']).optional(),
      sampleStride: z.number().int().positive().optional(),
      /** Hours after the stream's first sample that are scenario time 0 (NAB streams span months; a day sees a window only where one falls). Default 0. */
      offsetH: nonNeg.optional(),
      ...template,
    })
    .strict(),
]);

export const storeSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('ideal'), capacityJ: positive, soc: z.number().min(0).max(1) }).strict(),
  z.object({ kind: z.literal('lg18650'), soc: z.number().min(0).max(1) }).strict(),
]);

export const solarSchema = z
  .object({
    /** PSM3 .csv or MIDC .txt, relative to the data folder. */
    file: z.string().min(1),
    panelCm2: positive,
    /** Hours into the trace at which the scenario starts. */
    offsetH: nonNeg,
    /**
     * How the scheduler forecasts the harvest: 'holt-winters' (default) or
     * 'persistence' from the power measured so far, or 'oracle' (the trace's
     * future integrated exactly: foresight no device has).
     */
    forecast: z.enum(HARVEST_FORECASTS).optional(),
  })
  .strict();

export const scenarioDeviceSchema = z
  .object({
    /** Names the device in the report ('ward-monitor-1'). */
    name: z.string().min(1),
    /** A built-in device profile id or a profile file. */
    device: z.string().min(1),
    engine: z.string().min(1).optional(),
    /** A ladder manifest (ladder.json or its folder), relative to the scenario file. */
    ladder: z.string().min(1),
    /** Serve only these variants of the ladder (default all). */
    variants: z.array(z.string().min(1)).min(1).optional(),
    store: storeSchema,
    solar: solarSchema.optional(),
    /** Also let the policies offload to a gateway over a radio (radios/*.json; a device profile for the gateway). */
    offload: z
      .object({
        radio: z.string().min(1),
        gateway: z.string().min(1),
        /** The ladder variant the gateway runs; default the first its engine runs (the fp32 rung). */
        variant: z.string().min(1).optional(),
        /** Keep the link up between requests (default true): no per-request set-up. */
        linkUp: z.boolean().optional(),
      })
      .strict()
      .optional(),
    workload: z.array(workloadSchema).min(1),
    /** This device's latency budget, replacing the scenario's; null: none here (deadlines only). */
    maxLatencyRatio: z.number().min(1).finite().nullable().optional(),
  })
  .strict();

export const scenarioSchema = z
  .object({
    name: z.string().min(1),
    description: z.string().optional(),
    durationH: positive,
    seeds: z.array(z.number().int().nonnegative()).min(1),
    /** Grid carbon intensity, g CO₂e per kWh, with where the figure comes from. */
    gridIntensityGPerKwh: nonNeg,
    gridIntensitySource: z.string().min(1),
    /** Accuracy loss the oracle and the headline allow against static fp32, points (default 1). */
    maxAccuracyLossPts: nonNeg.optional(),
    /**
     * Latency budget of the scheduling policies (adaptive, rl, oracle): they
     * are offered only the actions at most this many times slower than
     * static fp32's (sim/latency-cap.ts); 1 = never slower. Default none:
     * any action that meets the deadlines.
     */
    maxLatencyRatio: z.number().min(1).finite().optional(),
    policies: z.array(z.enum(POLICY_NAMES)).min(1),
    policyUnderTest: z.enum(POLICY_NAMES),
    devices: z.array(scenarioDeviceSchema).min(1),
  })
  .strict()
  .superRefine((s, ctx) => {
    for (const need of ['static-fp32', s.policyUnderTest] as const) {
      if (!s.policies.includes(need)) ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['policies'], message: `must include "${need}" (the reference and the policy under test)` });
    }
    const names = new Set<string>();
    s.devices.forEach((d, i) => {
      if (names.has(d.name)) ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['devices', i, 'name'], message: `duplicate device name "${d.name}"` });
      names.add(d.name);
    });
  });

export type Scenario = z.infer<typeof scenarioSchema>;
export type ScenarioDevice = z.infer<typeof scenarioDeviceSchema>;
export type WorkloadSpec = z.infer<typeof workloadSchema>;
