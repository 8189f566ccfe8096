import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  allocateBitsForEnergy, assignmentEnergyJ, checkEnergyBudget, engineIdOf, layerEnergyCosts, mixedWork, opPointIdOf, type LayerEnergyCosts,
} from '../../../src/compress/mixed/energy-costs.js';
import { int8IntegerSummary, weightedLayers } from '../../../src/compress/ladder/quantized-rungs.js';
import { quantizeModel, type WeightBits } from '../../../src/compress/index.js';
import { estimateInference, loadDeviceProfile, workFromSummary, type DeviceProfile } from '../../../src/energy/index.js';
import { randn, Rng } from '../../../src/engine/index.js';
import { createModel, summarize, type Module, type ModelSummary } from '../../../src/nn/index.js';

const BITS = [8, 4, 2] as const;

interface Subject {
  model: Module;
  inputShape: number[];
  summary: ModelSummary;
  layers: { path: string; weights: number }[];
  names: string[];
}

function modelOf(name: string): Subject {
  const model = createModel(name);
  model.eval();
  const layers = weightedLayers(model);
  return { model, inputShape: [...model.inputShape], summary: int8IntegerSummary(model, model.inputShape), layers, names: layers.map((l) => l.path) };
}

const cnn1d = modelOf('cnn1d');
const resnet8 = modelOf('resnet8');

/** Targets covering both engine kinds, a non-default engine and a non-nominal operating point. */
const TARGETS: { device: string; engine?: string; opPoint?: string }[] = [
  { device: 'x86-host' },
  { device: 'raspberry-pi-4', opPoint: 'arm-600' },
  { device: 'nucleo-l4r5zi' },
  { device: 'nucleo-l4r5zi', engine: 'tflm-reference', opPoint: 'range2-26mhz' },
];

function modelled(profile: DeviceProfile, c: LayerEnergyCosts, m: Subject, bits: Record<string, number>): number {
  return estimateInference(profile, mixedWork(m.summary, m.layers, bits), { engine: c.engine, opPoint: c.opPoint }).energyJ;
}

test('mixedWork of the int8 build is the work of the integer model really built with those bits', () => {
  const rng = new Rng(2);
  for (const [m, trials] of [[cnn1d, 3], [resnet8, 1]] as const) {
    for (let k = 0; k < trials; k++) {
      const bits = randomBits(rng, m.names);
      const q = quantizeModel(m.model, [randn([2, ...m.inputShape], rng)], { inputShape: m.inputShape, weightBits: bits as Record<string, WeightBits> });
      try {
        // The built model stores its weights packed already; only the MACs' precision is not visible in its summary.
        const built = workFromSummary(summarize(q, m.inputShape));
        const priced = mixedWork(m.summary, m.layers, bits);
        assert.deepEqual(
          priced.layers.map(({ precision: _p, ...l }) => l),
          built.layers.map(({ precision: _p, ...l }) => l),
          `${m.model.typeName} at ${JSON.stringify(bits)}`,
        );
        for (const l of priced.layers) if (bits[l.name] !== undefined) assert.equal(l.precision, `int${bits[l.name]}`);
      } finally {
        q.dispose();
      }
    }
  }
});

function randomBits(rng: Rng, layers: readonly string[]): Record<string, number> {
  return Object.fromEntries(layers.map((l) => [l, BITS[rng.int(BITS.length)]!]));
}

test('the per-layer costs plus the fixed part equal estimateInference of the whole mixed model', () => {
  const rng = new Rng(5);
  for (const t of TARGETS) {
    const profile = loadDeviceProfile(t.device);
    for (const m of [cnn1d, resnet8]) {
      const c = layerEnergyCosts(m.summary, { layers: m.layers, bits: BITS, target: { profile, ...t } });
      assert.equal(c.engine, t.engine ?? profile.defaultEngine);
      assert.equal(c.opPoint, t.opPoint ?? profile.power.nominalOpPoint);
      for (let k = 0; k < 20; k++) {
        const bits = randomBits(rng, m.names);
        const whole = modelled(profile, c, m, bits);
        const split = assignmentEnergyJ(c, bits);
        assert.ok(Math.abs(split - whole) <= 1e-9 * whole, `${t.device} ${c.engine}: split ${split} J vs estimateInference ${whole} J for ${JSON.stringify(bits)}`);
      }
      for (const l of c.layers) for (const j of Object.values(l.byBitsJ)) assert.ok(j >= 0, `${l.name}: a layer's energy is never negative`);
      // No engine has sub-byte kernels: fewer bits never cost more, so the extremes are all-2 and all-8.
      const all = (b: number) => Object.fromEntries(m.names.map((l) => [l, b]));
      assert.ok(Math.abs(c.minJ - modelled(profile, c, m, all(2))) <= 1e-9 * c.minJ);
      assert.ok(Math.abs(c.maxJ - modelled(profile, c, m, all(8))) <= 1e-9 * c.maxJ);
      assert.equal(c.subByteKernels, false);
    }
  }
});

test('on a roofline engine int4 weights save memory traffic; on the MCU profile the bits change nothing', () => {
  const host = layerEnergyCosts(resnet8.summary, { layers: resnet8.layers, bits: BITS, target: { profile: loadDeviceProfile('x86-host') } });
  assert.ok(host.fixedJ > 0, 'the per-inference overhead and the weightless layers are charged once');
  assert.ok(host.minJ < host.maxJ);
  for (const l of host.layers) assert.ok(l.byBitsJ[2]! <= l.byBitsJ[4]! && l.byBitsJ[4]! < l.byBitsJ[8]!, `${l.name}: ${JSON.stringify(l.byBitsJ)}`);
  const mcu = layerEnergyCosts(resnet8.summary, { layers: resnet8.layers, bits: BITS, target: { profile: loadDeviceProfile('nucleo-l4r5zi') } });
  assert.equal(mcu.minJ, mcu.maxJ);
});

