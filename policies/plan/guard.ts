/**
 * The safety checks a plan passes before anything is written (pure). Each refusal is a
 * PlanRefusedError with a stable code:
 * - TOO_MANY_DELETES: the plan removes more tenant objects than `push.maxDeletes` (summed over
 *   every device of the run, so a bad ledger cannot slip a mass deletion through one device at a
 *   time) and the operator did not pass --force; nothing is written on any device;
 * - NOT_OWNED: the intent wants an object where the device holds one without the ownership
 *   prefix; that device is refused, the others go on;
 * - PLAN_CHANGED: the plan is not the one the operator saw (hash moved).
 */
import type { DevicePlan } from './model.js';

/** Stable codes of plan refusals. */
export type PlanRefusalCode = 'TOO_MANY_DELETES' | 'NOT_OWNED' | 'PLAN_CHANGED';

/** Apply refused a plan (or one device's plan) before writing anything. */
export class PlanRefusedError extends Error {
  override readonly name = 'PlanRefusedError';
  readonly code: PlanRefusalCode;
  /** Device the refusal is about; undefined when it is about the whole run. */
  readonly device: string | undefined;

  constructor(code: PlanRefusalCode, message: string, options: { device?: string; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.device = options.device;
  }
}

/** Tenant objects removed by the plans together. */
export function totalTenantDeletes(plans: readonly Pick<DevicePlan, 'tenantDeletes'>[]): number {
  return plans.reduce((n, p) => n + p.tenantDeletes, 0);
}

/** The run-wide delete guard: a PlanRefusedError TOO_MANY_DELETES, or undefined when the plan may go on. */
export function checkDeletes(plans: readonly Pick<DevicePlan, 'device' | 'tenantDeletes'>[], maxDeletes: number, force: boolean): PlanRefusedError | undefined {
  const total = totalTenantDeletes(plans);
  if (total <= maxDeletes || force) return undefined;
  const where = plans.filter((p) => p.tenantDeletes > 0).map((p) => `${p.device}: ${p.tenantDeletes}`).join(', ');
  return new PlanRefusedError(
    'TOO_MANY_DELETES',
    `the plan removes ${total} tenant objects (${where}), more than push.maxDeletes = ${maxDeletes}; check the ledger, then re-run with --force if the removals are intended`,
  );
}

/** The ownership check of one device: a PlanRefusedError NOT_OWNED, or undefined. */
export function checkOwnership(plan: Pick<DevicePlan, 'device' | 'conflicts'>): PlanRefusedError | undefined {
  if (plan.conflicts.length === 0) return undefined;
  const list = plan.conflicts.map((c) => `${c.key} (wanted by ${c.sharedPortId}, holds '${c.foreignDescription}')`).join('; ');
  return new PlanRefusedError(
    'NOT_OWNED',
    `${plan.device}: the intent wants objects the agent does not own: ${list}; the agent never changes them — free them on the device or change the ledger`,
    { device: plan.device },
  );
}

/** The drift check: PLAN_CHANGED when `actual` is not `expected`. */
export function checkHash(expected: string, actual: string, what: string, device?: string): PlanRefusedError | undefined {
  if (expected === actual) return undefined;
  return new PlanRefusedError('PLAN_CHANGED', `${what} changed since it was shown (was ${expected}, now ${actual}); run plan again and review it`, device === undefined ? {} : { device });
}
