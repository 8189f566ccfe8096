/**
 * A NabStream (data/nab.ts) over a checked — possibly repaired — sensor
 * stream: the NAB task (generative/tasks/nab-anomaly.ts) takes a NabStream,
 * but data/nab.ts builds one only from CSV text, so a stream whose gaps
 * were filled or whose repeated rows were left out by checkStream needs its
 * label windows mapped onto the repaired times. The mapping is parseNabStream's:
 * a window covers the readings whose time lies in [start, end], ends
 * included (NAB builds its windows from reading timestamps).
 *
 * The label-file key is found as parseNabStream finds it: the key whose file
 * name is the stream's, when exactly one is.
 */
import { basename } from 'node:path';
import { findGaps, medianStep, type TimeSeries } from './csv-timeseries.js';
import { labelNabSeries, resolveNabKey, type NabLabelFile, type NabStream } from './nab.js';
import type { SensorStream } from './sensor-stream.js';
import { FileFormatError } from '../io/file-format-error.js';

/** data/csv-timeseries.ts's default: a step longer than 1.5 median steps is a gap. */
const GAP_FACTOR = 1.5;

export function labelledNabStream(stream: SensorStream, labels: NabLabelFile, labelsPath: string): NabStream {
  const source = stream.source;
  if (stream.timeS === null) throw new RangeError(`labelledNabStream: ${source} has no reading times`);
  if (stream.startUtcS === undefined) {
    throw new FileFormatError(source, 'time column', 'holds numbers, not UTC date-times; NAB label windows are date-times ("YYYY-MM-DD HH:MM:SS"), so they cannot be matched to its readings');
  }
  const key = resolveNabKey(labels, basename(source), labelsPath);
  const t0 = stream.startUtcS;
  const timeS = Float64Array.from(stream.timeS, (t) => t0 + t);
  const stepS = medianStep(timeS);
  const series: TimeSeries = {
    source, timeS, values: stream.values, columns: stream.channels ?? ['value'], medianStepS: stepS,
    gaps: findGaps(timeS, stepS, GAP_FACTOR), droppedRows: [...(stream.droppedRows ?? [])],
  };
  return labelNabSeries(series, labels, key);
}
