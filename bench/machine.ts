/**
 * What the numbers were measured on. Every figure in a results file is only
 * meaningful next to this: the same code runs 20-50% apart between runs on
 * this shared machine, and much further apart between machines.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { cpus, platform, release, totalmem } from 'node:os';
import { dirname, join } from 'node:path';

export interface Machine {
  readonly cpuModel: string;
  /** Logical cores the OS reports; every benchmark uses one thread regardless. */
  readonly logicalCores: number;
  readonly node: string;
  readonly v8: string;
  readonly os: string;
  readonly memoryBytes: number;
  readonly tfjs: string;
  readonly onnxruntimeNode: string;
  readonly onnxruntimeWeb: string;
}

export function describeMachine(): Machine {
  const list = cpus();
  return {
    cpuModel: list[0]?.model.trim() ?? 'unknown',
    logicalCores: list.length,
    node: process.version,
    v8: process.versions.v8,
    os: `${platform()} ${release()}`,
    memoryBytes: totalmem(),
    tfjs: packageVersion('@tensorflow/tfjs-core'),
    onnxruntimeNode: packageVersion('onnxruntime-node'),
    onnxruntimeWeb: packageVersion('onnxruntime-web'),
  };
}

export function machineMarkdown(m: Machine): string {
  return [
    `- CPU: ${m.cpuModel}, ${m.logicalCores} logical cores (benchmarks use one thread)`,
    `- Memory: ${(m.memoryBytes / 2 ** 30).toFixed(1)} GiB`,
    `- Node ${m.node} (V8 ${m.v8}), ${m.os}`,
    `- Baselines: TensorFlow.js ${m.tfjs} (tfjs-core with the cpu and wasm backends); onnxruntime-node ${m.onnxruntimeNode} (native CPU EP); onnxruntime-web ${m.onnxruntimeWeb} (wasm)`,
  ].join('\n');
}

/**
 * The installed version of a package. `<name>/package.json` cannot be
 * resolved when the package's "exports" map leaves it out (onnxruntime-web
 * 1.30 does), so the package's entry is resolved instead and the folders
 * above it are searched for the package.json that names the package.
 */
function packageVersion(name: string): string {
  try {
    let dir = dirname(createRequire(import.meta.url).resolve(name));
    for (;;) {
      const path = join(dir, 'package.json');
      if (existsSync(path)) {
        const pkg = JSON.parse(readFileSync(path, 'utf8')) as { name?: string; version?: string };
        if (pkg.name === name && typeof pkg.version === 'string') return pkg.version;
      }
      const up = dirname(dir);
      if (up === dir) return 'unknown';
      dir = up;
    }
  } catch {
    return 'unknown';
  }
}
