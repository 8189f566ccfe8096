/**
 * The error thrown when a file on disk does not have the shape we expect
 * (safetensors, a checkpoint's model.json, ONNX, CIFAR, WFDB, JPEG, CSV). It
 * carries the file, the field and (for binary formats) the byte offset
 * separately so callers and tests can branch on them, and its message reads
 * `<file>: <field>[ at byte N]: <problem>` (or `<file>:<line>: ...` for text)
 * so a user knows where to look and what was expected without a debugger.
 *
 * Every reader in data/, train/ and interop/ throws only this type for bad
 * content; the fuzz tests assert exactly that.
 */
export class FileFormatError extends Error {
  override readonly name = 'FileFormatError';

  constructor(
    /** The file (or the caller-supplied source name) that is malformed. */
    readonly file: string,
    /** Where inside the file: a JSON path such as `model.name`, or a region such as `header length`. */
    readonly field: string,
    /** What is wrong and what was expected. */
    readonly problem: string,
    /** Byte offset (binary formats) or 1-based line number (text formats) where the problem was found. */
    readonly offset?: number,
    /** What `offset` counts. */
    readonly offsetUnit: 'byte' | 'line' = 'byte',
  ) {
    super(`${file}: ${field}${offset === undefined ? '' : ` at ${offsetUnit} ${offset}`}: ${problem}`);
  }
}
