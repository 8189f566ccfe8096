/** Public API of the data layer: datasets, loaders, transforms, windowing and the HAR reader. */
export { ArrayDataset, subset, type ArrayDatasetOptions, type Dataset, type Sample } from './dataset.js';
export { DataLoader, type Batch, type DataLoaderOptions } from './dataloader.js';
export { compose, normalize, randomCropWithPadding, randomHorizontalFlip, type Transform } from './transforms.js';
export { slidingWindows, windowCount, type Windows } from './windows.js';
export { splitByFileStratified, type FileSplit, type FileSplitOptions } from './file-split.js';
export { harClasses, harDefaultSampleRateHz, parseHarCsv, readHarRecordings, type HarClass, type HarRecording } from './har.js';
export { harStats, loadHarDataset, type HarDataset, type HarDatasetOptions, type HarStats } from './har-dataset.js';
export { formatHarCsv, synthesizeHarRecording, writeSyntheticHar, type SyntheticHarOptions } from './synthetic-har.js';
