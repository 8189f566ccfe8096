/**
 * `synthetic-<precision>.csv` (`edgewatt generate --samples n`): synthetic
 * windows to augment a training set with, one row per window —
 *
 *   class,window,x_0,x_1,…,x_{L−1},y_0,…
 *
 * `class` is the class name, `window` the window's index within its class,
 * then the window channel by channel (channels-first, as the model and
 * data/har-dataset.ts hold windows: every reading of the first channel,
 * then of the next), each column named `<channel>_<reading>`. Values are in
 * the task's standardised space (each channel minus the training mean,
 * over the training standard deviation), as the model drew them, to 4
 * decimals: 10⁻⁴ of a standard deviation, far below the residual noise the
 * draws carry. Fields are quoted as RFC 4180 says when a name holds a
 * comma, a quote or a line break.
 */

export interface SampleWindows {
  classes: readonly string[];
  channels: readonly string[];
  windowLength: number;
  /** [class][window] → [C·L]. */
  samples: readonly (readonly Float32Array[])[];
}

const DECIMALS = 4;

function field(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function value(v: number): string {
  if (!Number.isFinite(v)) throw new RangeError(`syntheticSamplesCsv: a sample is ${v}; expected finite numbers`);
  const s = v.toFixed(DECIMALS).replace(/\.?0+$/, '');
  return s === '-0' ? '0' : s;
}

export function syntheticSamplesCsv(s: SampleWindows): string {
  const per = s.channels.length * s.windowLength;
  if (s.samples.length !== s.classes.length) throw new RangeError(`syntheticSamplesCsv: samples has ${s.samples.length} classes but classes names ${s.classes.length}`);
  const header = ['class', 'window', ...s.channels.flatMap((c) => Array.from({ length: s.windowLength }, (_, t) => `${c}_${t}`))].map(field).join(',');
  const rows = [header];
  s.samples.forEach((windows, k) => {
    const name = field(s.classes[k]!);
    windows.forEach((w, j) => {
      if (w.length !== per) throw new RangeError(`syntheticSamplesCsv: window ${j} of class "${s.classes[k]}" holds ${w.length} values; expected ${s.channels.length} channels × ${s.windowLength} readings = ${per}`);
      rows.push(`${name},${j},${Array.from(w, value).join(',')}`);
    });
  });
  return rows.join('\n') + '\n';
}
