/**
 * A failed zod validation as the one error a user acts on: the file, the
 * dotted path of the first problem, its message, and how many more there are.
 * Shared by every reader that validates a JSON file with a schema (ladder
 * manifests, device profiles).
 */
import type { ZodError } from 'zod';
import { FileFormatError } from './file-format-error.js';

export function schemaError(source: string, error: ZodError): FileFormatError {
  const issue = error.issues[0]!;
  const field = issue.path.length ? issue.path.join('.') : '(root)';
  const n = error.issues.length;
  const more = n > 1 ? ` (and ${n - 1} more problem${n > 2 ? 's' : ''})` : '';
  return new FileFormatError(source, field, `${issue.message}${more}`);
}