/** The least summed sensitivity over every assignment within the budget (3^layers of them). */
function bruteForce(c: LayerEnergyCosts, sens: Record<string, Record<number, number>>, budgetJ: number): number {
  let best = Infinity;
  const visit = (i: number, bits: Record<string, number>, s: number): void => {
    if (i === c.layers.length) {
      if (assignmentEnergyJ(c, bits) <= budgetJ) best = Math.min(best, s);
      return;
    }
    const name = c.layers[i]!.name;
    for (const b of BITS) visit(i + 1, { ...bits, [name]: b }, s + sens[name]![b]!);
  };
  visit(0, {}, 0);
  return best;
}

test('allocateBitsForEnergy keeps the modelled energy within the budget and is optimal up to the DP step', () => {
  const rng = new Rng(9);
  for (const device of ['x86-host', 'raspberry-pi-4']) {
    const profile = loadDeviceProfile(device);
    for (const m of [cnn1d, resnet8]) {
      const c = layerEnergyCosts(m.summary, { layers: m.layers, bits: BITS, target: { profile } });
      for (let trial = 0; trial < (m === resnet8 ? 4 : 15); trial++) {
        const sens = Object.fromEntries(m.names.map((l) => {
          const s4 = rng.next();
          return [l, { 8: 0, 4: s4, 2: s4 * (1 + 3 * rng.next()) }];
        }));
        const budgetJ = c.minJ + rng.next() * (c.maxJ - c.minJ);
        const resolution = 256;
        const a = allocateBitsForEnergy(c, sens, budgetJ, resolution);
        const energy = modelled(profile, c, m, a.bits);
        assert.ok(energy <= budgetJ * (1 + 1e-12), `${device}: modelled ${energy} J over the budget ${budgetJ} J`);
        assert.ok(Math.abs(a.energyJ - energy) <= 1e-9 * energy);
        assert.ok(a.sensitivity >= bruteForce(c, sens, budgetJ) - 1e-12);
        // Each layer's cost is rounded up by less than one DP step, so anything L steps inside the budget is reachable.
        const step = (budgetJ - c.minJ) / resolution;
        assert.ok(a.sensitivity <= bruteForce(c, sens, budgetJ - m.names.length * step) + 1e-12);
      }
    }
  }
});

test('a budget below the cheapest assignment is refused with the cheapest and dearest µJ and the device', () => {
  const profile = loadDeviceProfile('x86-host');
  const c = layerEnergyCosts(cnn1d.summary, { layers: cnn1d.layers, bits: BITS, target: { profile } });
  const uj = (j: number) => (j * 1e6).toPrecision(6);
  const message = new RegExp(`budget of ${uj(c.minJ * 0.9)} µJ per inference is impossible on x86-host \\(engine edgewatt-wasm, op point base-2400\\): every bit assignment needs between ${uj(c.minJ)} µJ \\(cheapest\\) and ${uj(c.maxJ)} µJ \\(dearest\\); engine edgewatt-wasm has no int4/int2 kernels .* save only weight-memory traffic`);
  assert.throws(() => checkEnergyBudget(c, c.minJ * 0.9), message);
  assert.throws(() => allocateBitsForEnergy(c, {}, c.minJ * 0.9), message);
  assert.doesNotThrow(() => checkEnergyBudget(c, c.minJ));

  const mcu = layerEnergyCosts(cnn1d.summary, { layers: cnn1d.layers, bits: BITS, target: { profile: loadDeviceProfile('nucleo-l4r5zi') } });
  assert.throws(() => checkEnergyBudget(mcu, mcu.minJ * 0.5), /nucleo-l4r5zi .* the weight bits do not change the modelled energy at all/);
  // With every assignment equally dear, any feasible budget gets the least sensitive one.
  const sens = Object.fromEntries(cnn1d.names.map((l) => [l, { 8: 0, 4: 0.1, 2: 0.3 }]));
  assert.deepEqual(Object.values(allocateBitsForEnergy(mcu, sens, mcu.minJ).bits), [8, 8, 8]);
});

test('a target the mixed model cannot be priced on is named with what the profile has', () => {
  const nucleo = loadDeviceProfile('nucleo-l4r5zi');
  assert.throws(() => engineIdOf(nucleo, 'tensorrt'), /device nucleo-l4r5zi has no engine "tensorrt"; it has tflm-reference, x-cube-ai-7.3/);
  assert.throws(() => opPointIdOf(nucleo, 'turbo'), /unknown operating point "turbo"; it has range1-boost-120mhz, range1-80mhz, range2-26mhz/);
  assert.throws(
    () => layerEnergyCosts(cnn1d.summary, { layers: cnn1d.layers, bits: BITS, target: { profile: loadDeviceProfile('jetson-nano') } }),
    /device jetson-nano, engine ncnn-vulkan-gpu has no int8 kernels \(it has float32\)/,
  );
  assert.throws(() => layerEnergyCosts(cnn1d.summary, { layers: [{ path: 'block9.conv', weights: 10 }], bits: BITS, target: { profile: nucleo } }), /no layer "block9.conv" with work in the model summary/);
  // The float model's summary is not the integer model's: its layers run in float32.
  const m = createModel('cnn1d');
  assert.throws(() => mixedWork(summarize(m, m.inputShape), cnn1d.layers, { 'block1.conv': 4 }), /layer "block1.conv" runs in float32 in this summary; pass the summary of the all-int8 integer model/);
});
