/**
 * The config transaction every driver uses to write a device:
 * lock candidate → (caller's beforeEdit check) → edit-config → validate → commit confirmed →
 * (caller verifies by re-reading) → confirm; on ANY failure: cancel the confirmed commit if one
 * may be pending, discard the candidate; the lock is always released. A commit the device
 * answered with an rpc-error left nothing pending, so then only discard and unlock are sent.
 * Quirk profiles adapt it (skip validate on yuma123, Junos' own confirmed commit).
 */
import { randomUUID } from 'node:crypto';
import type { NetconfClient } from './client.js';
import { CapabilityError, NetconfError, RpcError } from './errors.js';
import type { ConfigContent, EditConfigOptions } from './operations.js';
import { STANDARD, type QuirkProfile } from './quirks.js';
import type { RpcErrorInfo } from './errors.js';

/** The step a transaction was in. */
export type TransactionPhase = 'lock' | 'edit' | 'validate' | 'commit' | 'verify' | 'confirm';

/** A transaction failed in `phase`; `cause` is the underlying error. Cleanup already ran. */
export class TransactionError extends NetconfError {
  override readonly name = 'TransactionError';
  override readonly code = 'ECPA_NETCONF_TRANSACTION';
  readonly phase: TransactionPhase;
  /** Whether a confirmed commit reached the server (it was cancelled or will roll back on its timer). */
  readonly commitSent: boolean;
  /** Cleanup steps that failed (they never hide the original error). */
  readonly cleanupErrors: readonly unknown[];
  /**
   * The device answered the confirmed commit itself with an rpc-error: nothing is pending, so no
   * cancel-commit was sent (only discard and unlock).
   */
  readonly commitRejected: boolean;

