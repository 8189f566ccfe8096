/**
 * Decoder-style models on the integer path: Unflatten and nearest Upsample
 * (1-D and 2-D) move int8 values without requantizing, so a VAE decoder and
 * a whole encoder → latent → decoder Sequential quantize (int8, int4,
 * per-layer bits), track the float model, run bit-identically on the
 * reference and wasm backends, and build as a nested master.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randn, randu, Rng, setBackend, tensor, tidy } from '../../../src/engine/index.js';
import { Linear, ReLU, Sequential, Sigmoid, Tanh, Unflatten, Upsample, ConvTranspose1d, summarize } from '../../../src/nn/index.js';
import { INPUT_POINT } from '../../../src/compress/integer/float-pass.js';
import { buildNestedModel, macsByPrecision, planQuantization, quantizedSize, quantizeModel, type QuantizedModel } from '../../../src/compress/integer/index.js';
import { DECODER_CASES, LATENT, type DecoderCase } from './decoder-models.js';
import { centredRelativeError, floatOutput, int8Output, normalBatches, settleBatchNorm, wasmUnavailable } from './helpers.js';

/** int8 against float, relative to how the outputs vary with the input: the zoo tests' bound (quantize-model.test.ts). */
const INT8_CENTRED_ERROR = 0.15;
/** int4 weights everywhere: observed 0.10-0.31 on these models over seeds 1-10 (int8 0.02-0.12, the mixed bits below 0.08-0.16). */
const INT4_CENTRED_ERROR = 0.35;

function settled(c: DecoderCase, seed: number) {
  const rng = new Rng(seed);
  const model = c.build(rng);
  settleBatchNorm(model, rng, c.inputShape);
  // 256 samples: a 4-value latent needs that many for its calibrated range to cover the test inputs' tails (48 gave 0.2 error by clipping).
  return { model, rng, batches: normalBatches(rng, c.inputShape, 4, 64) };
}

/** Output elements per sample: the "classes" of centredRelativeError, one per output cell. */
function perSample(want: ArrayLike<number>, n: number): number {
  return want.length / n;
}

test('the plan maps Unflatten and Upsample one to one, and the quantized model holds them on int8 without a quantization point', () => {
  const c = DECODER_CASES[0]!;
  const { model, batches } = settled(c, 1);
  const plan = planQuantization(model);
  assert.ok(plan.kind === 'sequence');
  assert.deepEqual(plan.children.map((ch) => `${ch.name}:${ch.node.kind}`), ['fc:weighted', 'unflatten:unflatten', 'up1:upsample', 'conv:weighted', 'up2:upsample', 'out:weighted']);
  const q = quantizeModel(model, batches, { inputShape: c.inputShape });
  assert.deepEqual(q.namedChildren().map(([n, m]) => `${n}:${m.typeName}`), [
    'quantizeInput:QuantizeInput', 'fc:QLinear', 'unflatten:Unflatten', 'up1:Upsample', 'conv:QConv', 'up2:Upsample', 'out:QConv', 'dequantizeOutput:DequantizeOutput',
  ]);
  // Points: the input and each weighted group; a copy keeps its input's scale and zero point.
  assert.deepEqual([...q.info.calibrations[0]!.activations.keys()].sort(), [INPUT_POINT, 'conv', 'fc', 'out'].sort());
  // No MACs, no parameters beyond the weighted layers'.
  const floatMacs = summarize(model, c.inputShape).totalMacs;
  assert.deepEqual(macsByPrecision(q), { int8: floatMacs });
  assert.deepEqual(quantizedSize(q).layers.map((l) => l.path), ['quantizeInput', 'fc', 'conv', 'out', 'dequantizeOutput']);
});

