/** Public API of the battery model: fitted equivalent circuit, discharge simulation, and the runtime's EnergyStore. */
export { asPack, packCapacityC, packChargeVoltageMaxV, packCutoffV, packOcvV, packParametersAt, validateBatteryModel, type BatteryModel, type OcvTable, type PackParameters, type ResistanceTable } from './battery-model.js';
export { advanceAtCurrent, currentForPower, restingState, terminalVoltageV, type BatteryState, type StepResult } from './battery-dynamics.js';
export { simulateDischarge, type DischargeLoad, type DischargeOptions, type DischargeResult } from './simulate-discharge.js';
export { deliverableEnergyJ } from './deliverable-energy.js';
export { BatteryStore } from './battery-store.js';
export { checkTrace, cumulativeChargeC, fitPulseTest, type DischargeTrace, type OcvPoint, type PulseFit, type PulseFitOptions, type PulseResistance } from './fit-pulse-test.js';
export { fitBatteryModel, LI_ION_COULOMBIC_EFFICIENCY, type BatteryFit, type BatteryFitInput } from './fit-battery-model.js';
export { interpolateClamped, segmentIndex } from './piecewise-linear.js';
export { LG18650_25C } from './lg18650-25c.js';
