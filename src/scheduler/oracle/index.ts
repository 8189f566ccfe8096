export { efficientHull, planOracle, type OracleClassPlan, type OracleOptions, type OraclePlan } from './oracle-plan.js';
export { OracleController } from './oracle-controller.js';
