/** A small hand-made profile for tests: round numbers so expected values can be worked out by hand. */
import type { DeviceProfile } from '../../src/energy/index.js';

export function fixtureProfileJson(): Record<string, unknown> {
  return {
    format: 'edgewatt-device', version: 1, id: 'test-board', name: 'Test board', class: 'mcu', processor: 'test core',
    memory: { sramBytes: 1000, flashBytes: 10_000, ramBytes: null, energyPerByteJ: { sram: 1e-9, flash: 2e-9 }, weightsIn: 'flash', activationsIn: 'sram' },
    power: {
      sleepW: 1e-6, idleW: 1e-3, staticW: 0.01, switchedCapacitanceF: 1e-10, wakeUpS: 0, wakeUpJ: 0,
      opPoints: [{ id: 'high', frequencyHz: 100e6, voltageV: 1 }, { id: 'low', frequencyHz: 50e6, voltageV: 0.8 }],
      nominalOpPoint: 'high',
    },
    engines: {
      interp: { kind: 'cycles', description: 'test interpreter', cyclesPerMac: { int8: { conv: 2, depthwise: 10, dense: 3 } }, cyclesPerOutput: 5, cyclesPerLayer: 100 },
      cpu: { kind: 'roofline', description: 'test roofline', macsPerSecond: { float32: 1e9 }, opClassEfficiency: { depthwise: 0.5 }, bytesPerSecond: 1e8, overheadPerLayerS: 1e-5, overheadPerInferenceS: 1e-4, threads: 2, activity: 0.5 },
    },
    defaultEngine: 'interp',
    calibration: { fittedOn: [], freeCoefficients: [], note: 'hand-made' },
    published: [],
    sources: { memory: 'test', power: 'test', engines: 'test' },
  };
}

export function clone<T>(x: T): T {
  return JSON.parse(JSON.stringify(x)) as T;
}

export type { DeviceProfile };