/** Asserts y[n, c, r, col] = x[n, c, ⌊r/s⌋, ⌊col/s⌋] (1-D maps as one row), x of shape [N, C, ...spatial]. */
function assertNearestCopy(xs: ArrayLike<number>, ys: ArrayLike<number>, shape: readonly number[], s: number, label: string): void {
  const [n, ch, ...spatial] = shape as [number, number, ...number[]];
  const [h, w] = spatial.length === 2 ? [spatial[0]!, spatial[1]!] : [1, spatial[0]!];
  const [ho, wo] = spatial.length === 2 ? [h * s, w * s] : [1, w * s];
  assert.equal(ys.length, n * ch * ho * wo, `${label}: output size`);
  for (let i = 0; i < n * ch; i++) {
    for (let r = 0; r < ho; r++) {
      for (let col = 0; col < wo; col++) {
        assert.equal(ys[i * ho * wo + r * wo + col], xs[i * h * w + Math.floor(r / s) * w + Math.floor(col / s)], `${label}: map ${i}, cell ${r}, ${col}`);
      }
    }
  }
}

test('the integer Upsample copies int8 values: each output is its input repeated, for 1-D and 2-D', () => {
  for (const c of DECODER_CASES.slice(0, 2)) {
    const { model, rng, batches } = settled(c, 2);
    const q = quantizeModel(model, batches, { inputShape: c.inputShape });
    const x = randn([3, ...c.inputShape], rng);
    let checked = 0;
    tidy(() => {
      let v = x;
      for (const [name, m] of q.namedChildren()) {
        const y = m.call(v);
        if (m instanceof Upsample) {
          assert.equal(y.dtype, 'int8', `${c.name} ${name}`);
          assertNearestCopy(v.toArray(), y.toArray(), v.shape, m.scaleFactor, `${c.name} ${name}`);
          checked++;
        }
        v = y;
      }
    });
    assert.equal(checked, 2, `${c.name}: both upsamplings were checked`);
  }
});

for (const c of DECODER_CASES) {
  test(`${c.name}: int8, int4 and per-layer weight bits track the float model`, (t) => {
    const { model, rng, batches } = settled(c, 3);
    const x = randn([64, ...c.inputShape], rng);
    const want = floatOutput(model, x);
    const cells = perSample(want, 64);
    const errorOf = (q: QuantizedModel) => centredRelativeError(q.call(x).toArray(), want, cells);
    const int8 = errorOf(quantizeModel(model, batches, { inputShape: c.inputShape }));
    const int4 = errorOf(quantizeModel(model, batches, { inputShape: c.inputShape, weightBits: 4 }));
    // The decoder's dense and output layers at 4 bits, everything else at 8.
    const decoder = c.name.startsWith('autoencoder') ? 'decoder.' : '';
    const weightBits = { [`${decoder}fc`]: 4, [`${decoder}out`]: 4 } as const;
    const mixed = quantizeModel(model, batches, { inputShape: c.inputShape, weightBits });
    const mixedError = errorOf(mixed);
    t.diagnostic(`${c.name}: centred error int8 ${int8.toFixed(3)}, int4 ${int4.toFixed(3)}, mixed ${mixedError.toFixed(3)}`);
    assert.ok(int8 <= INT8_CENTRED_ERROR, `${c.name}: int8 centred error ${int8.toFixed(3)} > ${INT8_CENTRED_ERROR}`);
    assert.ok(int4 <= INT4_CENTRED_ERROR, `${c.name}: int4 centred error ${int4.toFixed(3)} > ${INT4_CENTRED_ERROR}`);
    assert.ok(int8 < int4, `${c.name}: int8 (${int8.toFixed(3)}) is closer to float than int4 (${int4.toFixed(3)})`);
    assert.ok(mixedError <= INT4_CENTRED_ERROR, `${c.name}: mixed bits centred error ${mixedError.toFixed(3)} > ${INT4_CENTRED_ERROR}`);
    assert.deepEqual(quantizedSize(mixed).layers.filter((l) => l.weightBits !== null && l.weightBits < 8).map((l) => `${l.path}:${l.weightBits}`), Object.entries(weightBits).map(([p, b]) => `${p}:${b}`));
  });
}

