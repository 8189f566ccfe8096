/**
 * Plays an oracle plan in the runtime: per criticality class, the first
 * `dearCount` requests served get the dearer action, the rest the plan's
 * main one. Which tasks of a class get the dearer action does not change
 * the energy or the mean accuracy, only when the energy is drawn.
 */
import type { Controller, ControllerAction, ControllerState } from '../../runtime/controller.js';
import type { Criticality } from '../../runtime/request.js';
import type { OraclePlan } from './oracle-plan.js';

export class OracleController implements Controller {
  private readonly served: Record<Criticality, number> = { critical: 0, normal: 0, background: 0 };

  constructor(readonly plan: OraclePlan) {}

  decide(state: ControllerState): ControllerAction {
    const p = this.plan.byClass[state.criticality];
    if (p === null) throw new RangeError(`OracleController: the plan has no ${state.criticality} tasks, but a ${state.criticality} request came up; plan from the same trace you replay`);
    const k = this.served[state.criticality];
    return { variantId: p.dearAction !== null && k < p.dearCount ? p.dearAction : p.action };
  }

  observe(outcome: { state: ControllerState }): void {
    this.served[outcome.state.criticality]++;
  }
}
