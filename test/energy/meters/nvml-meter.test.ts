/**
 * NVML through nvidia-smi, with recorded command outputs as fixtures
 * (`--format=csv,noheader,nounits` prints "index, value, value" rows and
 * "[N/A]" / "[Not Supported]" for values NVML cannot give). The shared
 * contract runs for the energy-counter path and for the power.draw path
 * (a driver that refuses the total_energy_consumption field).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { listNvidiaGpus, MeterError, NvmlMeter } from '../../../src/energy/meters/index.js';
import type { ExecCommand } from '../../../src/energy/meters/index.js';
import { meterSuite } from './meter-suite.js';
import { ManualClock } from './sysfs-tree.js';

/** Recorded outputs. */
const LIST_TWO_GPUS = '0, NVIDIA GeForce RTX 3090\n1, NVIDIA A100-SXM4-40GB\n';
const READ_NOT_SUPPORTED = '0, [Not Supported], [Not Supported]\n';
const READ_POWER_NA = '0, [N/A]\n';
const INVALID_FIELD_STDOUT = 'Field "total_energy_consumption" is not a valid field to query.\n\n';
const DRIVER_DOWN_STDOUT = "NVIDIA-SMI has failed because it couldn't communicate with the NVIDIA driver. Make sure that the latest NVIDIA driver is installed and running.\n";

/** What execFileSync throws for a command that ran and exited non-zero: stdout attached. */
function exitError(status: number, stdout: string): Error {
  return Object.assign(new Error(`Command failed: nvidia-smi (exit ${status})`), { status, stdout, stderr: '' });
}

/** A fake nvidia-smi answering by the query; records every call's arguments. */
class FakeNvidiaSmi {
  readonly calls: string[][] = [];
  constructor(private readonly answer: (query: string) => string) {}
  readonly exec: ExecCommand = (command, args) => {
    assert.equal(command, 'nvidia-smi');
    this.calls.push([...args]);
    const query = args.find((a) => a.startsWith('--query-gpu='))!.slice('--query-gpu='.length);
    return this.answer(query);
  };
}

meterSuite('NvmlMeter (total_energy_consumption counter, mJ)', () => {
  let counterMj = 987_654_321;
  const smi = new FakeNvidiaSmi((query) => {
    assert.equal(query, 'index,power.draw,total_energy_consumption');
    return `0, 71.52, ${counterMj}\n`;
  });
  const meter = new NvmlMeter(0, { exec: smi.exec, now: new ManualClock().now });
  let steps = 0;
  return {
    meter,
    advance: () => {
      steps += 1;
      counterMj += 12_345;
    },
    expectedJ: () => steps * 12.345,
    scope: 'gpu',
    estimate: false,
  };
});

/** A driver without the energy field: power.draw 60 W rising 1.5 W per 0.5 s step, integrated. */
meterSuite('NvmlMeter (power.draw integrated; energy field refused)', () => {
  const clock = new ManualClock();
  let tS = 0;
  const smi = new FakeNvidiaSmi((query) => {
    if (query.includes('total_energy_consumption')) throw exitError(2, INVALID_FIELD_STDOUT);
    return `0, ${(60 + 3 * tS).toFixed(2)}\n`;
  });
  const meter = new NvmlMeter(0, { exec: smi.exec, now: clock.now });
  return {
    meter,
    advance: () => {
      tS += 0.5;
      clock.advance(0.5);
    },
    expectedJ: () => 60 * tS + 1.5 * tS * tS,
    scope: 'gpu',
    estimate: false,
  };
});

test('nvidia-smi: GPUs listed by index and name; the meter queries its own GPU with -i', () => {
  const smi = new FakeNvidiaSmi((query) => (query === 'index,name' ? LIST_TWO_GPUS : '1, 250.00, 5000\n'));
  assert.deepEqual(listNvidiaGpus({ exec: smi.exec }), [
    { index: 0, name: 'NVIDIA GeForce RTX 3090' },
    { index: 1, name: 'NVIDIA A100-SXM4-40GB' },
  ]);
  const meter = new NvmlMeter(1, { exec: smi.exec });
  assert.equal(meter.name, 'nvml:gpu1');
  assert.ok(meter.usesEnergyCounter);
  assert.deepEqual(smi.calls[1], ['--query-gpu=index,power.draw,total_energy_consumption', '--format=csv,noheader,nounits', '-i', '1']);
});

test('nvidia-smi: energy [Not Supported] falls back to power.draw; power [Not Supported] too is a MeterError naming the field', () => {
  const smi = new FakeNvidiaSmi(() => READ_NOT_SUPPORTED);
  assert.throws(
    () => new NvmlMeter(0, { exec: smi.exec }),
    (e: unknown) => e instanceof MeterError && e.path === 'nvidia-smi' && /power\.draw is \[Not Supported\]/.test(e.message),
  );
  const clock = new ManualClock();
  let answer = '0, 40.00, [N/A]\n';
  const meter = new NvmlMeter(0, { exec: new FakeNvidiaSmi(() => answer).exec, now: clock.now });
  assert.equal(meter.usesEnergyCounter, false);
  clock.advance(2);
  assert.equal(meter.read(), 80);
  answer = READ_POWER_NA;
  assert.throws(() => meter.read(), /power\.draw is \[N\/A\]/);
});

test('nvidia-smi: not installed, driver down and a counter reset are MeterErrors that say which', () => {
  const missing: ExecCommand = () => {
    throw Object.assign(new Error('spawnSync nvidia-smi ENOENT'), { code: 'ENOENT' });
  };
  assert.throws(() => listNvidiaGpus({ exec: missing }), (e: unknown) => e instanceof MeterError && /not found on PATH/.test(e.message));
  const down: ExecCommand = () => {
    throw exitError(9, DRIVER_DOWN_STDOUT);
  };
  assert.throws(() => new NvmlMeter(0, { exec: down }), /couldn't communicate with the NVIDIA driver/);
  let counterMj = 5_000;
  const meter = new NvmlMeter(0, { exec: new FakeNvidiaSmi(() => `0, 30.1, ${counterMj}\n`).exec });
  counterMj = 100;
  assert.throws(() => meter.read(), /went backwards/);
  assert.throws(() => new NvmlMeter(3, { exec: new FakeNvidiaSmi(() => '0, 30.1, 1\n').exec }), /unexpected output for GPU 3/);
});
