/** edgewatt/io: the file-level helpers every reader and writer shares — crash-safe writes and the typed format error. */
export { writeFileAtomic, writeFileAtomicSync, writeJsonAtomic, type AtomicWriteData } from './atomic-write.js';
export { FileFormatError } from './file-format-error.js';
export { schemaError } from './schema-error.js';
