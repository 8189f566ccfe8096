/**
 * The value of a Constant node (Constant-19): exactly one of the attributes
 * value (a tensor), value_float(s), value_int(s). Sparse and string values
 * are not supported.
 */
import { DataType, type DecodedTensor } from '../../proto.js';
import type { NodeContext } from '../node-context.js';

export function constantValue(ctx: NodeContext): DecodedTensor {
  const name = ctx.outputs[0] ?? '';
  const given = [...ctx.attrs.keys()];
  if (given.length !== 1) ctx.fail('attributes', `expected exactly one value attribute, got [${given.join(', ')}]`);
  const key = given[0]!;
  const v = ctx.attrs.get(key)!;
  switch (key) {
    case 'value':
      if (typeof v !== 'object' || Array.isArray(v)) ctx.fail('attribute "value"', 'expected a tensor');
      return { ...(v as DecodedTensor), name };
    case 'value_float': return { name, dims: [], dataType: DataType.FLOAT, data: Float32Array.of(ctx.float(key, 0)) };
    case 'value_floats': return { name, dims: [ctx.floats(key)!.length], dataType: DataType.FLOAT, data: Float32Array.from(ctx.floats(key)!) };
    case 'value_int': return { name, dims: [], dataType: DataType.INT64, data: BigInt64Array.of(BigInt(ctx.int(key, 0))) };
    case 'value_ints': return { name, dims: [ctx.ints(key)!.length], dataType: DataType.INT64, data: BigInt64Array.from(ctx.ints(key)!, (x) => BigInt(x)) };
    default: return ctx.unsupported(`attribute "${key}" (supported: value, value_float(s), value_int(s))`);
  }
}
