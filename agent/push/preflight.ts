/**
 * Run-wide checks between `plan` and the first write: the plan is the one the operator saw
 * (`--plan-hash`), and it does not remove more tenant objects than `push.maxDeletes` unless
 * `--force`. Either refusal stops the whole run before any device is locked.
 */
import { checkDeletes, checkHash, type PlanRefusedError } from '../../policies/plan/guard.js';
import { outcomesHash, plansOf, type PlanOutcome } from './plan-run.js';

/** Options of `preflight`. */
export interface PreflightOptions {
  readonly maxDeletes: number;
  readonly force: boolean;
  /** The hash `plan` printed (`--plan-hash`); unchecked when undefined. */
  readonly expectedHash?: string;
}

/** The refusal of the run, or undefined when it may go on. */
export function preflight(outcomes: readonly PlanOutcome[], options: PreflightOptions): PlanRefusedError | undefined {
  if (options.expectedHash !== undefined) {
    const moved = checkHash(options.expectedHash, outcomesHash(outcomes), 'the plan');
    if (moved) return moved;
  }
  return checkDeletes(plansOf(outcomes), options.maxDeletes, options.force);
}
