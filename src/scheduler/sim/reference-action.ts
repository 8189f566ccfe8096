/**
 * The reference deployment's action at the nominal operating point — what
 * "static fp32" serves: the best float variant (the unpruned fp32 model)
 * where the engine runs float, else the best-quality quantized one, the
 * cheaper on ties. Not simply the best quality: an int8 rung measuring 0.05
 * points above fp32 on 2,000 images is noise, and the baseline the paper
 * compares with is the float model. The evaluation's baselines and the RL
 * reward's energy reference both use it.
 */
import type { DeviceProfile } from '../../energy/index.js';
import type { TwinAction, TwinActionSpace } from './twin-actions.js';

export function referenceAction(space: TwinActionSpace, profile: DeviceProfile): TwinAction {
  const nominal = space.actions.filter((a) => a.opPointId === profile.power.nominalOpPoint);
  if (nominal.length === 0) throw new RangeError(`${profile.id}: no variant runs at the nominal operating point ${profile.power.nominalOpPoint}`);
  const float = nominal.filter((a) => a.precisions.length === 1 && a.precisions[0] === 'float32');
  const pool = float.length > 0 ? float : nominal;
  return pool.reduce((m, a) => ((a.quality ?? -1) > (m.quality ?? -1) || ((a.quality ?? -1) === (m.quality ?? -1) && a.cost.energyJ < m.cost.energyJ) ? a : m));
}
