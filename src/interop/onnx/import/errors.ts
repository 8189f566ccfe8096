/**
 * Import errors. A malformed file is a FileFormatError (io/); a well-formed
 * model that uses something this importer does not implement is an
 * UnsupportedOnnxError, which lists every offending op type with its nodes
 * (and the reason, for supported ops with unsupported attributes) so a user
 * sees the whole porting job at once rather than one op per attempt.
 */

/** One op type the importer cannot run, with the nodes that use it. */
export interface UnsupportedOp {
  readonly opType: string;
  readonly nodes: string[];
  /** Why, for a supported op type whose attributes/inputs are not supported; absent for unknown op types. */
  readonly reason?: string;
}

export class UnsupportedOnnxError extends Error {
  override readonly name = 'UnsupportedOnnxError';

  constructor(
    readonly file: string,
    readonly unsupported: readonly UnsupportedOp[],
  ) {
    const n = unsupported.length;
    const parts = unsupported.map((u) => `${u.opType} (nodes: ${u.nodes.join(', ')})${u.reason ? `: ${u.reason}` : ''}`);
    super(`${file}: ${n} unsupported op type${n === 1 ? '' : 's'}: ${parts.join(', ')}`);
  }
}

/**
 * Thrown by an op's `prepare` when the node is valid ONNX but uses a feature
 * this importer does not implement; the importer collects these over the
 * whole graph into one UnsupportedOnnxError.
 */
export class UnsupportedFeature extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = 'UnsupportedFeature';
  }
}
