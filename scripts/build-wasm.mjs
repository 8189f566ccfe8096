#!/usr/bin/env node
/**
 * Compiles the AssemblyScript kernels in asm/ into dist/wasm/edgewatt-kernels.wasm.
 * Runs from `npm install` (the `prepare` script) and `npm run build:wasm`.
 *
 * Flags, and why:
 *  --runtime stub       no garbage collector: kernels only read and write raw
 *                       pointers handed in by the JS-side allocator
 *                       (src/engine/backends/wasm/memory.ts), never `new`.
 *  -O3 --noAssert       release build; kernels trust their inputs (the engine
 *                       checks shapes at its public entry point).
 *  --enable simd        SIMD128 (v128, f32x4, i32x4.dot_i16x8_s). Relaxed SIMD
 *                       is deliberately not enabled: it needs a Node flag and
 *                       its results may differ between machines.
 *  --initialMemory 32   2 MiB to start; memory stays growable (no maximum) and
 *                       the allocator grows it on demand.
 *  --use abort=         no `env.abort` import, so the module instantiates with
 *                       an empty import object.
 */
import { mkdirSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const entry = join(root, 'asm', 'index.ts');
const outFile = join(root, 'dist', 'wasm', 'edgewatt-kernels.wasm');
const textFile = process.argv.includes('--wat') ? outFile.replace(/\.wasm$/, '.wat') : null;

let asc;
try {
  asc = (await import('assemblyscript/asc')).default;
} catch (e) {
  console.error(
    'build-wasm: the "assemblyscript" package is not installed, so the WebAssembly kernels cannot be built.\n' +
      '  Install the dev dependencies (npm install) and run `npm run build:wasm` again.\n' +
      '  Without dist/wasm/edgewatt-kernels.wasm Edgewatt still runs on the slower reference backend.\n' +
      `  (${e instanceof Error ? e.message : String(e)})`,
  );
  process.exit(1);
}

mkdirSync(dirname(outFile), { recursive: true });
const args = [
  relative(process.cwd(), entry),
  '--outFile', outFile,
  '--runtime', 'stub',
  '-O3',
  '--noAssert',
  '--enable', 'simd',
  '--initialMemory', '32',
  '--use', 'abort=',
];
if (textFile) args.push('--textFile', textFile);

// Diagnostics go straight to this process's stderr.
const { error } = await asc.main(args, { stdout: process.stdout, stderr: process.stderr });
if (error) {
  console.error(`build-wasm: compiling ${relative(root, entry)} failed: ${error.message}`);
  process.exit(1);
}
console.error(`build-wasm: wrote ${relative(root, outFile)} (${statSync(outFile).size} bytes)`);
