/**
 * An estimate at another supply voltage: the factor by which the energy
 * drawn from V_DD changes when the board runs at `supplyV` instead of the
 * voltage its power coefficients were fitted at (`supply.measuredAtV`).
 * The core's own voltage (the operating point) does not change with V_DD:
 * the regulator holds it, so latency and the core's C·V²·f stay as they
 * are; only the regulator between V_DD and the core decides what the
 * supply pays for them.
 *
 * - 'ldo': a linear regulator draws from V_DD the current the core sinks,
 *   whatever V_DD is, so the power drawn is V_DD·I and scales as
 *   supplyV / measuredAtV. (STM32U585 datasheet DS13086, Table 42: Run mode
 *   on LDO at 160 MHz draws 13.50 mA at 1.8 V, 3.0 V and 3.3 V alike.)
 * - 'smps': a step-down converter draws less current at a higher V_DD, by
 *   an efficiency that depends on V_DD and load, so the factor is
 *   V·I(V) / (V_m·I(V_m)) from the profile's cited run currents at the
 *   operating point, linear in V between cited voltages; outside them, or
 *   at an operating point without them, another voltage is refused.
 */
import type { DeviceProfile } from '../profile/device-profile.js';

function interpolate(points: readonly { voltageV: number; currentA: number }[], v: number): number | null {
  for (let i = 1; i < points.length; i++) {
    const a = points[i - 1]!;
    const b = points[i]!;
    if (a.voltageV <= v && v <= b.voltageV) return a.currentA + ((b.currentA - a.currentA) * (v - a.voltageV)) / (b.voltageV - a.voltageV);
  }
  return null;
}

/** Energy factor at `supplyV` relative to the profile's measured supply, at operating point `opPointId`. */
export function supplyScale(profile: DeviceProfile, opPointId: string, supplyV: number): number {
  const s = profile.supply;
  if (!s) throw new RangeError(`device ${profile.id}: its profile has no "supply" description (the voltage its power was fitted at, the regulator), so supplyV ${supplyV} V cannot be priced`);
  if (supplyV < s.minV || supplyV > s.maxV) throw new RangeError(`device ${profile.id}: supplyV ${supplyV} V is outside its supply range ${s.minV}–${s.maxV} V (supply.minV, supply.maxV)`);
  if (supplyV === s.measuredAtV) return 1;
  if (s.regulator === 'ldo') return supplyV / s.measuredAtV;
  const points = s.smpsRunCurrentA?.[opPointId];
  if (!points) {
    throw new RangeError(`device ${profile.id}: the core is supplied through an SMPS and the profile cites no run current versus V_DD at operating point ${opPointId} (supply.smpsRunCurrentA), so only its measured supply ${s.measuredAtV} V can be priced, not supplyV ${supplyV} V`);
  }
  const at = interpolate(points, supplyV);
  if (at === null) {
    throw new RangeError(`device ${profile.id}: supplyV ${supplyV} V is outside the SMPS run currents the profile cites at ${opPointId} (${points[0]!.voltageV}–${points[points.length - 1]!.voltageV} V, supply.smpsRunCurrentA)`);
  }
  // The schema guarantees the cited points cover measuredAtV.
  return (supplyV * at) / (s.measuredAtV * interpolate(points, s.measuredAtV)!);
}
