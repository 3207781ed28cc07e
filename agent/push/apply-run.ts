/**
 * `apply` of planned devices: per device (bounded concurrency) ONE session and ONE transaction:
 * lock candidate → re-read + re-plan inside the lock (refuse if the plan hash moved) → edit (the
 * full owned intent plus removals, rendered from the in-lock plan) → validate → commit confirmed
 * → verify (re-read, re-plan must be empty) → confirm → unlock. On any failure the transaction
 * cancels the pending commit (or the device's timer rolls it back), discards and unlocks; the
 * result names the phase and what the device was left in. One device failing never stops the others.
 * Junos devices (driver hints load 'junos-load-configuration', confirmedCommit 'junos') run the same
 * phases with load-configuration / commit-configuration (drivers/netconf/junos-transaction.ts); a
 * Junos confirmed commit cannot be cancelled, so after a failed verify the device's timer rolls back.
 */
import type { NetconfClient } from '../../drivers/netconf/client.js';
import { RpcError } from '../../drivers/netconf/errors.js';
import { JunosTransactionError, runJunosTransaction } from '../../drivers/netconf/junos-transaction.js';
import type { QuirkProfile } from '../../drivers/netconf/quirks.js';
import { runTransaction, TransactionError, VerificationError, type TransactionPhase } from '../../drivers/netconf/transaction.js';
import { checkHash, checkOwnership, PlanRefusedError } from '../../policies/plan/guard.js';
import type { DevicePlan } from '../../policies/plan/model.js';
import { openSession } from './connect.js';
import { ApplyDeviceError, errorCode, errorMessage, withoutDevice, type DeviceState, type PushPhase } from './errors.js';
import { mapBounded } from './pool.js';
import { readObservedPlan, readScopePlan } from './read.js';
import type { ParseScope } from '../../drivers/driver.js';
import type { XmlElement } from '../../drivers/netconf/xml.js';
import type { PushTarget } from './target.js';

/** What happened on one device. */
export type ApplyStatus = 'applied' | 'no-changes' | 'refused' | 'failed';

/** The result of one device's apply. */
export interface DeviceApplyResult {
  readonly device: string;
  readonly status: ApplyStatus;
  /** The plan that was applied (planned inside the lock), or the shown one when refused before. */
  readonly plan: DevicePlan | undefined;
  /** Phases entered, in order. */
  readonly phases: readonly PushPhase[];
  /** Where it failed or was refused. */
  readonly phase?: PushPhase;
  /** What the device holds after a failure. */
  readonly state?: DeviceState;
  readonly code?: string;
  readonly message?: string;
  readonly durationMs: number;
}

/** Options of `applyTarget` / `applyTargets`. */
export interface ApplyOptions {
  readonly concurrency: number;
  /** Seconds before an unconfirmed commit rolls back on the device. */
  readonly confirmTimeoutS: number;
  /** Transaction quirks of the server family (default: RFC 6241 as written). */
  readonly quirks?: QuirkProfile;
  readonly signal?: AbortSignal;
  /** Progress per device and phase (logs; tests use it to act at a phase). */
  readonly onPhase?: (device: string, phase: PushPhase) => void;
}

const TX_PHASE: Readonly<Record<TransactionPhase, PushPhase>> = { lock: 'lock', edit: 'edit', validate: 'validate', commit: 'commit', verify: 'verify', confirm: 'confirm' };

/** What the device holds after a TransactionError. */
function stateAfter(error: TransactionError): DeviceState {
  if (!error.commitSent) return 'unchanged';
  // Junos cannot cancel a confirmed commit: once it landed, only the device's timer rolls it back.
  if (error instanceof JunosTransactionError && (error.phase === 'verify' || (error.phase === 'confirm' && error.cause instanceof RpcError))) return 'rolling-back';
  if (error.phase === 'commit') return error.commitRejected ? 'unchanged' : 'rolling-back';
  if (error.phase === 'confirm' && !(error.cause instanceof RpcError)) return 'unknown';
  return error.cleanupErrors.length === 0 ? 'rolled-back' : 'rolling-back';
}

function describeRemaining(plan: DevicePlan): string {
  const shown = plan.changes.slice(0, 5).map((c) => `${c.action} ${c.kind} ${c.key}${c.fields.length && c.action === 'modify' ? ` (${c.fields.map((f) => f.field).join(', ')})` : ''}`);
  return `${shown.join('; ')}${plan.changes.length > 5 ? `; and ${plan.changes.length - 5} more` : ''}`;
}

/**
 * Applies `shown` (the plan the operator saw) to one device. Never throws: failures and refusals
 * are results. A device whose shown plan is empty is not contacted.
 */
