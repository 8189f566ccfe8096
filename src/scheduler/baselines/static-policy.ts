/**
 * "Standard edge AI": one variant at the device's nominal operating point
 * for every request (static fp32, or a static int8 build) — the baseline
 * the paper's savings are measured against.
 */
import type { DeviceProfile } from '../../energy/index.js';
import { FixedVariantController } from '../../runtime/fixed-variant-controller.js';
import { actionId, type TwinActionSpace } from '../sim/twin-actions.js';

export function staticPolicy(space: TwinActionSpace, profile: DeviceProfile, variantId: string): FixedVariantController {
  const id = actionId(variantId, profile.power.nominalOpPoint);
  space.byId(id);
  return new FixedVariantController(id);
}
