/**
 * The one error export throws for a model it cannot write: every problem
 * found in one pass (each naming the primitive or layer, the module path it
 * ran in and what to do), so a user fixes them all at once rather than one
 * per attempt.
 */
export class OnnxExportError extends Error {
  constructor(
    /** What was being exported, e.g. `resnet8`. */
    readonly model: string,
    readonly problems: readonly string[],
  ) {
    super(`exportOnnx(${model}): ${problems.length === 1 ? problems[0] : `${problems.length} problems:\n  - ${problems.join('\n  - ')}`}`);
    this.name = 'OnnxExportError';
  }
}
