/**
 * Radio profiles: each built-in one loads with every number cited; bad
 * files are refused naming the file and the field; unknown radio names list
 * the known ones.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { builtinRadioIds, loadRadioProfile, parseRadioProfile } from '../../../src/energy/radio/index.js';
import { FileFormatError } from '../../../src/io/file-format-error.js';
import { BLE, LORA, WIFI, radioJson } from './radio-json.js';

const refusal = (fn: () => unknown): FileFormatError => {
  try {
    fn();
  } catch (e) {
    assert.ok(e instanceof FileFormatError, `expected a FileFormatError, got ${String(e)}`);
    return e;
  }
  return assert.fail('expected an error');
};

test('the built-in radios include BLE, Wi-Fi and LoRa, and each loads with every number cited', () => {
  const ids = builtinRadioIds();
  for (const id of [BLE, WIFI, LORA]) assert.ok(ids.includes(id), `${id} missing from ${ids.join(', ')}`);
  for (const id of ids) {
    const r = loadRadioProfile(id);
    assert.equal(r.id, id);
    assert.ok(r.supplyV > 0 && r.currentA.tx > 0 && r.currentA.rx > 0);
    for (const path of Object.keys(r.sources)) assert.ok(r.sources[path]!.length > 20, `${id}: source of ${path} is too short to say where the number comes from`);
  }
  assert.deepEqual(ids.map((id) => loadRadioProfile(id).kind).sort(), ['ble', 'lora', 'wifi']);
});

test('a profile with a missing or negative number is refused, naming the file and the field', () => {
  const missing = radioJson(BLE);
  delete missing['ble'].attMtuBytes;
  const e1 = refusal(() => parseRadioProfile(missing, 'mine.json'));
  assert.equal(e1.file, 'mine.json');
  assert.equal(e1.field, 'ble.attMtuBytes');
  const negative = radioJson(WIFI);
  negative['currentA'].tx = -0.18;
  assert.equal(refusal(() => parseRadioProfile(negative, 'w.json')).field, 'currentA.tx');
  const badDuty = radioJson(LORA);
  badDuty['lora'].dutyCycle = 0;
  assert.equal(refusal(() => parseRadioProfile(badDuty, 'l.json')).field, 'lora.dutyCycle');
});

test('an uncited number is refused, naming its path, even when everything else is cited', () => {
  const uncited = radioJson(LORA);
  delete uncited['sources']['lora.rxTimingErrorS'];
  const e = refusal(() => parseRadioProfile(uncited, 'l.json'));
  assert.equal(e.field, 'lora.rxTimingErrorS');
  assert.match(e.message, /has no source/);
  const prefixCited = radioJson(LORA);
  assert.ok(!('lora.maxPayloadBytesBySf.7' in prefixCited['sources']), 'the table is cited by its prefix');
  parseRadioProfile(prefixCited, 'l.json');
  const several = radioJson(WIFI);
  several['sources'] = { supplyV: 'x' };
  assert.match(refusal(() => parseRadioProfile(several, 'w.json')).message, /more uncited/);
});

test('an unknown link kind and an inconsistent profile are refused with the field named', () => {
  const kind = radioJson(BLE);
  kind['kind'] = 'zigbee';
  assert.equal(refusal(() => parseRadioProfile(kind, 'k.json')).field, 'kind');
  const sf = radioJson(LORA);
  sf['lora'].spreadingFactor = 6;
  const e = refusal(() => parseRadioProfile(sf, 'l.json'));
  assert.equal(e.field, 'lora.spreadingFactor');
  assert.match(e.message, /maxPayloadBytesBySf/);
  const delays = radioJson(LORA);
  delays['lora'].receiveDelay2S = 0.5;
  assert.equal(refusal(() => parseRadioProfile(delays, 'l.json')).field, 'lora.receiveDelay2S');
  const mtu = radioJson(BLE);
  mtu['ble'].attMtuBytes = 3;
  assert.equal(refusal(() => parseRadioProfile(mtu, 'b.json')).field, 'ble.attMtuBytes');
});

test('an unknown radio lists the known ones; a profile file path is read and checked', () => {
  assert.throws(() => loadRadioProfile('nrf52840-ble'), (e: Error) => e instanceof RangeError && /unknown radio "nrf52840-ble"; known radios: .*esp32-wifi-ht20.*nrf52840-ble-1m.*sx1276-lora-eu868/.test(e.message));
  const dir = mkdtempSync(join(tmpdir(), 'ew-radio-'));
  try {
    const file = join(dir, 'mine.json');
    writeFileSync(file, JSON.stringify(radioJson(WIFI)));
    assert.equal(loadRadioProfile(file).id, WIFI);
    writeFileSync(file, '{"format": ');
    const e = refusal(() => loadRadioProfile(file));
    assert.equal(e.field, '(root)');
    assert.equal(e.file, file);
    assert.throws(() => loadRadioProfile(join(dir, 'absent.json')), /no such radio profile file/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
