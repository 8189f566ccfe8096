/**
 * The controller of a static deployment: every request on one variant,
 * whatever the battery, harvest or queue — "standard edge AI" at fp32, or
 * a static int8 build. The baseline every adaptive policy is compared with,
 * and what `edgewatt run --variant <id>` serves with.
 */
import type { Controller, ControllerAction, ControllerState } from './controller.js';

export class FixedVariantController implements Controller {
  constructor(readonly variantId: string) {
    if (typeof variantId !== 'string' || variantId === '') throw new TypeError(`FixedVariantController: variantId must be a variant id, got ${JSON.stringify(variantId)}`);
  }

  decide(state: ControllerState): ControllerAction {
    if (!state.candidates.some((c) => c.id === this.variantId)) {
      throw new RangeError(`FixedVariantController: variant "${this.variantId}" is not served here; the variants are ${state.candidates.map((c) => `"${c.id}"`).join(', ')}`);
    }
    return { variantId: this.variantId };
  }

  observe(): void {}
}
