/**
 * `plan` across devices: per device (bounded concurrency) connect, discover the ports holding
 * owned objects, get-config, parse, plan, close. Read-only: no lock, no edit. A device that cannot
 * be read is an outcome, not an exception, so one unreachable switch never hides the plans of the
 * others.
 */
import type { ParseScope } from '../../drivers/driver.js';
import type { ObservedDevice } from '../../policies/intent/model.js';
import type { DevicePlan } from '../../policies/plan/model.js';
import { planHash } from '../../policies/plan/hash.js';
import { openSession } from './connect.js';
import { ApplyDeviceError, errorCode, errorMessage, withoutDevice, type PushPhase } from './errors.js';
import { mapBounded } from './pool.js';
import { readObservedPlan } from './read.js';
import type { PushTarget } from './target.js';

/**
 * The plan of one device, or why there is none. A planned device also carries what was read:
 * `observed` (the owned state the plan compared, for the before/after diff and the exact payload)
 * and `scope` (the ports read: the ledger's and those the driver's discovery found owned objects on).
 */
export type PlanOutcome =
  | { readonly device: string; readonly ok: true; readonly plan: DevicePlan; readonly observed: ObservedDevice; readonly scope: ParseScope }
  | { readonly device: string; readonly ok: false; readonly phase: PushPhase; readonly code: string; readonly message: string };

/** Options of `planTargets`. */
export interface PlanRunOptions {
  readonly concurrency: number;
  readonly signal?: AbortSignal;
}

/** Plans one device over its own session. Never throws. */
export async function planTarget(target: PushTarget, signal?: AbortSignal): Promise<PlanOutcome> {
  const device = target.device.id;
  const driver = target.driver;
  if (!driver) return { device, ok: false, phase: 'plan', code: 'UNKNOWN_PLATFORM', message: target.driverError ?? `no driver for ${target.device.platform}` };
  let client;
  try {
    client = await openSession(target.device, signal);
  } catch (error: unknown) {
    const cause = error instanceof ApplyDeviceError && error.cause !== undefined ? error.cause : error;
    return { device, ok: false, phase: 'connect', code: errorCode(cause), message: withoutDevice(device, errorMessage(cause)) };
  }
  try {
    const { plan, observed, scope } = await readObservedPlan(client, driver, target.intent, target.scope, signal);
    return { device, ok: true, plan, observed, scope };
  } catch (error: unknown) {
    return { device, ok: false, phase: 'read', code: errorCode(error), message: withoutDevice(device, errorMessage(error)) };
  } finally {
    await client.closeSession();
  }
}

/** Plans every target, at most `concurrency` sessions at once; results in target order. */
export async function planTargets(targets: readonly PushTarget[], options: PlanRunOptions): Promise<PlanOutcome[]> {
  return mapBounded(targets, options.concurrency, (t) => planTarget(t, options.signal));
}

/** The plans of the devices that could be planned. */
export function plansOf(outcomes: readonly PlanOutcome[]): DevicePlan[] {
  return outcomes.flatMap((o) => (o.ok ? [o.plan] : []));
}

/** The hash `plan` prints for these outcomes (over the devices that were planned). */
export function outcomesHash(outcomes: readonly PlanOutcome[]): string {
  return planHash(plansOf(outcomes));
}
