/**
 * What an op sees of its node at import time: the node's names, decoded
 * attributes with typed accessors, the ONNX element types of its inputs, and
 * the values of inputs that are constants (initializers or Constant nodes).
 * Accessors throw FileFormatError naming the file, node, op and attribute
 * with what was expected, so a bad attribute never reaches the engine.
 */
import { FileFormatError } from '../../../io/file-format-error.js';
import { DataType, type AttributeValue, type DataTypeCode, type DecodedTensor } from '../proto.js';
import { UnsupportedFeature } from './errors.js';

export class NodeContext {
  constructor(
    readonly file: string,
    /** The node's name, or `<OpType>_<index>` when the file leaves it empty. */
    readonly name: string,
    readonly opType: string,
    /** Input value names; '' marks an omitted optional input (onnx/docs/IR.md, "Optional inputs"). */
    readonly inputs: readonly string[],
    readonly outputs: readonly string[],
    readonly attrs: ReadonlyMap<string, AttributeValue>,
    /** ONNX element type of each input (undefined for omitted ones). */
    readonly inTypes: readonly (DataTypeCode | undefined)[],
    private readonly constants: ReadonlyMap<string, DecodedTensor>,
    /** The default-domain opset the model imports. */
    readonly opset: number,
  ) {}

  /** `node "conv1" (Conv)`: how every message names the node. */
  get where(): string {
    return `node "${this.name}" (${this.opType})`;
  }

  fail(field: string, problem: string): never {
    throw new FileFormatError(this.file, `${this.where}${field ? `.${field}` : ''}`, problem);
  }

  unsupported(reason: string): never {
    throw new UnsupportedFeature(reason);
  }

  has(name: string): boolean {
    return this.attrs.has(name);
  }

  int(name: string, dflt: number): number {
    const v = this.attrs.get(name);
    if (v === undefined) return dflt;
    if (typeof v !== 'number' || !Number.isInteger(v)) this.fail(`attribute "${name}"`, `expected an integer, got ${describe(v)}`);
    return v;
  }

  float(name: string, dflt: number): number {
    const v = this.attrs.get(name);
    if (v === undefined) return dflt;
    if (typeof v !== 'number') this.fail(`attribute "${name}"`, `expected a float, got ${describe(v)}`);
    return v;
  }

  string(name: string, dflt: string): string {
    const v = this.attrs.get(name);
    if (v === undefined) return dflt;
    if (typeof v !== 'string') this.fail(`attribute "${name}"`, `expected a string, got ${describe(v)}`);
    return v;
  }

  ints(name: string): number[] | undefined {
    const v = this.attrs.get(name);
    if (v === undefined) return undefined;
    if (!Array.isArray(v) || !v.every((x) => typeof x === 'number' && Number.isInteger(x))) {
      this.fail(`attribute "${name}"`, `expected a list of integers, got ${describe(v)}`);
    }
    return [...(v as number[])];
  }

  floats(name: string): number[] | undefined {
    const v = this.attrs.get(name);
    if (v === undefined) return undefined;
    if (!Array.isArray(v) || !v.every((x) => typeof x === 'number')) this.fail(`attribute "${name}"`, `expected a list of floats, got ${describe(v)}`);
    return [...(v as number[])];
  }

  /** An int attribute that must be one of `allowed`. */
  oneOf<T extends number | string>(name: string, dflt: T, allowed: readonly T[]): T {
    const v = (typeof dflt === 'number' ? this.int(name, dflt) : this.string(name, dflt as string)) as T;
    if (!allowed.includes(v)) this.unsupported(`attribute ${name}=${JSON.stringify(v)} (supported: ${allowed.map((a) => JSON.stringify(a)).join(', ')})`);
    return v;
  }

  /** True when input `i` is given (present and non-empty). */
  hasInput(i: number): boolean {
    return (this.inputs[i] ?? '') !== '';
  }

  /** The value of input `i` when it is a constant; undefined when omitted. Not a constant -> unsupported (shapes must be known at import). */
  constInput(i: number, what: string): DecodedTensor | undefined {
    const name = this.inputs[i] ?? '';
    if (name === '') return undefined;
    const c = this.constants.get(name);
    if (!c) this.unsupported(`input ${i} (${what}, "${name}") is computed at run time; only constant ${what} (an initializer or Constant node) is supported`);
    return c;
  }

  /** A constant integer vector input (shapes, axes, pads, starts/ends), as numbers. */
  constInts(i: number, what: string): number[] | undefined {
    const c = this.constInput(i, what);
    if (!c) return undefined;
    if (c.dataType !== DataType.INT64 && c.dataType !== DataType.INT32) this.fail(`input ${i} (${what})`, `expected an int64 or int32 tensor, got element type ${c.dataType}`);
    return Array.from(c.data as ArrayLike<number | bigint>, (v) => clampInt(v));
  }

  /** A constant float vector input (Resize scales, Clip bounds), as numbers. */
  constFloats(i: number, what: string): number[] | undefined {
    const c = this.constInput(i, what);
    if (!c) return undefined;
    return Array.from(c.data as ArrayLike<number | bigint>, (v) => Number(v));
  }

  /** Whether input `i` is a constant (so a kernel may read it at import). */
  isConstant(i: number): boolean {
    return this.constants.has(this.inputs[i] ?? '');
  }

  /** The element type of input `i`, FLOAT when unknown. */
  inType(i: number): DataTypeCode {
    return this.inTypes[i] ?? DataType.FLOAT;
  }
}

/** int64 values as JS numbers; values beyond ±2^53 are clamped (ONNX uses INT64_MAX as "to the end" in Slice). */
function clampInt(v: number | bigint): number {
  if (typeof v === 'number') return v;
  const lim = BigInt(Number.MAX_SAFE_INTEGER);
  return Number(v > lim ? lim : v < -lim ? -lim : v);
}

function describe(v: AttributeValue): string {
  if (typeof v === 'object' && v !== null && !Array.isArray(v)) return `a tensor "${(v as DecodedTensor).name}"`;
  const s = JSON.stringify(v);
  return s.length > 60 ? `${s.slice(0, 60)}...` : s;
}
