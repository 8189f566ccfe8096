/**
 * Seeded mutation fuzzing for file readers. Each reader gets valid files in
 * its real layout, and we feed it mutated copies: bit flips, byte overwrites,
 * truncations, insertions, deletions, duplicated chunks and "interesting"
 * values (0x00, 0xff, 0x7f, 0x80) written over length fields. The contract
 * under test: a reader either returns or throws one of the allowed typed
 * errors — never a RangeError from a typed array, never a hang, never a crash.
 *
 * Hangs are bounded by the time budget: if one input takes longer than
 * `perInputMs`, the test fails and names the seed and mutation that did it.
 */
import assert from 'node:assert/strict';
import { Rng } from '../../src/engine/random.js';

export type Mutation = { readonly kind: string; readonly bytes: Uint8Array };

const INTERESTING = [0x00, 0xff, 0x7f, 0x80, 0x01, 0xfe];

/**
 * One mutated copy of `input`, chosen by `rng`. Copies are made with
 * `new Uint8Array(...)`: on a Node Buffer `slice()` is a view, and mutating it
 * would corrupt the seed for every later input.
 */
export function mutate(input: Uint8Array, rng: Rng): Mutation {
  const n = input.length;
  const pick = (k: number) => Math.floor(rng.next() * k);
  const kind = pick(8);
  switch (kind) {
    case 0: { // flip 1-8 bits
      const out = new Uint8Array(input);
      const flips = 1 + pick(8);
      for (let i = 0; i < flips && n > 0; i++) out[pick(n)]! ^= 1 << pick(8);
      return { kind: 'bit flips', bytes: out };
    }
    case 1: { // truncate
      return { kind: 'truncate', bytes: new Uint8Array(input.subarray(0, pick(n + 1))) };
    }
    case 2: { // overwrite a run with random bytes
      const out = new Uint8Array(input);
      const at = pick(n + 1), len = 1 + pick(16);
      for (let i = at; i < Math.min(n, at + len); i++) out[i] = pick(256);
      return { kind: 'random run', bytes: out };
    }
    case 3: { // insert random bytes
      const at = pick(n + 1), len = 1 + pick(32);
      const out = new Uint8Array(n + len);
      out.set(input.subarray(0, at), 0);
      for (let i = 0; i < len; i++) out[at + i] = pick(256);
      out.set(input.subarray(at), at + len);
      return { kind: 'insert', bytes: out };
    }
    case 4: { // delete a run
      const at = pick(n + 1), len = 1 + pick(64);
      const out = new Uint8Array(Math.max(0, n - Math.min(len, n - at)));
      out.set(input.subarray(0, at), 0);
      out.set(input.subarray(Math.min(n, at + len)), at);
      return { kind: 'delete', bytes: out };
    }
    case 5: { // interesting values over 1-4 bytes (length fields, counts, signs)
      const out = new Uint8Array(input);
      const at = pick(n + 1), len = 1 + pick(4), v = INTERESTING[pick(INTERESTING.length)]!;
      for (let i = at; i < Math.min(n, at + len); i++) out[i] = v;
      return { kind: 'interesting bytes', bytes: out };
    }
    case 6: { // duplicate a chunk in place
      const at = pick(n + 1), len = 1 + pick(128);
      const chunk = input.subarray(at, Math.min(n, at + len));
      const out = new Uint8Array(n + chunk.length);
      out.set(input.subarray(0, at + chunk.length), 0);
      out.set(chunk, at + chunk.length);
      out.set(input.subarray(at + chunk.length), at + 2 * chunk.length);
      return { kind: 'duplicate chunk', bytes: out };
    }
    default: { // text-ish: swap a byte for a separator/digit/sign often meaningful in CSV and headers
      const out = new Uint8Array(input);
      const chars = ',\n\r .-+e0123456789\t"';
      const flips = 1 + pick(4);
      for (let i = 0; i < flips && n > 0; i++) out[pick(n)] = chars.charCodeAt(pick(chars.length));
      return { kind: 'text tokens', bytes: out };
    }
  }
}

export interface FuzzOptions {
  /** Valid files to start from (each mutation picks one). */
  readonly seeds: readonly Uint8Array[];
  /** Parses one input; must return or throw an allowed error. May be async. */
  readonly read: (bytes: Uint8Array) => unknown;
  /** Error classes that count as a clean rejection. */
  readonly allowed: readonly (abstract new (...args: never[]) => Error)[];
  /** Number of mutated inputs (the issue asks for >= 1,000). */
  readonly count?: number;
  readonly seed?: number;
  /** A single input taking longer than this is reported as a hang. */
  readonly perInputMs?: number;
}

export interface FuzzReport {
  readonly inputs: number;
  readonly accepted: number;
  readonly rejected: number;
}

/** Runs the fuzz loop; fails with the seed, index and mutation kind of the first bad outcome. */
export async function fuzzReader(name: string, options: FuzzOptions): Promise<FuzzReport> {
  const count = options.count ?? 1000;
  const seed = options.seed ?? 1;
  const perInputMs = options.perInputMs ?? 2000;
  assert.ok(options.seeds.length > 0, `${name}: fuzzReader needs at least one valid seed file`);
  const rng = new Rng(seed);
  let accepted = 0, rejected = 0;
  for (let i = 0; i < count; i++) {
    const base = options.seeds[Math.floor(rng.next() * options.seeds.length)]!;
    const m = mutate(base, rng);
    const t0 = performance.now();
    try {
      await options.read(m.bytes);
      accepted++;
    } catch (err) {
      if (!options.allowed.some((cls) => err instanceof cls)) {
        const what = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
        assert.fail(`${name}: input ${i} (seed ${seed}, mutation "${m.kind}", ${m.bytes.length} bytes) threw an untyped error: ${what}`);
      }
      rejected++;
    }
    const ms = performance.now() - t0;
    if (ms > perInputMs) assert.fail(`${name}: input ${i} (seed ${seed}, mutation "${m.kind}") took ${ms.toFixed(0)} ms (> ${perInputMs} ms): a hang`);
  }
  return { inputs: count, accepted, rejected };
}
