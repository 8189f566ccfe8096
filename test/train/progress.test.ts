import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { describe, it } from 'node:test';
import { createProgress, formatDuration, type ProgressStream } from '../../src/train/progress.js';

/** A stream that records what is written; `isTTY` picks the progress mode. */
function fakeStream(isTTY: boolean): { stream: ProgressStream; text: () => string } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer | string, _enc, done) {
      chunks.push(chunk.toString());
      done();
    },
  }) as Writable & { isTTY?: boolean; columns?: number };
  stream.isTTY = isTTY;
  stream.columns = 120;
  return { stream, text: () => chunks.join('') };
}

function fakeClock(): { clock: () => number; advance: (seconds: number) => void } {
  let t = 1000;
  return { clock: () => t, advance: (s) => (t += s) };
}

describe('progress (not a TTY)', () => {
  it('prints a plain line at most every 2 s and a final line on stop', () => {
    const { stream, text } = fakeStream(false);
    const { clock, advance } = fakeClock();
    const p = createProgress({ total: 100, label: 'train', stream, clock, samplesPerStep: 32 });

    advance(0.5);
    p.update(10, { epoch: '1/5', loss: 2.345678 });
    assert.equal(text(), '', 'too soon for a line');

    advance(1.5); // 2 s since start
    p.update(40, { loss: 1.5 });
    const lines = text().trim().split('\n');
    assert.equal(lines.length, 1);
    // 40 steps x 32 samples in 2 s = 640 samples/s; 60 steps left at 0.05 s/step = 3 s.
    assert.equal(lines[0], 'train 40/100 40% | ETA 3.0s | epoch 1/5 | loss 1.500 | 640 samples/s');

    advance(1);
    p.increment(); // 41: 1 s since the last line, still quiet
    assert.equal(text().trim().split('\n').length, 1);

    advance(3);
    p.update(90);
    p.update(100); // the last step leaves its line to stop()
    p.stop();
    p.stop(); // idempotent
    p.update(5); // ignored after stop
    const all = text().trim().split('\n');
    assert.equal(all.length, 3);
    assert.equal(all[1], 'train 90/100 90% | ETA 0.7s | epoch 1/5 | loss 1.500 | 480 samples/s');
    assert.equal(all[2], 'train 100/100 100% | took 6.0s | epoch 1/5 | loss 1.500 | 533 samples/s');
    assert.ok(!text().includes('\r') && !text().includes('\x1b'), 'no terminal control codes in plain mode');
  });

  it('reports cumulative samples when given, and steps/s otherwise', () => {
    const a = fakeStream(false);
    const { clock, advance } = fakeClock();
    const p = createProgress({ total: 4, label: 'eval', stream: a.stream, clock });
    advance(2);
    p.update(4);
    p.stop();
    assert.match(a.text(), /^eval 4\/4 100% \| took 2\.0s \| 2\.00 steps\/s\n$/);

    const b = fakeStream(false);
    const q = createProgress({ total: 4, label: 'eval', stream: b.stream, clock, samplesPerStep: 10 });
    advance(4);
    q.update(3, { samples: 25 });
    q.stop();
    assert.match(b.text(), /6\.25 samples\/s/);
  });

  it('prints nothing when disabled', () => {
    const { stream, text } = fakeStream(false);
    const p = createProgress({ total: 3, label: 'x', stream, enabled: false });
    p.increment({ loss: 1 });
    p.stop();
    assert.equal(text(), '');
  });

  it('validates its arguments', () => {
    const { stream } = fakeStream(false);
    assert.throws(() => createProgress({ total: -1, label: 'x', stream }), /total must be an integer >= 0, got -1/);
    assert.throws(() => createProgress({ total: 3, label: 'x', stream, samplesPerStep: 0 }), /samplesPerStep must be a number > 0/);
    const p = createProgress({ total: 3, label: 'x', stream });
    assert.throws(() => p.update(-2), /progress "x": step must be a number >= 0, got -2/);
  });
});

describe('progress (TTY)', () => {
  it('draws a cli-progress bar with the same fields and ends with a newline', () => {
    const { stream, text } = fakeStream(true);
    const { clock, advance } = fakeClock();
    const p = createProgress({ total: 10, label: 'train', stream, clock, samplesPerStep: 8 });
    advance(1);
    p.update(5, { epoch: 2, loss: 0.25 });
    p.stop();
    const out = text();
    assert.match(out, /train [=-]{20} 5\/10 50% \| took 1\.0s \| epoch 2 \| loss 0\.2500 \| 40\.0 samples\/s/);
    assert.ok(out.endsWith('\n'));
  });
});

describe('formatDuration', () => {
  it('formats seconds at each scale', () => {
    assert.equal(formatDuration(0), '0.0s');
    assert.equal(formatDuration(4.24), '4.2s');
    assert.equal(formatDuration(9.96), '10s');
    assert.equal(formatDuration(42.4), '42s');
    assert.equal(formatDuration(59.6), '1m 00s');
    assert.equal(formatDuration(185), '3m 05s');
    assert.equal(formatDuration(3599.6), '1h 00m');
    assert.equal(formatDuration(3720), '1h 02m');
    assert.equal(formatDuration(86399), '1d 00h');
    assert.equal(formatDuration(2 * 86400 + 3 * 3600), '2d 03h');
    assert.equal(formatDuration(NaN), '--');
    assert.equal(formatDuration(Infinity), '--');
    assert.throws(() => formatDuration(-1), /formatDuration: seconds must be >= 0, got -1/);
  });
});
