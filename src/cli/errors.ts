/** How the CLI reports a failure: one line a user can act on; the stack only with EDGEWATT_DEBUG=1. */
export function reportError(e: unknown): number {
  const message = e instanceof Error ? e.message : String(e);
  process.stderr.write(`edgewatt: error: ${message}\n`);
  if (process.env['EDGEWATT_DEBUG'] === '1' && e instanceof Error && e.stack) process.stderr.write(`${e.stack}\n`);
  return 1;
}

/** Parses a CLI number option, naming the option when it is not what was expected. */
export function parseNumberOption(name: string, opts: { integer?: boolean; min?: number; max?: number } = {}) {
  return (value: string): number => {
    const n = Number(value);
    const kind = opts.integer ? 'an integer' : 'a number';
    if (value.trim() === '' || !Number.isFinite(n) || (opts.integer && !Number.isInteger(n))) {
      throw new Error(`option ${name}: expected ${kind}, got "${value}"`);
    }
    if (opts.min !== undefined && n < opts.min) throw new Error(`option ${name}: must be >= ${opts.min}, got ${n}`);
    if (opts.max !== undefined && n > opts.max) throw new Error(`option ${name}: must be <= ${opts.max}, got ${n}`);
    return n;
  };
}
