/**
 * The error checkStream throws when a sensor stream cannot be scored as it
 * is and the policy does not allow (or cannot make) a repair. It is a
 * FileFormatError — the stream's content is what is wrong, and callers that
 * already catch bad files catch this too — with the failed check as a field
 * so the CLI and tests can branch on it without parsing the message. The
 * message keeps FileFormatError's `<file>: <field>: <problem>` shape.
 */
import { FileFormatError } from '../io/file-format-error.js';

/** Which check failed. */
export type StreamCheckKind = 'channels' | 'time' | 'gap' | 'nan' | 'rate' | 'length';

export class StreamCheckError extends FileFormatError {
  constructor(
    file: string,
    field: string,
    problem: string,
    /** The check that failed. */
    readonly check: StreamCheckKind,
  ) {
    super(file, field, problem);
  }
}
