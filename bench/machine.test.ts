import { test } from 'node:test';
import assert from 'node:assert/strict';
import { describeMachine } from './machine.js';

test('the machine description finds the installed baselines, also a package whose exports map hides its package.json (onnxruntime-web)', () => {
  const m = describeMachine();
  for (const [name, v] of [['tfjs', m.tfjs], ['onnxruntime-node', m.onnxruntimeNode], ['onnxruntime-web', m.onnxruntimeWeb]] as const) {
    assert.match(v, /^\d+\.\d+\.\d+/, `${name}: ${v}`);
  }
});