for (const c of DECODER_CASES) {
  test(`${c.name}: int8 outputs are identical on the reference and wasm backends`, { skip: wasmUnavailable() }, () => {
    setBackend('wasm');
    try {
      const { model, rng, batches } = settled(c, 4);
      const options = { inputShape: c.inputShape, weightBits: { [c.name.startsWith('autoencoder') ? 'decoder.conv' : 'conv']: 4 as const } };
      const onWasm = quantizeModel(model, batches, options);
      const x = randu([8, ...c.inputShape], rng, -3, 3).toArray();
      const got = int8Output(onWasm, tensor(x, [8, ...c.inputShape]));
      setBackend('reference');
      const onReference = quantizeModel(model, [], { ...options, calibrated: onWasm.info.calibrations[0]! });
      assert.ok([...onReference.stateDict().values()].every((v) => v.backend.name === 'reference'));
      assert.deepEqual(int8Output(onReference, tensor(x, [8, ...c.inputShape])), got);
      assert.ok(new Set(got).size > 10, 'the outputs are not all one value');
    } finally {
      setBackend('reference');
    }
  });
}

test('a nested decoder master at 8 bits is the plain int8 model; 4 and 2 bits run and differ', () => {
  for (const c of DECODER_CASES) {
    const { model, rng, batches } = settled(c, 5);
    const nested = buildNestedModel(model, batches, { inputShape: c.inputShape });
    const plain = quantizeModel(model, batches, { inputShape: c.inputShape });
    const x = randn([8, ...c.inputShape], rng);
    assert.deepEqual(int8Output(nested, x), int8Output(plain, x), `${c.name} at 8 bits`);
    const byWidth = [8, 4, 2].map((b) => {
      nested.setBits(b);
      return int8Output(nested, x);
    });
    assert.notDeepEqual(byWidth[0], byWidth[1], `${c.name}: 8 and 4 bits differ`);
    assert.notDeepEqual(byWidth[1], byWidth[2], `${c.name}: 4 and 2 bits differ`);
  }
});

test('unsupported layers of a decoder are all named; wrong shapes name the Unflatten or Upsample', () => {
  assert.throws(() => new Upsample(1.5), /Upsample: scaleFactor must be an integer >= 1, got 1.5/);
  const model = new Sequential({
    fc: new Linear(LATENT, 16),
    act: new Tanh(),
    unflatten: new Unflatten([4, 4]),
    up: new Upsample(2),
    deconv: new ConvTranspose1d(4, 2, 3),
    out: new Sigmoid(),
  });
  assert.throws(() => planQuantization(model), (e: unknown) => {
    assert.ok(e instanceof RangeError);
    assert.match(e.message, /3 layers cannot be quantized/);
    for (const what of ['Tanh "act"', 'ConvTranspose1d "deconv"', 'Sigmoid "out"']) assert.ok(e.message.includes(`${what} is not supported`), `${what} in ${e.message}`);
    assert.match(e.message, /Unflatten, Upsample \(nearest\)/, 'the supported list names the new layers');
    assert.ok(!/"unflatten"|"up"/.test(e.message), 'Unflatten and Upsample are not among them');
    return true;
  });
  const rng = new Rng(6);
  const mismatched = new Sequential({ fc: new Linear(LATENT, 40, { rng }), act: new ReLU(), unflatten: new Unflatten([8, 6]) });
  assert.throws(() => quantizeModel(mismatched, [randn([4, LATENT], rng)], { inputShape: [LATENT] }), /Unflatten "unflatten": input has shape \[4, 40\], expected \[N, 48\] to unflatten to \[N, 8, 6\]/);
  const flat = new Sequential({ fc: new Linear(LATENT, 8, { rng }), up: new Upsample(2) });
  assert.throws(() => quantizeModel(flat, [randn([4, LATENT], rng)], { inputShape: [LATENT] }), /Upsample "up": input has shape \[4, 8\], expected \[N, C, W\] or \[N, C, H, W\]/);
});
