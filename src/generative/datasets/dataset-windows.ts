/** An ArrayDataset of windows [C, L] as a WindowSet plus its labels (a copy). */
import type { Dataset } from '../../data/index.js';
import type { WindowSet } from '../metrics/window-set.js';

export function datasetWindows(ds: Dataset): { windows: WindowSet; labels: Int32Array } {
  if (ds.sampleShape.length !== 2) throw new RangeError(`datasetWindows: samples must be windows [channels, length], got shape [${ds.sampleShape.join(', ')}]`);
  const [channels, length] = ds.sampleShape as [number, number];
  const per = channels * length;
  const data = new Float32Array(ds.length * per);
  const labels = new Int32Array(ds.length);
  for (let i = 0; i < ds.length; i++) {
    const s = ds.get(i);
    data.set(s.x, i * per);
    labels[i] = s.y;
  }
  return { windows: { data, count: ds.length, channels, length }, labels };
}
