/**
 * Progress reporting for long loops (epochs, evaluation, calibration), on
 * stderr so stdout stays clean for results a script may parse.
 *
 * On a terminal it redraws one bar in place (cli-progress). Anywhere else —
 * CI logs, a pipe, a file — redrawing would leave a wall of carriage returns,
 * so it prints a plain line at most every `plainIntervalSeconds` (2 s, the
 * same default as cli-progress's own notTTYSchedule) and a last line on stop.
 *
 * Throughput and ETA come from an injected clock, so they are testable and
 * independent of cli-progress's internal estimate.
 */
import cliProgress from 'cli-progress';

export interface ProgressFields {
  /** Shown as `epoch <value>`; a string allows `3/20`. */
  epoch?: number | string;
  /** Latest (or running mean) training loss. */
  loss?: number;
  /** Samples processed since the start (cumulative); overrides step x samplesPerStep. */
  samples?: number;
  /** Free text shown last, e.g. a runtime's live summary. */
  note?: string;
}

/** The part of a stream the progress bar needs; `isTTY` decides the mode. */
export type ProgressStream = NodeJS.WritableStream & { isTTY?: boolean; columns?: number };

export interface ProgressOptions {
  /** Number of steps in the loop (integer >= 0). */
  total: number;
  /** Text in front of the bar, e.g. `train` or `eval`. */
  label: string;
  /** Default process.stderr. */
  stream?: ProgressStream;
  /** false prints nothing (e.g. `--quiet`); default true. */
  enabled?: boolean;
  /** Samples per step, for throughput when fields.samples is not given. */
  samplesPerStep?: number;
  /** Monotonic clock in seconds; default performance.now() / 1000. */
  clock?: () => number;
  /** Minimum seconds between plain lines when the stream is not a TTY (default 2). */
  plainIntervalSeconds?: number;
}

export interface Progress {
  /** Sets the absolute step; fields are merged into those given before. */
  update(step: number, fields?: ProgressFields): void;
  /** Advances one step. */
  increment(fields?: ProgressFields): void;
  /** Draws the final state and releases the terminal; safe to call twice. */
  stop(): void;
}

const BAR_CHARS = 20;

export function createProgress(options: ProgressOptions): Progress {
  const { total, label, enabled = true, samplesPerStep, plainIntervalSeconds = 2 } = options;
  if (!Number.isSafeInteger(total) || total < 0) throw new RangeError(`createProgress: total must be an integer >= 0, got ${total}`);
  if (typeof label !== 'string') throw new TypeError(`createProgress: label must be a string, got ${typeof label}`);
  if (samplesPerStep !== undefined && !(Number.isFinite(samplesPerStep) && samplesPerStep > 0)) {
    throw new RangeError(`createProgress: samplesPerStep must be a number > 0, got ${samplesPerStep}`);
  }
  if (!(Number.isFinite(plainIntervalSeconds) && plainIntervalSeconds >= 0)) {
    throw new RangeError(`createProgress: plainIntervalSeconds must be a number >= 0, got ${plainIntervalSeconds}`);
  }
  if (!enabled) return { update: () => undefined, increment: () => undefined, stop: () => undefined };

  const stream = options.stream ?? process.stderr;
  const clock = options.clock ?? (() => performance.now() / 1000);
  const start = clock();
  let step = 0;
  let fields: ProgressFields = {};
  let stopped = false;

  const stats = (final: boolean): string => {
    const elapsed = clock() - start;
    const samples = fields.samples ?? (samplesPerStep !== undefined ? step * samplesPerStep : undefined);
    return formatStats({ step, total, elapsed, final, fields, samples });
  };
  const sink = stream.isTTY === true ? terminalSink(stream, label, total) : plainSink(stream, label, total, clock, plainIntervalSeconds, start);

  const update = (next: number, more: ProgressFields = {}): void => {
    if (stopped) return;
    if (!(Number.isFinite(next) && next >= 0)) throw new RangeError(`progress "${label}": step must be a number >= 0, got ${next}`);
    step = next;
    fields = { ...fields, ...more };
    sink.show(step, stats(false));
  };
  return {
    update,
    increment: (more) => update(step + 1, more),
    stop: () => {
      if (stopped) return;
      stopped = true;
      sink.finish(step, stats(true));
    },
  };
}

