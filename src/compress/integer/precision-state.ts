/**
 * Run-time precision switching. A quantized layer reads its requantization
 * parameters through a `Switchable`: a plain integer model has one set
 * (`fixedParams`), a nested any-precision model one set per weight bit width
 * (`PerWidth`), all keyed by one `PrecisionState` shared by every layer —
 * so `setBits` is a single assignment, whatever the model's size, and
 * nothing is allocated or copied when the width changes (Yu et al. 2021,
 * "Any-Precision Deep Neural Networks", AAAI: one model, the bit width
 * chosen at run time).
 */

/** The active weight bit width of a nested model, shared by all its layers. */
export class PrecisionState {
  private active: number;

  constructor(
    readonly widths: readonly number[],
    initial = widths[0],
  ) {
    if (widths.length === 0) throw new RangeError('PrecisionState: at least one bit width is needed');
    if (initial === undefined || !widths.includes(initial)) throw new RangeError(`PrecisionState: the initial width ${initial} is not one of ${widths.join(', ')}`);
    this.active = initial;
  }

  get bits(): number {
    return this.active;
  }

  /** Switches every layer reading this state; an unknown width is an error naming the known ones. */
  setBits(bits: number): void {
    if (!this.widths.includes(bits)) throw new RangeError(`setBits: ${bits} is not one of this model's bit widths (${this.widths.join(', ')})`);
    this.active = bits;
  }
}

/** Parameters a layer reads at run time, and every variant it holds (for buffers, sizes, export). */
export interface Switchable<T> {
  readonly current: T;
  /** [suffix, parameters]: suffix '' for a single set, `w${bits}` per bit width. */
  readonly variants: readonly (readonly [string, T])[];
}

/** One parameter set: a plain (not nested) integer model. */
export function fixedParams<T>(params: T): Switchable<T> {
  return { current: params, variants: [['', params]] };
}

/** One parameter set per bit width of `state`, read through state.bits. */
export class PerWidth<T> implements Switchable<T> {
  private readonly byBits: ReadonlyMap<number, T>;

  constructor(
    private readonly state: PrecisionState,
    byBits: ReadonlyMap<number, T>,
  ) {
    for (const b of state.widths) if (!byBits.has(b)) throw new RangeError(`PerWidth: no parameters for ${b} bits`);
    this.byBits = byBits;
  }

  get current(): T {
    return this.byBits.get(this.state.bits)!;
  }

  get variants(): readonly (readonly [string, T])[] {
    return this.state.widths.map((b) => [`w${b}`, this.byBits.get(b)!] as const);
  }
}

/** A buffer name for one variant: `bias` alone, `bias_w4` for a width. */
export function variantName(base: string, suffix: string): string {
  return suffix === '' ? base : `${base}_${suffix}`;
}
