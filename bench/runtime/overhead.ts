/**
 * Runtime overhead per request over the bare backend call, at batch 1 (the
 * issue's goal: at most 5 %). Each model is exported to ONNX in memory and
 * loaded, on one thread with the same options, twice: into one public
 * onnxruntime-node InferenceSession, which `bare` and `handler` share, and
 * into one session of onnxruntime-node's native binding, as the session
 * API's onnxruntime-node backend loads it (backends/ort-native.ts), which
 * `nativeSync` and `runtime` share:
 *
 *   bare     session.run({ input }) on onnxruntime's own InferenceSession,
 *            with one input ort.Tensor made once and reused: what a user
 *            writing against onnxruntime-node directly would do, and what
 *            the goal's ratio is taken against
 *   handler  the same native call without InferenceSession.run's async
 *            wrapper: `session.handler.run(feeds, fetches, options)` with
 *            the fetches map and options made once, as the session API's
 *            onnxruntime-node handler calls it (backends/ort-handler.ts,
 *            `direct`). Not public API; the runtime's ratio against it is
 *            the cost of the runtime's own work and of its entry
 *   nativeSync  the native binding session's synchronous `run(feeds,
 *            fetches, options)`, awaited as the session API's handler hands
 *            it back (a resolved promise): the call onnxruntime-node's own
 *            handler makes an event-loop turn later (`setImmediate`). Not
 *            public API; the fastest entry, so the runtime's ratio against
 *            it is the cost of the runtime's own work alone
 *   runtime  createRequest (stamped with runtime.nowS) + EdgeRuntime.submit
 *            + drain; the session behind the session API's onnxruntime-node
 *            handler as createSession builds it (entry native-sync) and a SessionExecutor (what
 *            LadderExecutor is over a folder), the default
 *            AdaptivePrecisionController, the model's energy booked (no
 *            meter), the default IdealEnergyStore, the host clock, and every
 *            event handed to an onEvent callback that keeps a running total
 *            (what a user logging or summarising events does)
 *
 * They are interleaved round by round (rotating which goes first), each
 * round timing a block of calls per path, so drift in the shared machine's
 * speed hits every path alike; the figures are medians over rounds after warm-up
 * rounds. The warm-up is counted in calls, the same for both models, and is
 * long enough for V8 to optimise the runtime's code: with --trace-opt,
 * TurboFan compiled the serving loop, account, stateFor and the controller only
 * after 500-4,000 requests, so the earlier 50-request ResNet-8 warm-up
 * timed interpreted bookkeeping (15-40 µs a request instead of a few). A
 * device serving for hours runs the optimised code; that is the figure.
 * Two workloads: the HAR cnn1d ([3, 26], 26 k MACs, the issue's
 * microcontroller-sized case and the headline figure) and ResNet-8 on
 * 32×32 images (MLPerf Tiny's image model), which shows that the overhead
 * is a constant per request, not a fraction of the inference. After the
 * timed rounds each path's allocation per call is measured too
 * (`bytesPerCall`): it does not move with the machine's load as timings do,
 * and the collector's cost follows it. Prints one JSON object, and writes
 * it to --out when given.
 *
 *   node dist/bench/runtime/overhead.js [--rounds 2000] [--calls 25] [--warmup-calls 6000] [--out bench/results/runtime-overhead.json]
 */
import { getHeapSpaceStatistics } from 'node:v8';
import { exportOnnx } from '../../src/interop/onnx/export/index.js';
import { backendHandlerOf, ortHandler } from '../../src/interop/session/backends/ort-handler.js';
import { nativeBindingOf, openNativeSession } from '../../src/interop/session/backends/ort-native.js';
import { createRequire } from 'node:module';
import { EdgewattSession } from '../../src/interop/session/index.js';
import { writeFileAtomic } from '../../src/io/atomic-write.js';
import { cnn1d, resnet8, type Module } from '../../src/nn/index.js';
import type { InferenceCost } from '../../src/energy/inference-cost.js';
import { createRequest, EdgeRuntime, SessionExecutor, type RuntimeEvent } from '../../src/runtime/index.js';
import { describeMachine } from '../machine.js';

