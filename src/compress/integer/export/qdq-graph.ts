/**
 * The QDQ vocabulary (quantize, dequantize, per-channel dequantized
 * initializers, uint8 zero points) over the float exporter's GraphBuilder,
 * which owns the names, the nodes, the initializers and the final pruning
 * and assembly. Values are names; every name is unique.
 *
 * A quantized value is carried as a uint8 tensor with its scale and zero
 * point: the int8 q of the integer path, with zero point z, is exported as
 * the uint8 q + 128 with zero point z + 128 — the same real values — because
 * onnxruntime's x86-64 CPU kernels are built around U8S8 (uint8 activations,
 * int8 weights: the VPMADDUBSW instruction; onnxruntime docs, "Quantize ONNX
 * Models", data type selection) and fuse U8S8 QDQ convolutions into
 * QLinearConv, while S8S8 is left mostly unfused and runs about 2× slower.
 */
import { attr, DataType, type DataTypeCode, type IAttributeProto, type IGraphProto, type IValueInfoProto, type TensorData } from '../../../interop/onnx/proto.js';
import { GraphBuilder } from '../../../interop/onnx/export/graph-builder.js';
import type { ActivationQuant } from '../requant-math.js';

/** The offset between the int8 and uint8 encodings of the same real values. */
export const UINT8_OFFSET = 128;

/** A quantized value in the graph: a uint8 tensor and the int8 parameters of the integer path. */
export interface QValue {
  readonly name: string;
  readonly quant: ActivationQuant;
}

export class QdqGraph {
  private readonly g: GraphBuilder;

  constructor(readonly inputName: string, opset: number) {
    this.g = new GraphBuilder(opset, inputName);
  }

  node(opType: string, inputs: readonly string[], attributes: readonly IAttributeProto[], name: string): string {
    return this.g.node(opType, inputs, attributes, name);
  }

  constant(hint: string, dims: readonly number[], data: TensorData, dataType?: DataTypeCode): string {
    return this.g.namedConstant(hint, dims, data, dataType);
  }

  /** A float32 scale: a scalar, or 1-D per channel. */
  scale(hint: string, scales: ArrayLike<number>, perChannel: boolean): string {
    return this.constant(hint, perChannel ? [scales.length] : [], Float32Array.from(scales));
  }

  /** uint8 zero point of an int8 activation quantization (z + 128). */
  uint8ZeroPoint(hint: string, zeroPoint: number): string {
    return this.constant(hint, [], Uint8Array.of(zeroPoint + UINT8_OFFSET), DataType.UINT8);
  }

  /** float → uint8 (QuantizeLinear, opset 13: round half to even, saturate). */
  quantize(x: string, quant: ActivationQuant, name: string): QValue {
    const out = this.node('QuantizeLinear', [x, this.scale(`${name}.scale`, [quant.scale], false), this.uint8ZeroPoint(`${name}.zero_point`, quant.zeroPoint)], [], name);
    return { name: out, quant };
  }

  /** uint8 → float (DequantizeLinear). */
  dequantize(v: QValue, name: string): string {
    return this.node('DequantizeLinear', [v.name, this.scale(`${name}.x_scale`, [v.quant.scale], false), this.uint8ZeroPoint(`${name}.x_zero_point`, v.quant.zeroPoint)], [], name);
  }

  /**
   * A per-channel (axis 0) dequantized initializer: int8 weights with zero
   * points 0, or an int32 bias (zero point omitted: it defaults to 0, the
   * only value ONNX allows for int32).
   */
  perChannelConstant(hint: string, dims: readonly number[], values: Int8Array | Int32Array, scales: ArrayLike<number>): string {
    const q = this.constant(`${hint}_quantized`, dims, values);
    const inputs = [q, this.scale(`${hint}_scale`, scales, true)];
    if (values instanceof Int8Array) inputs.push(this.constant(`${hint}_zero_point`, [scales.length], new Int8Array(scales.length)));
    return this.node('DequantizeLinear', inputs, [attr.int('axis', 0)], hint);
  }

  int64(hint: string, values: readonly number[]): string {
    return this.constant(hint, [values.length], BigInt64Array.from(values, (v) => BigInt(v)), DataType.INT64);
  }

  /** The graph, its last node renamed to produce `output` (GraphBuilder.build: dead nodes pruned). */
  build(name: string, input: IValueInfoProto, resultName: string, output: IValueInfoProto): IGraphProto {
    return this.g.build(name, input, resultName, output);
  }
}
