/**
 * Feature probe for WebAssembly SIMD128, done the jax-js way: validate a tiny
 * module that uses a v128 instruction instead of trusting a version string.
 * The module is `(func (result v128) (v128.const i32x4 0 0 0 0))`, encoded by
 * hand from the binary format (WebAssembly core spec 3.0, section 5; SIMD
 * opcode 0xfd 12 = v128.const, value type 0x7b = v128).
 */
const SIMD_PROBE = new Uint8Array([
  0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, // "\0asm", version 1
  0x01, 0x05, 0x01, 0x60, 0x00, 0x01, 0x7b, // type section: () -> v128
  0x03, 0x02, 0x01, 0x00, // function section: one function of type 0
  0x0a, 0x16, 0x01, 0x14, 0x00, // code section: one body of 20 bytes, no locals
  0xfd, 0x0c, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, // v128.const
  0x0b, // end
]);

import { webAssembly } from './webassembly-api.js';

let cached: boolean | undefined;

/** Whether this engine runs WebAssembly SIMD128 (cached after the first call). */
export function wasmSimdSupported(): boolean {
  if (cached === undefined) cached = webAssembly !== undefined && webAssembly.validate(SIMD_PROBE);
  return cached;
}