const GOAL_RATIO = 1.05;

function intArg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  if (i < 0) return fallback;
  const v = Number(process.argv[i + 1]);
  if (!Number.isInteger(v) || v <= 0) throw new RangeError(`overhead: --${name} needs a positive integer, got ${process.argv[i + 1]}`);
  return v;
}

function stringArg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  if (i < 0) return undefined;
  const v = process.argv[i + 1];
  if (v === undefined || v.startsWith('--')) throw new RangeError(`overhead: --${name} needs a value`);
  return v;
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** Bytes of V8's young generation in use now. */
function newSpaceUsedBytes(): number {
  const space = getHeapSpaceStatistics().find((sp) => sp.space_name === 'new_space');
  if (space === undefined) throw new Error('overhead: V8 reports no new_space; cannot measure allocation per call');
  return space.space_used_size;
}

/**
 * Bytes allocated per call: the young generation's growth over a batch of
 * calls, the median over batches no scavenge interrupted (a batch a
 * scavenge cut shows the space shrinking, or growing by far less). Every
 * byte is garbage within a call or two, so it is what the scavenger is paid
 * for: next to the cnn1d inference, 0.25–0.3 µs a call per kB of garbage
 * (runtime/drain.ts). The probe itself allocates a few hundred bytes a
 * batch, under 2 B a call.
 */
async function bytesPerCall(call: () => Promise<unknown>, batches = 40, size = 200): Promise<number> {
  const grew: number[] = [];
  for (let b = 0; b < batches; b++) {
    const before = newSpaceUsedBytes();
    for (let i = 0; i < size; i++) await call();
    const after = newSpaceUsedBytes();
    if (after > before) grew.push((after - before) / size);
  }
  if (grew.length === 0) throw new Error(`overhead: a scavenge interrupted every one of ${batches} batches of ${size} calls; cannot measure allocation per call`);
  return median(grew);
}

interface Workload {
  readonly name: string;
  readonly model: Module;
  readonly inputShape: readonly number[];
  readonly rounds: number;
  readonly calls: number;
  /** Warm-up rounds: ceil(warm-up calls / calls). */
  readonly warmup: number;
}