/** Seconds as a short human string: `4.2s`, `42s`, `3m 05s`, `1h 02m`, `2d 03h`; `--` when unknown (NaN, Infinity). */
export function formatDuration(seconds: number): string {
  if (Number.isNaN(seconds) || seconds === Infinity) return '--';
  if (!(seconds >= 0)) throw new RangeError(`formatDuration: seconds must be >= 0, got ${seconds}`);
  if (seconds < 9.95) return `${seconds.toFixed(1)}s`;
  const s = Math.round(seconds);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m ${pad2(s % 60)}s`;
  const m = Math.round(seconds / 60);
  if (m < 24 * 60) return `${Math.floor(m / 60)}h ${pad2(m % 60)}m`;
  const h = Math.round(seconds / 3600);
  return `${Math.floor(h / 24)}d ${pad2(h % 24)}h`;
}

interface Sink {
  show(step: number, stats: string): void;
  finish(step: number, stats: string): void;
}

function terminalSink(stream: ProgressStream, label: string, total: number): Sink {
  const bar = new cliProgress.SingleBar({
    stream,
    barsize: BAR_CHARS,
    // Our own format function: cli-progress draws the bar, we supply the rest,
    // so the terminal and the plain line show the same numbers.
    format: (opts, params, payload: { stats?: string }) => {
      const drawn = cliProgress.Format.BarFormat(params.progress, opts);
      return `${label} ${drawn} ${params.value}/${params.total} ${percent(params.value, params.total)} | ${payload.stats ?? ''}`;
    },
    // Leave the terminal's modes alone (no hidden cursor; the line is trimmed
    // to the width instead of switching auto-wrap off), so nothing needs
    // restoring if the process dies mid-loop — and cli-progress's SIGINT
    // handler, which would swallow the first Ctrl-C, can stay off.
    gracefulExit: false,
    hideCursor: false,
    linewrap: true,
  });
  bar.start(total, 0, { stats: '' });
  return {
    show: (step, stats) => bar.update(step, { stats }),
    finish: (step, stats) => {
      bar.update(step, { stats });
      bar.stop();
    },
  };
}

function plainSink(
  stream: ProgressStream,
  label: string,
  total: number,
  clock: () => number,
  interval: number,
  start: number,
): Sink {
  let last = start;
  const line = (step: number, stats: string): string => `${label} ${step}/${total} ${percent(step, total)} | ${stats}\n`;
  return {
    show: (step, stats) => {
      const now = clock();
      // At the last step, leave it to stop(): its line says the same and more.
      if (now - last < interval || step >= total) return;
      last = now;
      stream.write(line(step, stats));
    },
    finish: (step, stats) => {
      stream.write(line(step, stats));
    },
  };
}

function formatStats(s: {
  step: number;
  total: number;
  elapsed: number;
  final: boolean;
  fields: ProgressFields;
  samples: number | undefined;
}): string {
  // Time first: on a narrow terminal the line is cut at the right edge.
  const parts: string[] = [];
  if (s.final) parts.push(`took ${formatDuration(s.elapsed)}`);
  else {
    // Mean time per step so far; the first steps include warm-up (JIT, kernel
    // compilation), so early estimates run long.
    const remaining = Math.max(0, s.total - s.step);
    parts.push(`ETA ${s.step > 0 ? formatDuration((s.elapsed / s.step) * remaining) : '--'}`);
  }
  if (s.fields.epoch !== undefined) parts.push(`epoch ${s.fields.epoch}`);
  if (s.fields.loss !== undefined) parts.push(`loss ${formatLoss(s.fields.loss)}`);
  if (s.elapsed > 0 && s.step > 0) {
    parts.push(s.samples !== undefined ? `${formatRate(s.samples / s.elapsed)} samples/s` : `${formatRate(s.step / s.elapsed)} steps/s`);
  }
  if (s.fields.note !== undefined && s.fields.note !== '') parts.push(s.fields.note);
  return parts.join(' | ');
}

function formatLoss(x: number): string {
  return Number.isFinite(x) ? x.toPrecision(4) : String(x);
}

function formatRate(x: number): string {
  return x >= 100 ? Math.round(x).toLocaleString('en-US') : x.toPrecision(3);
}

function percent(value: number, total: number): string {
  const p = total === 0 ? 100 : Math.min(100, Math.floor((100 * value) / total));
  return `${p}%`;
}

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}
