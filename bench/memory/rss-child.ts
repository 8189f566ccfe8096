/**
 * Child process for the memory-flatness benchmark: runs an Edgewatt training
 * loop and reports memory readings along the way. It is a process of its own
 * because RSS is per process — the tfjs baselines and earlier suites in the
 * parent would otherwise be counted too.
 *
 * Run with --expose-gc: the garbage collector is forced before each reading,
 * so what remains is memory the loop still holds, not garbage a later
 * collection would have freed. The parent also fixes the size of V8's young
 * generation (see RSS_CHILD_NODE_FLAGS in suites/memory.ts); each reading
 * records it, so a record shows that it stayed put.
 *
 * Usage: node <RSS_CHILD_NODE_FLAGS> rss-child.js <steps> <sampleEvery> <batch> <imageHW>
 * Prints one JSON object (RssReport) on stdout.
 */
import { performance } from 'node:perf_hooks';
import { getHeapSpaceStatistics } from 'node:v8';
import { edgewattResNet8TrainStep } from '../edgewatt/resnet8-train.js';

export interface MemoryReading {
  /** Training steps completed when the reading was taken (0 = before the first). */
  readonly step: number;
  readonly rssBytes: number;
  readonly heapUsedBytes: number;
  /** ArrayBuffers and WebAssembly memories, which live outside V8's heap. */
  readonly externalBytes: number;
  /**
   * Resident bytes of V8's young generation (its `new_space`). Empty of live
   * objects after the forced collection, but its pages stay resident: when V8
   * doubles it, RSS rises by the same amount with no live memory behind it.
   * Null where V8 reports no space of that name.
   */
  readonly youngGenerationBytes: number | null;
}

export interface RssReport {
  readonly readings: readonly MemoryReading[];
  /** Seconds for all the steps, readings included. */
  readonly seconds: number;
}

function reading(step: number): MemoryReading {
  (globalThis as { gc?: () => void }).gc?.();
  const m = process.memoryUsage();
  const young = getHeapSpaceStatistics().find((s) => s.space_name === 'new_space');
  return { step, rssBytes: m.rss, heapUsedBytes: m.heapUsed, externalBytes: m.external, youngGenerationBytes: young?.physical_space_size ?? null };
}

async function main(): Promise<void> {
  const [steps, every, batch, imageHW] = process.argv.slice(2).map(Number);
  if (![steps, every, batch, imageHW].every((v) => Number.isInteger(v) && v! > 0)) {
    throw new Error(`usage: rss-child <steps> <sampleEvery> <batch> <imageHW>, got ${process.argv.slice(2).join(' ')}`);
  }
  const train = await edgewattResNet8TrainStep({ batch: batch!, imageHW: imageHW! });
  const readings = [reading(0)];
  const t0 = performance.now();
  for (let i = 1; i <= steps!; i++) {
    await train.step();
    if (i % every! === 0 || i === steps) readings.push(reading(i));
  }
  const report: RssReport = { readings, seconds: (performance.now() - t0) / 1000 };
  process.stdout.write(JSON.stringify(report) + '\n');
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}\n`);
  process.exit(2);
});
