/**
 * The error thrown when a file on disk does not have the shape we expect
 * (a safetensors file, a checkpoint's model.json). It carries the file and the
 * field separately so callers and tests can branch on them, and its message
 * reads `<file>: <field>: <problem>` so a user knows where to look and what
 * was expected without a debugger.
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
  ) {
    super(`${file}: ${field}: ${problem}`);
  }
}
