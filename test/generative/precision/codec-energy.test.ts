/**
 * Energy per window from a codec's work: scoring is the encoder plus the
 * decoder, generating the decoder alone, each half priced on its own — so
 * a device whose engine cannot run the encoder's precision still gets a
 * figure for generating, and the reason it has none for scoring.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { estimateInference, loadDeviceProfile } from '../../../src/energy/index.js';
import { codecEnergy } from '../../../src/generative/precision/codec-energy.js';
import { codecVariants } from '../../../src/generative/precision/codec-variants.js';
import { trainedSmallVae } from '../helpers.js';

test('codecEnergy: score = encoder + decoder, generate = decoder; a half the engine cannot run nulls only what needs it', async () => {
  const { vae, train } = await trainedSmallVae(1);
  const [fp32, int8] = await codecVariants(vae, ['fp32', 'int8'], { calibration: train, seed: 1 });
  try {
    const mcu = loadDeviceProfile('nucleo-u575zi');
    const [e8] = codecEnergy(int8!, ['nucleo-u575zi']);
    const enc = estimateInference(mcu, int8!.work.encoder);
    const dec = estimateInference(mcu, int8!.work.decoder);
    assert.equal(e8!.scoreEnergyJ, enc.energyJ + dec.energyJ);
    assert.equal(e8!.scoreLatencyS, enc.latencyS + dec.latencyS);
    assert.equal(e8!.generateEnergyJ, dec.energyJ);
    assert.equal(e8!.unsupported, undefined);
    // The MCU's engine has int8 kernels only: a float encoder cannot score, an int8 decoder still generates.
    const [half] = codecEnergy({ work: { encoder: fp32!.work.encoder, decoder: int8!.work.decoder } }, ['nucleo-u575zi']);
    assert.equal(half!.scoreEnergyJ, null);
    assert.equal(half!.generateEnergyJ, dec.energyJ);
    assert.match(half!.unsupported ?? '', /float32/);
    const [f] = codecEnergy(fp32!, ['nucleo-u575zi']);
    assert.deepEqual([f!.scoreEnergyJ, f!.generateEnergyJ], [null, null]);
    // A Pi runs both precisions; float costs more per window than int8 there.
    const [p32, p8] = [codecEnergy(fp32!, ['raspberry-pi-4'])[0]!, codecEnergy(int8!, ['raspberry-pi-4'])[0]!];
    assert.ok(p32.scoreEnergyJ! > p8.scoreEnergyJ! && p8.scoreEnergyJ! > p8.generateEnergyJ!);
  } finally {
    fp32!.dispose();
    int8!.dispose();
  }
});
