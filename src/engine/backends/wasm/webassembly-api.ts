/**
 * The slice of the WebAssembly JS API this backend uses, typed locally. The
 * project compiles against lib ES2022 + @types/node 20, neither of which
 * declares the `WebAssembly` namespace (it lives in lib.dom), and pulling in
 * the DOM lib for four functions would leak browser globals into every file.
 * Signatures follow the WebAssembly JS API spec (https://webassembly.github.io/spec/js-api/).
 */
export interface WasmLinearMemory {
  readonly buffer: ArrayBuffer;
  /** Grows by `pages` 64 KiB pages; returns the old size in pages; throws RangeError on failure. */
  grow(pages: number): number;
}

interface WebAssemblyApi {
  validate(bytes: Uint8Array): boolean;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { readonly exports: Record<string, unknown> };
  Memory: new (descriptor: { initial: number; maximum?: number }) => WasmLinearMemory;
}

/** The engine's WebAssembly object, or undefined where there is none. */
export const webAssembly: WebAssemblyApi | undefined = (globalThis as { WebAssembly?: WebAssemblyApi }).WebAssembly;

/** Whether `x` is a WebAssembly.Memory of this engine. */
export function isWasmMemory(x: unknown): x is WasmLinearMemory {
  return webAssembly !== undefined && x instanceof webAssembly.Memory;
}
