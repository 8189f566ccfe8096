/**
 * Power at a DVFS operating point from the profile's nominal figures:
 * dynamic power C·V²·f (Weste & Harris, "CMOS VLSI Design", 4th ed., §5.1)
 * and static power scaled linearly with the supply voltage — leakage
 * current held constant, the first-order model (Kim et al., "Leakage
 * current: Moore's law meets static power", IEEE Computer 36(12), 2003,
 * treat P_static = V·I_leak); its exponential growth with V is ignored, so
 * the static share at overvolted points is underestimated.
 */
import type { DeviceProfile, OpPoint } from '../profile/device-profile.js';

export interface OpPointPower {
  opPoint: OpPoint;
  /** Static power while awake at this point, W. */
  staticW: number;
  /** Dynamic power of one fully busy core (or the GPU), W. */
  dynamicW: number;
  /** Frequency relative to the nominal point: compute rates scale with it. */
  speedRatio: number;
}

export function opPointById(profile: DeviceProfile, id: string | undefined): OpPoint {
  const want = id ?? profile.power.nominalOpPoint;
  const op = profile.power.opPoints.find((o) => o.id === want);
  if (!op) throw new RangeError(`device ${profile.id}: unknown operating point "${want}"; it has ${profile.power.opPoints.map((o) => o.id).join(', ')}`);
  return op;
}

export function opPointPower(profile: DeviceProfile, id?: string): OpPointPower {
  const op = opPointById(profile, id);
  const nominal = opPointById(profile, undefined);
  return {
    opPoint: op,
    staticW: profile.power.staticW * (op.voltageV / nominal.voltageV),
    dynamicW: profile.power.switchedCapacitanceF * op.voltageV * op.voltageV * op.frequencyHz,
    speedRatio: op.frequencyHz / nominal.frequencyHz,
  };
}