export async function applyTarget(target: PushTarget, shown: DevicePlan, options: ApplyOptions): Promise<DeviceApplyResult> {
  const started = Date.now();
  const device = target.device.id;
  const phases: PushPhase[] = [];
  const enter = (p: PushPhase): void => {
    phases.push(p);
    options.onPhase?.(device, p);
  };
  const done = (r: Omit<DeviceApplyResult, 'device' | 'phases' | 'durationMs'>): DeviceApplyResult => ({ device, phases, durationMs: Date.now() - started, ...r });
  const driver = target.driver;
  if (!driver) return done({ status: 'failed', plan: shown, phase: 'plan', state: 'unchanged', code: 'UNKNOWN_PLATFORM', message: target.driverError ?? 'no driver' });
  if (shown.changes.length === 0 && shown.conflicts.length === 0) return done({ status: 'no-changes', plan: shown });
  // Junos loads with <load-configuration> and commits with <commit-configuration> (timeout in
  // minutes): its own transaction (drivers/netconf/junos-transaction.ts). A combination of hints
  // neither transaction implements is refused here, before a session is opened.
  const tx = driver.transaction;
  const junos = tx.load === 'junos-load-configuration' && tx.confirmedCommit === 'junos';
  if (!junos && (tx.load !== 'edit-config' || (tx.confirmedCommit !== 'netconf' && options.quirks?.confirmedCommit === undefined))) {
    return done({
      status: 'failed', plan: shown, phase: 'plan', state: 'unchanged', code: 'TRANSACTION_UNSUPPORTED',
      message: `apply on ${target.device.platform} needs ${tx.load} and the ${tx.confirmedCommit} confirmed commit, which apply does not implement yet; the plan is read-only here`,
    });
  }
  const owned = checkOwnership(shown);
  if (owned) return done({ status: 'refused', plan: shown, phase: 'plan', state: 'unchanged', code: owned.code, message: owned.message });

  enter('connect');
  let client: NetconfClient;
  try {
    client = await openSession(target.device, options.signal);
  } catch (error: unknown) {
    const cause = error instanceof ApplyDeviceError && error.cause !== undefined ? error.cause : error;
    return done({ status: 'failed', plan: shown, phase: 'connect', state: 'unchanged', code: errorCode(cause), message: withoutDevice(device, errorMessage(cause)) });
  }
  let inLock: DevicePlan | undefined;
  // The ports read inside the lock (the ledger's and those holding owned objects): the verify
  // reads the same ones, since nothing else can create owned objects while the lock is held.
  let inLockScope: ParseScope = target.scope;
  try {
    // Inside the lock, before the edit: re-read and re-plan; refuse if the plan moved since it
    // was shown, else send the edit rendered from the in-lock plan. A throw discards and unlocks.
    const beforeEdit = async (locked: NetconfClient): Promise<XmlElement> => {
      const { observed, plan, scope } = await readObservedPlan(locked, driver, target.intent, target.scope, options.signal);
      const moved = checkHash(shown.hash, plan.hash, `the plan of ${device}`, device);
      if (moved) throw moved;
      inLock = plan;
      inLockScope = scope;
      return driver.render(target.intent, plan.removals, observed);
    };
    // The re-plan runs at the start of the edit, inside the lock: report it as its own phase.
    const onPhase = (p: TransactionPhase): void => {
      if (p === 'edit') enter('plan');
      enter(TX_PHASE[p]);
    };
    const verify = async (): Promise<void> => {
      const { plan: after } = await readScopePlan(client, driver, target.intent, inLockScope, options.signal);
      if (after.changes.length > 0) {
        throw new VerificationError(`the device does not hold the intent after the commit: ${describeRemaining(after)}`, { device });
      }
    };
    const signal = options.signal ? { signal: options.signal } : {};
    if (junos) {
      await runJunosTransaction(client, {
        beforeEdit, confirmTimeoutS: options.confirmTimeoutS, verify, onPhase, ...signal,
        commitTimeoutMs: (target.device.netconf?.rpcTimeoutMs ?? 30_000) * 5,
        log: 'ecpa apply', device,
      });
    } else {
      await runTransaction(client, {
        config: [], beforeEdit, confirmTimeoutS: options.confirmTimeoutS, verify, onPhase, ...signal,
        ...(options.quirks ? { quirks: options.quirks } : {}),
      });
    }
    return done({ status: 'applied', plan: inLock ?? shown });
  } catch (error: unknown) {
    if (error instanceof TransactionError) {
      const cause = error.cause;
      if (cause instanceof PlanRefusedError) return done({ status: 'refused', plan: shown, phase: 'plan', state: 'unchanged', code: cause.code, message: cause.message });
      const phase = error.phase === 'edit' && inLock === undefined ? 'plan' : TX_PHASE[error.phase];
      const state = stateAfter(error);
      // After a rejected commit the transaction sends no cancel-commit (nothing is pending), so
      // every cleanup failure left (discard, unlock) is news.
      const cleanup = error.cleanupErrors.length > 0 ? ` (cleanup: ${error.cleanupErrors.map((e) => withoutDevice(device, errorMessage(e))).join('; ')})` : '';
      return done({ status: 'failed', plan: inLock ?? shown, phase, state, code: errorCode(cause), message: `${withoutDevice(device, errorMessage(cause))}${cleanup}` });
    }
    return done({ status: 'failed', plan: inLock ?? shown, phase: phases[phases.length - 1] ?? 'connect', state: 'unknown', code: errorCode(error), message: withoutDevice(device, errorMessage(error)) });
  } finally {
    await client.closeSession();
  }
}

/** Applies each planned device, at most `concurrency` at once; results in input order. */
export async function applyTargets(items: readonly { readonly target: PushTarget; readonly plan: DevicePlan }[], options: ApplyOptions): Promise<DeviceApplyResult[]> {
  return mapBounded(items, options.concurrency, (i) => applyTarget(i.target, i.plan, options));
}

/**
 * The typed error of a result (for callers that log or count failures, e.g. the reconciler):
 * PlanRefusedError for a refusal, ApplyDeviceError (phase, state) for a failure, undefined when
 * the device holds the intent.
 */
export function resultError(r: DeviceApplyResult): PlanRefusedError | ApplyDeviceError | undefined {
  if (r.status === 'applied' || r.status === 'no-changes') return undefined;
  const message = r.message ?? 'no detail';
  if (r.status === 'refused') {
    const code = r.code === 'TOO_MANY_DELETES' || r.code === 'NOT_OWNED' || r.code === 'PLAN_CHANGED' ? r.code : 'PLAN_CHANGED';
    return new PlanRefusedError(code, message, { device: r.device });
  }
  return new ApplyDeviceError(r.device, r.phase ?? 'connect', r.state ?? 'unknown', `${r.code ?? 'ECPA_UNEXPECTED'}: ${message}`);
}