  constructor(phase: TransactionPhase, cause: unknown, commitSent: boolean, cleanupErrors: readonly unknown[], commitRejected = false) {
    super(`config transaction failed at ${phase}: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    this.phase = phase;
    this.commitSent = commitSent;
    this.cleanupErrors = cleanupErrors;
    this.commitRejected = commitRejected;
  }
}

/** The caller's check after the confirmed commit found the device not as intended. */
export class VerificationError extends NetconfError {
  override readonly name = 'VerificationError';
  override readonly code = 'ECPA_NETCONF_VERIFY';
}

/** Options of `runTransaction`. */
export interface TransactionOptions {
  /** The change, for `<edit-config>` of the candidate (unless `beforeEdit` returns the content). */
  readonly config: ConfigContent;
  /**
   * Runs inside the lock, right before the edit (phase `edit`): re-read the device, re-plan,
   * refuse. It may return the content to send instead of `config` (an edit rendered from what the
   * device holds while nobody else can change it). Throwing aborts the transaction with the
   * usual cleanup (discard, unlock) and a TransactionError at phase `edit` whose cause is the throw.
   */
  readonly beforeEdit?: (client: NetconfClient) => Promise<ConfigContent | void>;
  readonly editOptions?: EditConfigOptions;
  /** Seconds the server waits for the confirm before rolling back. */
  readonly confirmTimeoutS: number;
  /**
   * Checks the device after the confirmed commit (re-read running and compare). Throw or
   * return false to roll back. This is what catches servers that ack a commit they did not apply.
   */
  readonly verify: (client: NetconfClient) => Promise<boolean | void>;
  readonly quirks?: QuirkProfile;
  /** persist token (default a random UUID). */
  readonly persistToken?: string;
  readonly signal?: AbortSignal;
  /** Progress, for logs (no secrets pass through here). */
  readonly onPhase?: (phase: TransactionPhase) => void;
}

/** What a successful transaction did. */
export interface TransactionResult {
  readonly phases: readonly TransactionPhase[];
  /** Warnings the server returned along the way. */
  readonly warnings: readonly RpcErrorInfo[];
  readonly validated: boolean;
}

/**
 * Runs the transaction. Resolves when the change is confirmed. Throws TransactionError
 * (phase + cause: LockDeniedError, RpcError, VerificationError, TimeoutError, …) after cleanup,
 * or CapabilityError before touching the device if it lacks :candidate or :confirmed-commit.
 */
export async function runTransaction(client: NetconfClient, options: TransactionOptions): Promise<TransactionResult> {
  const quirks = options.quirks ?? STANDARD;
  const caps = client.capabilities;
  if (!caps.has(':candidate')) throw new CapabilityError('config transaction', ':candidate');
  if (!quirks.confirmedCommit && !caps.has(':confirmed-commit')) throw new CapabilityError('config transaction', ':confirmed-commit');
  const rpcOptions = options.signal ? { signal: options.signal } : {};
  const token = options.persistToken ?? randomUUID();
  const persist = !quirks.confirmedCommit && quirks.usePersist && caps.has(':confirmed-commit:1.1');
  const phases: TransactionPhase[] = [];
  const warnings: RpcErrorInfo[] = [];
  let phase: TransactionPhase = 'lock';
  const enter = (p: TransactionPhase): void => {
    phase = p;
    phases.push(p);
    options.onPhase?.(p);
  };
  enter('lock');
  try {
    await client.lock('candidate', rpcOptions);
  } catch (error: unknown) {
    throw new TransactionError('lock', error, false, []);
  }
  let commitSent = false;
  let commitRejected = false;
  let confirmed = false;
  const cleanupErrors: unknown[] = [];
  let validated = false;
  try {
    enter('edit');
    const content = options.beforeEdit ? await options.beforeEdit(client) : undefined;
    warnings.push(...(await client.editConfig('candidate', content ?? options.config, options.editOptions ?? {}, rpcOptions)).warnings);
    if (!quirks.skipValidate && caps.has(':validate')) {
      enter('validate');
      warnings.push(...(await client.validate('candidate', rpcOptions)).warnings);
      validated = true;
    }
    enter('commit');
    commitSent = true;
    try {
      if (quirks.confirmedCommit) await quirks.confirmedCommit.commitConfirmed(client, options.confirmTimeoutS, token);
      else warnings.push(...(await client.commit({ confirmed: true, confirmTimeoutS: options.confirmTimeoutS, ...(persist ? { persist: token } : {}) }, rpcOptions)).warnings);
    } catch (error: unknown) {
      // An rpc-error reply is the device refusing the commit: nothing is pending. Anything else
      // (timeout, dropped reply, abort) may have left a confirmed commit running on its timer.
      commitRejected = error instanceof RpcError;
      throw error;
    }
    enter('verify');
    const ok = await options.verify(client);
    if (ok === false) throw new VerificationError('the device does not hold the intended configuration after the confirmed commit');
    enter('confirm');
    if (quirks.confirmedCommit) await quirks.confirmedCommit.confirm(client, token);
    else warnings.push(...(await client.commit(persist ? { persistId: token } : {}, rpcOptions)).warnings);
    confirmed = true;
    return { phases, warnings, validated };
  } catch (error: unknown) {
    // Roll back now rather than wait for the timer; if that fails, the timer still will.
    if (commitSent && !commitRejected && !confirmed) {
      try {
        if (quirks.confirmedCommit) await quirks.confirmedCommit.cancel?.(client, token);
        else if (caps.has(':confirmed-commit:1.1')) await client.cancelCommit(persist ? token : undefined);
      } catch (cleanup: unknown) {
        cleanupErrors.push(cleanup);
      }
    }
    try {
      await client.discardChanges();
    } catch (cleanup: unknown) {
      cleanupErrors.push(cleanup);
    }
    throw new TransactionError(phase, error, commitSent, cleanupErrors, commitRejected);
  } finally {
    try {
      await client.unlock('candidate');
    } catch (cleanup: unknown) {
      // A closed session released its locks anyway; anything else is reported with the failure.
      cleanupErrors.push(cleanup);
    }
  }
}
