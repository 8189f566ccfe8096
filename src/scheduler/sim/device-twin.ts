/**
 * The device twin: one device — its profile, its ladder, its energy store
 * and harvest — serving a workload under a controller, in virtual time.
 * It is EdgeRuntime itself (queue, deadlines, energy booking, store and
 * harvest stepping, events) driven by a replay of the workload's tasks on
 * a VirtualClock, with a ModelledExecutor in place of the model: hours of
 * device time in well under a second of host time, and the same code path
 * the real runtime takes, so a policy tuned here runs unchanged there.
 */
import { IdealEnergyStore, NO_HARVEST, type EnergyStore, type HarvestSource } from '../../energy/index.js';
import { VirtualClock } from '../../runtime/clock.js';
import type { Controller } from '../../runtime/controller.js';
import { EdgeRuntime } from '../../runtime/edge-runtime.js';
import { DEFAULT_STORE_CAPACITY_J } from '../../runtime/edge-runtime-options.js';
import type { EnergyTotals } from '../../runtime/energy-ledger.js';
import { createRequest } from '../../runtime/request.js';
import type { RuntimeEvent } from '../../runtime/request-event.js';
import { RuntimeSummary, type RuntimeSummarySnapshot } from '../../runtime/runtime-summary.js';
import { replayRequests, type ReplayResult } from '../../runtime/stream-replay.js';
import { VirtualTimeExecutor } from '../../runtime/virtual-time-executor.js';
import type { Task } from '../workload/task.js';
import { checkTransitionS } from './dvfs-transition.js';
import { ModelledExecutor } from './modelled-executor.js';
import type { TwinActionSpace } from './twin-actions.js';

export interface TwinOptions {
  actions: TwinActionSpace;
  /** Sorted by arrival (the workload generators' order). */
  tasks: readonly Task[];
  controller: Controller;
  /** Default: an ideal store of one 18650 cell's energy, full. */
  store?: EnergyStore;
  /** Default: none. */
  harvest?: HarvestSource;
  /** 'serve' (default) or 'drop' requests whose deadline passed before they came up. */
  expiredPolicy?: 'serve' | 'drop';
  /** Every event, for traces and reports. */
  onEvent?: (event: RuntimeEvent) => void;
  /** Keep a trace of about this many points (every k-th served request); default none. */
  tracePoints?: number;
}

/** Sampled at served requests: device time, cumulative device energy (requests + idle), charge, action. */
export interface TwinTrace {
  readonly tS: number[];
  readonly energyJ: number[];
  readonly soc: number[];
  readonly actionId: string[];
}

export interface TwinResult {
  readonly device: string;
  readonly replay: ReplayResult;
  readonly summary: RuntimeSummarySnapshot;
  readonly energy: EnergyTotals;
  /** Mean measured quality of what was served (the expected accuracy), over all and over critical requests; null when none. */
  readonly meanQuality: number | null;
  readonly criticalMeanQuality: number | null;
  /** Served requests' latencies (switch excluded) and completion minus arrival (queueing, wake-up and switch included), s, in serving order. */
  readonly latenciesS: Float64Array;
  readonly responseTimesS: Float64Array;
  readonly finalSoc: number;
  readonly trace: TwinTrace | null;
}

/** A placeholder sample, shared by every request (the modelled executor never reads it). */
const PLACEHOLDER = new Float32Array(1);

export async function simulateTwin(o: TwinOptions): Promise<TwinResult> {
  if (!Array.isArray(o.tasks)) throw new TypeError('simulateTwin: options.tasks must be an array of tasks');
  for (let i = 1; i < o.tasks.length; i++) {
    if (o.tasks[i]!.arrivalS < o.tasks[i - 1]!.arrivalS) throw new RangeError(`simulateTwin: tasks must be sorted by arrival; task ${i} ("${o.tasks[i]!.id}") arrives before task ${i - 1}`);
  }
  const clock = new VirtualClock();
  const { actions } = o;
  checkTransitionS('simulateTwin', 'options.actions.dvfsTransitionS', actions.dvfsTransitionS);
  // The modelled executor prices each switch (a DVFS transition or nothing); the virtual-time wrapper spends it on the device clock.
  const executor = new VirtualTimeExecutor(new ModelledExecutor(actions.actions, { dvfsTransitionS: actions.dvfsTransitionS }), clock, { latencyS: (id) => actions.byId(id).cost.latencyS });
  const summary = new RuntimeSummary();
  let qualitySum = 0;
  let qualityN = 0;
  let criticalSum = 0;
  let criticalN = 0;
  const latencies: number[] = [];
  const responses: number[] = [];
  const arrivals = new Map<string, number>();
  const trace: TwinTrace | null = o.tracePoints !== undefined ? { tS: [], energyJ: [], soc: [], actionId: [] } : null;
  const every = o.tracePoints !== undefined ? Math.max(1, Math.ceil(o.tasks.length / Math.max(1, o.tracePoints))) : 0;
  let servedCount = 0;
  const runtime: EdgeRuntime = new EdgeRuntime({
    executor, clock, controller: o.controller,
    costOf: (id) => actions.byId(id).cost,
    idlePowerW: actions.idlePowerW,
    wakeUp: actions.wakeUp,
    store: o.store ?? new IdealEnergyStore(DEFAULT_STORE_CAPACITY_J),
    harvest: o.harvest ?? NO_HARVEST,
    ...(o.expiredPolicy !== undefined ? { expiredPolicy: o.expiredPolicy } : {}),
    onEvent: (e) => {
      summary.add(e);
      if (e.type === 'request') {
        latencies.push(e.latencyS);
        if (trace !== null && servedCount++ % every === 0) {
          const books = runtime.energy;
          trace.tS.push(e.t);
          trace.energyJ.push(books.requestJ + books.idleJ);
          trace.soc.push(e.soc);
          trace.actionId.push(e.variantId);
        }
        responses.push(e.t - arrivals.get(e.requestId)!);
        if (e.accuracyProxy !== null) {
          qualitySum += e.accuracyProxy;
          qualityN++;
          if (e.criticality === 'critical') {
            criticalSum += e.accuracyProxy;
            criticalN++;
          }
        }
      }
      o.onEvent?.(e);
    },
  });
  const requests = o.tasks.map((t) => {
    arrivals.set(t.id, t.arrivalS);
    return createRequest({ id: t.id, input: PLACEHOLDER, arrivalS: t.arrivalS, deadlineS: t.deadlineS, criticality: t.criticality });
  });
  const replay = await replayRequests(runtime, clock, requests);
  await executor.close();
  return {
    device: actions.device,
    replay,
    summary: summary.snapshot(),
    energy: runtime.energy,
    meanQuality: qualityN > 0 ? qualitySum / qualityN : null,
    criticalMeanQuality: criticalN > 0 ? criticalSum / criticalN : null,
    latenciesS: Float64Array.from(latencies),
    responseTimesS: Float64Array.from(responses),
    finalSoc: runtime.store.soc,
    trace,
  };
}