async function measure(w: Workload): Promise<Record<string, unknown>> {
  w.model.eval();
  const ort = await import('onnxruntime-node');
  const bytes = await exportOnnx(w.model, { inputShape: w.inputShape });
  // The options the session API's onnxruntime-node backend passes (backends/onnxruntime-node.ts), one thread.
  const sessionOptions = { executionProviders: ['cpu'], intraOpNumThreads: 1 };
  const ortSession = await ort.InferenceSession.create(bytes, sessionOptions);
  const binding = nativeBindingOf(createRequire(import.meta.url)('onnxruntime-node/dist/binding.js'));
  if (typeof binding === 'string') throw new Error(`overhead: ${binding}; the native synchronous path cannot be timed`);
  // As createSession's onnxruntime-node backend builds it (backends/onnxruntime-node.ts).
  const nativeSession = openNativeSession(binding, bytes, sessionOptions, w.name);
  const handler = ortHandler(ort.Tensor, nativeSession, 'onnxruntime-node', { direct: true });
  if (handler.entry !== 'native-sync') throw new Error(`overhead: the session API's handler took entry ${handler.entry}, not native-sync`);
  const session = new EdgewattSession('onnxruntime-node', handler);
  const native = backendHandlerOf(ortSession);
  if (native === null) throw new Error('overhead: this onnxruntime-node InferenceSession has no backend handler; the handler path cannot be timed');
  const size = w.inputShape.reduce((a, b) => a * b, 1);
  const x = Float32Array.from({ length: size }, (_, i) => Math.sin(i * 0.37));
  const dims = [1, ...w.inputShape];
  const bareFeeds = { [ortSession.inputNames[0]!]: new ort.Tensor('float32', x, dims) };
  // What InferenceSession.run passes its handler when no fetches are given: every output, null; no options.
  const allOutputs = Object.fromEntries(ortSession.outputNames.map((name) => [name, null]));
  const noOptions = {};
  const executor = new SessionExecutor([{ id: w.name, quality: null, open: async () => session }], w.inputShape);
  // A stand-in for the energy model's estimate (not wired here): 20 W over 50 µs; the booking path is the same for any figure.
  const cost: InferenceCost = { latencyS: 50e-6, energyJ: 1e-3, computeJ: 6e-4, memoryJ: 2e-4, staticJ: 2e-4, measured: true };
  let eventEnergyJ = 0;
  const onEvent = (e: RuntimeEvent): void => {
    if (e.type === 'request') eventEnergyJ += e.energyJ;
  };
  const runtime = new EdgeRuntime({ executor, costOf: () => cost, idlePowerW: 2, onEvent });
  let n = 0;

  const bareBlock = async (): Promise<number> => {
    const t0 = performance.now();
    for (let i = 0; i < w.calls; i++) await ortSession.run(bareFeeds);
    return (performance.now() - t0) / w.calls;
  };
  const handlerBlock = async (): Promise<number> => {
    const t0 = performance.now();
    for (let i = 0; i < w.calls; i++) await native.run(bareFeeds, allOutputs, noOptions);
    return (performance.now() - t0) / w.calls;
  };
  const nativeSyncBlock = async (): Promise<number> => {
    const t0 = performance.now();
    for (let i = 0; i < w.calls; i++) await Promise.resolve(nativeSession.runSync(bareFeeds, allOutputs, noOptions));
    return (performance.now() - t0) / w.calls;
  };
  const runtimeBlock = async (): Promise<number> => {
    const t0 = performance.now();
    for (let i = 0; i < w.calls; i++) {
      runtime.submit(createRequest({ id: `r${n++}`, input: x, arrivalS: runtime.nowS }));
      await runtime.drain();
    }
    return (performance.now() - t0) / w.calls;
  };
  // The same calls, one at a time, for the allocation probe (the timed blocks keep their loops inline).
  const bareCall = (): Promise<unknown> => ortSession.run(bareFeeds);
  const handlerCall = (): Promise<unknown> => native.run(bareFeeds, allOutputs, noOptions);
  const nativeSyncCall = (): Promise<unknown> => Promise.resolve(nativeSession.runSync(bareFeeds, allOutputs, noOptions));
  const runtimeCall = (): Promise<unknown> => {
    runtime.submit(createRequest({ id: `r${n++}`, input: x, arrivalS: runtime.nowS }));
    return runtime.drain();
  };

  // Each round times every path once, the order rotating round by round. Each block is preceded by one untimed
  // call of its own path: the paths use two sessions, and with the rotation bare and nativeSync mostly follow the
  // other session's block, so their first call would reload their weights into cache where handler's and runtime's
  // would not (ResNet-8 without it: bare 13-16 µs a call over handler, against 1.5-6 µs when all shared one session).
  const blocks = [bareBlock, handlerBlock, nativeSyncBlock, runtimeBlock];
  const primers = [bareCall, handlerCall, nativeSyncCall, runtimeCall];
  const times: number[][] = blocks.map(() => []);
  for (let r = 0; r < w.warmup + w.rounds; r++) {
    for (let k = 0; k < blocks.length; k++) {
      const p = (r + k) % blocks.length;
      await primers[p]!();
      const ms = await blocks[p]!();
      if (r >= w.warmup) times[p]!.push(ms);
    }
  }
  const [bareMs, handlerMs, nativeSyncMs, runtimeMs] = times as [number[], number[], number[], number[]];
  const bareBytes = await bytesPerCall(bareCall);
  const handlerBytes = await bytesPerCall(handlerCall);
  const nativeSyncBytes = await bytesPerCall(nativeSyncCall);
  const runtimeBytes = await bytesPerCall(runtimeCall);
  await executor.close();
  await ortSession.release();
  const bare = median(bareMs);
  const direct = median(handlerMs);
  const sync = median(nativeSyncMs);
  const served = median(runtimeMs);
  const ratio = served / bare;
  return {
    model: `${w.name} [${w.inputShape.join(', ')}]`,
    backend: session.backend,
    sessionEntry: handler.entry,
    bare: 'onnxruntime-node InferenceSession.run, one reused input tensor',
    rounds: w.rounds,
    callsPerRound: w.calls,
    warmupRounds: w.warmup,
    warmupCallsPerPath: w.warmup * w.calls,
    bareMedianUs: +(bare * 1000).toFixed(2),
    runtimeMedianUs: +(served * 1000).toFixed(2),
    overheadUs: +((served - bare) * 1000).toFixed(2),
    ratio: +ratio.toFixed(4),
    // Per-round ratios too: their median is robust to a round where the machine slowed for one path only.
    medianRoundRatio: +median(bareMs.map((b, i) => runtimeMs[i]! / b)).toFixed(4),
    meetsGoal: ratio <= GOAL_RATIO,
    // The same native call without InferenceSession.run's wrapper: what the runtime's own work costs over it.
    bareHandler: 'session.handler.run(feeds, fetches, options), not public API, prepared fetches and options',
    bareHandlerMedianUs: +(direct * 1000).toFixed(2),
    overheadOverHandlerUs: +((served - direct) * 1000).toFixed(2),
    ratioOverHandler: +(served / direct).toFixed(4),
    medianRoundRatioOverHandler: +median(handlerMs.map((h, i) => runtimeMs[i]! / h)).toFixed(4),
    // The native synchronous call, the fastest entry: over it, the runtime's own bookkeeping alone.
    bareNativeSync: 'native binding InferenceSession.run(feeds, fetches, options), synchronous, awaited as Promise.resolve(...); not public API',
    nativeSyncMedianUs: +(sync * 1000).toFixed(2),
    overheadOverNativeSyncUs: +((served - sync) * 1000).toFixed(2),
    ratioOverNativeSync: +(served / sync).toFixed(4),
    medianRoundRatioOverNativeSync: +median(nativeSyncMs.map((s, i) => runtimeMs[i]! / s)).toFixed(4),
    // Allocation per call, after the timed rounds: deterministic where the timings are not (bytesPerCall).
    bareBytesPerCall: Math.round(bareBytes),
    bareHandlerBytesPerCall: Math.round(handlerBytes),
    nativeSyncBytesPerCall: Math.round(nativeSyncBytes),
    runtimeBytesPerCall: Math.round(runtimeBytes),
    requestsServed: runtime.served,
    // What onEvent summed: the events were built and delivered, not skipped.
    eventEnergyJ: +eventEnergyJ.toFixed(6),
  };
}

