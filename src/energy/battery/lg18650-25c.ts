/**
 * The LG 18650 cell of the shared data (2.6 Ah nominal, 25 °C), fitted by
 * fitBatteryModel on two files only and rounded (soc to 1e-6, volts to
 * 0.1 mV, ohms to 0.01 mOhm, seconds to 0.1 s):
 *
 * - ../shared/data/battery/lg18650_25C_pulse_data.csv (11 pulses of 600 s at
 *   0.5C = 1.3 A, 1200 s rests): the OCV above soc 0.074 and all of
 *   R0 / R1 / tau1;
 * - ../shared/data/battery/lg18650_25C_Rt_c_2_data.csv (0.5C to 2.5 V):
 *   the capacity, 9262.44 C = 2.573 Ah by the logger's coulomb count (the
 *   README's 2.6 Ah is the nominal rating), and the OCV below soc 0.074 as
 *   the 0.5C voltage plus 1.3 A x 71.8 mOhm.
 *
 * The 1C (lg18650_25C_ref_data.csv) and 2C (lg18650_25C_Rt_cx2_data.csv)
 * discharges are not used: they check the model's predictions
 * (test/energy/battery/fit-lg18650.test.ts: 1C 3552 s against 3498 s
 * measured, +1.5 %; 2C 1765 s against 1735 s, +1.8 %). The same test refits
 * from the files and checks these numbers against the fit, so they cannot
 * drift from the data.
 *
 * Cut-off 2.5 V: where all four shared discharges end (and the usual
 * discharge end voltage of LG 18650 datasheets). Charge-voltage limit
 * 4.2 V: the standard constant-voltage limit of LG's 4.2 V 18650 cells
 * (e.g. INR18650HG2 datasheet, "charge voltage 4.20 V"); the files start at
 * 4.18 V after a full charge. Coulombic efficiency: see
 * LI_ION_COULOMBIC_EFFICIENCY.
 */
import type { BatteryModel } from './battery-model.js';
import { LI_ION_COULOMBIC_EFFICIENCY } from './fit-battery-model.js';

export const LG18650_25C: BatteryModel = {
  name: 'LG 18650 2.6 Ah, 25 °C (fitted on the pulse test and the 0.5C discharge)',
  capacityC: 9262.44,
  ocv: {
    socFraction: [
      0, 0.000816, 0.002215, 0.003615, 0.005014, 0.006413, 0.007812, 0.009211, 0.010611, 0.01201,
      0.013448, 0.014847, 0.016246, 0.017645, 0.019045, 0.020444, 0.021843, 0.023242, 0.024641, 0.02608,
      0.027479, 0.028878, 0.030277, 0.031676, 0.033076, 0.034475, 0.035874, 0.037273, 0.038711, 0.04011,
      0.04151, 0.042909, 0.044308, 0.045707, 0.047106, 0.048506, 0.049905, 0.051304, 0.052742, 0.054141,
      0.05554, 0.05694, 0.058339, 0.059738, 0.061137, 0.062536, 0.063936, 0.065374, 0.066773, 0.068172,
      0.069571, 0.070971, 0.07237, 0.073749, 0.157954, 0.242159, 0.326363, 0.410568, 0.494772, 0.578977,
      0.663182, 0.747386, 0.831591, 0.915795, 1,
    ],
    voltageV: [
      2.5932, 2.628, 2.6844, 2.7369, 2.7856, 2.8308, 2.8728, 2.912, 2.9485, 2.9826,
      3.0146, 3.0444, 3.0725, 3.0987, 3.1233, 3.1463, 3.1679, 3.1882, 3.2072, 3.225,
      3.2418, 3.2574, 3.272, 3.2857, 3.2984, 3.3102, 3.3212, 3.3314, 3.3408, 3.3494,
      3.3574, 3.3648, 3.3717, 3.3781, 3.384, 3.3896, 3.3947, 3.3996, 3.4041, 3.4083,
      3.4124, 3.4162, 3.4199, 3.4233, 3.4266, 3.4298, 3.4328, 3.4357, 3.4385, 3.4413,
      3.4439, 3.4464, 3.4489, 3.4512, 3.5349, 3.5802, 3.6058, 3.6313, 3.6717, 3.7391,
      3.8085, 3.8874, 3.972, 4.068, 4.1813,
    ],
  },
  resistance: {
    socFraction: [
      0.073749, 0.157954, 0.242159, 0.326363, 0.410568, 0.494772, 0.578977, 0.663182, 0.747386, 0.831591,
      0.915795,
    ],
    r0Ohm: [
      0.05949, 0.0434, 0.04031, 0.03928, 0.03869, 0.03837, 0.04004, 0.04052, 0.04419, 0.04221,
      0.03912,
    ],
    r1Ohm: [
      0.01597, 0.02195, 0.02352, 0.01607, 0.01112, 0.01614, 0.03195, 0.02328, 0.01383, 0.01076,
      0.01102,
    ],
    tau1S: [
      227.9, 217.2, 242.7, 200.5, 202.2, 282.9, 389, 190.1, 154.2, 125.5,
      99.9,
    ],
  },
  cutoffV: 2.5,
  chargeVoltageMaxV: 4.2,
  coulombicEfficiency: LI_ION_COULOMBIC_EFFICIENCY,
  cellsInSeries: 1,
  cellsInParallel: 1,
  source: 'fitBatteryModel on ../shared/data/battery/lg18650_25C_pulse_data.csv and lg18650_25C_Rt_c_2_data.csv (Silencefrog9305/Digital-Twins-for-Battery-Using-CTA-MTL, Exp25_R1)',
};
