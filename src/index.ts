/** edgewatt: the whole framework; each layer is also a subpath export (edgewatt/engine, edgewatt/nn, ...). */
export * as engine from './engine/index.js';
export * as io from './io/index.js';
export * as nn from './nn/index.js';
export * as train from './train/index.js';
export * as data from './data/index.js';
export * as interop from './interop/index.js';
