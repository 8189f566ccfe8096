/** What export refuses, and how it says so; the OnnxExportable path that skips tracing. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as ort from 'onnxruntime-node';
import { arange, runPrimitive, tensor, type Tensor } from '../../src/engine/index.js';
import { Linear, Module, ReLU, Sequential } from '../../src/nn/index.js';
import { exportOnnx, exportOnnxModel, OnnxExportError } from '../../src/interop/onnx/export/index.js';
import type { OnnxExportable } from '../../src/interop/onnx/exportable.js';
import { IR_VERSION, valueInfo, type IModelProto } from '../../src/interop/onnx/proto.js';
import { forward, runOnnx } from './helpers-export-ort.js';

/** Runs the int8 GEMM primitive, as a quantized layer would at inference. */
class Int8Gemm extends Module {
  readonly wq: Tensor;
  constructor() {
    super();
    this.wq = this.buffer('wq', tensor(Int8Array.from([1, -2, 3, 4]), [2, 2]));
  }
  forward(x: Tensor): Tensor {
    return runPrimitive('matmulInt8', [x.cast('int8'), this.wq], { transA: false, transB: false }).cast('float32');
  }
}

/** Calls a backward-only primitive in its forward (a gradient probe). */
class GradProbe extends Module {
  forward(x: Tensor): Tensor {
    const dw = runPrimitive('conv2dBackFilter', [x, x], { stride: [1, 1], pad: [0, 0, 0, 0], dilation: [1, 1], groups: 1, kernelHW: [1, 1] });
    return x.add(dw);
  }
}

class ToImage extends Module {
  forward(x: Tensor): Tensor {
    return x.reshape([-1, 1, 1, 2]);
  }
}

test('every non-exportable primitive is listed with the module path where it ran', () => {
  const model = new Sequential({ body: new Sequential({ q: new Int8Gemm(), relu: new ReLU() }), image: new ToImage(), probe: new GradProbe() });
  assert.throws(
    () => exportOnnxModel(model, { inputShape: [2] }),
    (err: unknown) => {
      assert.ok(err instanceof OnnxExportError);
      assert.equal(err.problems.length, 2);
      assert.match(err.problems[0]!, /primitive "matmulInt8" in Int8Gemm "body\.q" is not exportable: .*export the float model/);
      assert.match(err.problems[1]!, /primitive "conv2dBackFilter" in GradProbe "probe" is not exportable: .*eval mode/);
      assert.match(err.message, /^exportOnnx\(Sequential\): 2 problems/);
      return true;
    },
  );
});

test('a constant whose shape follows the batch is refused for a dynamic batch and accepted for a fixed one', async () => {
  class BatchIndex extends Module {
    forward(x: Tensor): Tensor {
      return x.add(arange(x.shape[0]!).reshape([-1, 1]));
    }
  }
  const model = new BatchIndex();
  assert.throws(() => exportOnnxModel(model, { inputShape: [3] }), /constant of shape \[1\].*follows the batch.*options\.batch/s);
  const bytes = exportOnnx(model, { inputShape: [3], batch: 2 });
  const x = tensor([[1, 2, 3], [4, 5, 6]]);
  assert.deepEqual((await runOnnx(bytes, x)).data, forward(model, x).data);
});

test('options are checked at the entry point', () => {
  const model = new Linear(3, 2);
  assert.throws(() => exportOnnxModel(model, { inputShape: [3], opset: 16 }), /options\.opset must be an integer >= 17, got 16/);
  assert.throws(() => exportOnnxModel(model, { inputShape: [0] }), /options\.inputShape must list positive integers/);
  assert.throws(() => exportOnnxModel(model, { inputShape: [3], batch: 0 }), /options\.batch must be a positive integer or 'dynamic'/);
  assert.throws(() => exportOnnxModel(model, { inputShape: [3], inputName: 'x', outputName: 'x' }), /must differ/);
  assert.throws(() => exportOnnxModel(model, { inputShape: [4] }), /forward pass on an input of shape \[1, 4\] failed: Linear: input has 4 features, expected 3/);
});

test('export leaves the training flags as it found them', () => {
  const model = new Sequential({ fc: new Linear(3, 2), relu: new ReLU() });
  exportOnnxModel(model, { inputShape: [3] });
  assert.ok(model.namedModules().every(([, m]) => m.training));
});

test('an OnnxExportable module is asked for its own graph instead of being traced', async () => {
  class Imported extends Module implements OnnxExportable {
    readonly asked: (number | undefined)[] = [];
    forward(): Tensor {
      throw new Error('an imported model is not traced');
    }
    toOnnxModel(options?: { readonly opset?: number }): IModelProto {
      this.asked.push(options?.opset);
      return {
        irVersion: IR_VERSION,
        opsetImport: [{ domain: '', version: options?.opset ?? 17 }],
        producerName: 'original',
        graph: {
          name: 'imported',
          node: [{ opType: 'Neg', input: ['input'], output: ['output'], name: 'neg' }],
          input: [valueInfo('input', [null, 2])],
          output: [valueInfo('output', [null, 2])],
        },
      };
    }
  }
  const model = new Imported();
  assert.equal(exportOnnxModel(model, { inputShape: [2], opset: 18 }).producerName, 'original');
  assert.deepEqual(model.asked, [18]);
  const session = await ort.InferenceSession.create(exportOnnx(model, { inputShape: [2] }));
  const out = await session.run({ input: new ort.Tensor('float32', Float32Array.from([1, -2]), [1, 2]) });
  assert.deepEqual(Array.from(out['output']!.data as Float32Array), [-1, 2]);
});