async function main(): Promise<void> {
  // 2,000 rounds: about 1.3 s of timed calls per model, so one busy second on the shared machine moves the median less than in 400 (0.3 s).
  const rounds = intArg('rounds', 2000);
  const calls = intArg('calls', 25);
  // 6,000: past the 500-4,000 requests after which TurboFan had compiled the runtime's code (--trace-opt, see above).
  const warmupCalls = intArg('warmup-calls', 6000);
  const out = stringArg('out');
  const workloads: Workload[] = [
    { name: 'cnn1d', model: cnn1d(), inputShape: [3, 26], rounds, calls, warmup: Math.ceil(warmupCalls / calls) },
    // ~20× the inference time: fewer calls per round keep the run short.
    { name: 'resnet8', model: resnet8(), inputShape: [3, 32, 32], rounds: Math.ceil(rounds / 4), calls: Math.max(1, Math.ceil(calls / 5)), warmup: Math.ceil(warmupCalls / Math.max(1, Math.ceil(calls / 5))) },
  ];
  const results = [];
  for (const w of workloads) results.push(await measure(w));
  const m = describeMachine();
  const report = {
    benchmark: 'runtime-overhead',
    batch: 1,
    threads: 1,
    goalRatio: GOAL_RATIO,
    headline: results[0],
    workloads: results,
    machine: { cpu: m.cpuModel, logicalCores: m.logicalCores, node: m.node, onnxruntimeNode: m.onnxruntimeNode },
  };
  const json = JSON.stringify(report, null, 2);
  console.log(json);
  if (out !== undefined) await writeFileAtomic(out, json + '\n');
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? (e.stack ?? e.message) : String(e));
  process.exitCode = 1;
});
