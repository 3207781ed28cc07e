/**
 * The Junos config transaction (Junos XML API over NETCONF), for drivers whose transaction hints
 * say load = 'junos-load-configuration' and confirmedCommit = 'junos':
 * lock candidate → `<load-configuration action="replace" format="xml">` → `<commit-configuration>
 * <check/>` → `<commit-configuration><confirmed/><confirm-timeout>MINUTES` → the caller's verify
 * (re-read, re-plan) → confirming `<commit-configuration/>` → unlock.
 *
 * Junos answers load and commit errors INSIDE `<load-configuration-results>` / `<commit-results>`
 * (with `<load-error-count>`), not at the top of the reply, so every reply is searched for
 * `<rpc-error>`s at any depth. On any failure: `<load-configuration rollback="0"/>` (Junos'
 * discard of the candidate) and unlock. A confirmed commit that may be pending is NOT cancelled:
 * Junos has no `<cancel-commit>` before 18.x, and emulating one (`rollback 1` + commit) would
 * re-apply the change for good if the device's timer had already rolled it back; the device's
 * timer rolls it back instead (the error says so: `rollback` = 'timer').
 */
import type { NetconfClient } from './client.js';
import { CapabilityError, RpcError, type RpcErrorInfo } from './errors.js';
import { parseRpcError, replyFailure } from './rpc-reply.js';
import type { ConfirmedCommitHook, QuirkProfile } from './quirks.js';
import type { RpcOptions, RpcReply } from './session.js';
import { TransactionError, VerificationError, type TransactionPhase, type TransactionResult } from './transaction.js';
import { NS_BASE, element, nc, type XmlElement } from './xml.js';

/** The longest confirm-timeout Junos takes, in minutes. */
export const JUNOS_MAX_CONFIRM_MINUTES = 65_535;

/**
 * Junos' confirm-timeout (minutes) for a rollback timer of `seconds`: rounded UP (the device never
 * rolls back before the agent's timeout), at least 1. Throws RangeError for a non-positive,
 * non-finite or too large value.
 */
export function junosConfirmMinutes(seconds: number): number {
  if (!Number.isFinite(seconds) || seconds <= 0) throw new RangeError(`confirm timeout must be a positive number of seconds, got ${seconds}`);
  const minutes = Math.max(1, Math.ceil(seconds / 60));
  if (minutes > JUNOS_MAX_CONFIRM_MINUTES) throw new RangeError(`confirm timeout ${seconds} s is above Junos' ${JUNOS_MAX_CONFIRM_MINUTES} minutes`);
  return minutes;
}

/** A Junos transaction failed; a confirmed commit that reached the device is left to its rollback timer. */
export class JunosTransactionError extends TransactionError {
  /** How a pending confirmed commit is undone: always the device's timer on Junos. */
  readonly rollback = 'timer' as const;
}

/** `<rpc-error>`s anywhere in a reply (Junos nests them in `<load-configuration-results>`, `<commit-results>`). */
export function nestedRpcErrors(reply: XmlElement): RpcErrorInfo[] {
  const out: RpcErrorInfo[] = [];
  const walk = (el: XmlElement, depth: number): void => {
    for (const c of el.children) {
      if (c.name === 'rpc-error' && (c.namespace === NS_BASE || c.namespace === '')) {
        // Top-level errors were already thrown (errors) or returned (warnings) by the session.
        if (depth > 0) out.push(parseRpcError(c));
      } else walk(c, depth + 1);
    }
  };
  walk(reply, 0);
  return out;
}

/**
 * Checks a Junos reply: throws RpcError for a nested error (or a `load-error-count` above 0
 * without one), returns the nested warnings.
 */
export function checkJunosReply(operation: string, reply: RpcReply, device?: string): RpcErrorInfo[] {
  const errors = nestedRpcErrors(reply.xml);
  const opts = device === undefined ? {} : { device };
  const failure = replyFailure(operation, errors, opts);
  if (failure) throw failure;
  const count = findText(reply.xml, 'load-error-count');
  if (count !== undefined && count.trim() !== '0') {
    throw new RpcError(operation, [{ type: 'application', tag: 'operation-failed', severity: 'error', message: `load-error-count ${count.trim()} without an rpc-error`, info: {} }], opts);
  }
  return [...reply.warnings, ...errors];
}

function findText(el: XmlElement, name: string): string | undefined {
  for (const c of el.children) {
    if (c.name === name) return c.text;
    const inner = findText(c, name);
    if (inner !== undefined) return inner;
  }
  return undefined;
}

/** `<load-configuration action format="xml">` of `configuration` (a `<configuration>` element). */
export function buildLoadConfiguration(configuration: XmlElement, action: 'replace' | 'merge' | 'update' | 'override' = 'replace'): XmlElement {
  if (configuration.name !== 'configuration') throw new RangeError(`load-configuration needs a <configuration> element, got <${configuration.name}>`);
  return element('load-configuration', { namespace: NS_BASE, attributes: { action, format: 'xml' }, children: [configuration] });
}

/** `<commit-configuration>`: check only, confirmed with a timeout in minutes, or plain (confirms a pending one). */
export function buildCommitConfiguration(options: { readonly check?: boolean; readonly confirmMinutes?: number; readonly log?: string } = {}): XmlElement {
  const children: XmlElement[] = [];
  if (options.check) children.push(nc('check'));
  if (options.confirmMinutes !== undefined) {
    if (!Number.isInteger(options.confirmMinutes) || options.confirmMinutes < 1 || options.confirmMinutes > JUNOS_MAX_CONFIRM_MINUTES) {
      throw new RangeError(`confirm-timeout must be 1..${JUNOS_MAX_CONFIRM_MINUTES} minutes, got ${options.confirmMinutes}`);
    }
    children.push(nc('confirmed'), nc('confirm-timeout', String(options.confirmMinutes)));
  }
  if (options.log !== undefined && !options.check) children.push(nc('log', options.log));
  return nc('commit-configuration', children);
}

/** `<load-configuration rollback="N"/>`: loads rollback N into the candidate (0 = discard uncommitted changes). */
export function buildLoadRollback(n: number): XmlElement {
  return element('load-configuration', { namespace: NS_BASE, attributes: { rollback: String(n) } });
}

/** Options of `runJunosTransaction`. */
export interface JunosTransactionOptions {
  /** The `<configuration>` to load (the driver's render output), unless `beforeEdit` returns one. */
  readonly config?: XmlElement;
  /**
   * Runs inside the lock, right before the load (phase `edit`), like runTransaction's hook:
   * re-read + re-plan; it may return the `<configuration>` to load instead of `config`. Throwing
   * refuses the write (the candidate is discarded, unlocked; TransactionError at `edit`).
   */
  readonly beforeEdit?: (client: NetconfClient) => Promise<XmlElement | void>;
  /** load-configuration action (default replace: honours the driver's replace="replace"). */
  readonly action?: 'replace' | 'merge';
  /** Seconds of the rollback timer; sent as minutes, rounded up, at least 1. */
  readonly confirmTimeoutS: number;
  /** Checks the device after the confirmed commit; throw or return false to fail (the timer then rolls back). */
  readonly verify: (client: NetconfClient) => Promise<boolean | void>;
  /** Timeout of the commit RPCs (default: the client's RPC timeout). */
  readonly commitTimeoutMs?: number;
  /** Commit comment (`<log>`), e.g. who and why. */
  readonly log?: string;
  /** Device name for error messages. */
  readonly device?: string;
  readonly signal?: AbortSignal;
  readonly onPhase?: (phase: TransactionPhase) => void;
}

/**
 * Runs the Junos transaction. Resolves when the change is confirmed. Throws JunosTransactionError
 * (phase, cause, commitSent) after cleanup, or CapabilityError before touching the device when it
 * has no :candidate. RangeError for a bad confirm timeout or content (nothing sent).
 */
export async function runJunosTransaction(client: NetconfClient, options: JunosTransactionOptions): Promise<TransactionResult> {
  if (!client.capabilities.has(':candidate')) throw new CapabilityError('Junos config transaction', ':candidate');
  if (options.config === undefined && options.beforeEdit === undefined) throw new RangeError('runJunosTransaction needs config or beforeEdit');
  const minutes = junosConfirmMinutes(options.confirmTimeoutS);
  const rpcOptions: RpcOptions = options.signal ? { signal: options.signal } : {};
  const longOptions: RpcOptions = { ...rpcOptions, ...(options.commitTimeoutMs !== undefined ? { timeoutMs: options.commitTimeoutMs } : {}) };
  const phases: TransactionPhase[] = [];
  const warnings: RpcErrorInfo[] = [];
  let phase: TransactionPhase = 'lock';
  const enter = (p: TransactionPhase): void => {
    phase = p;
    phases.push(p);
    options.onPhase?.(p);
  };
  const send = async (operation: string, el: XmlElement, o: RpcOptions): Promise<void> => {
    warnings.push(...checkJunosReply(operation, await client.rpc(el, o), options.device));
  };
  enter('lock');
  try {
    await client.lock('candidate', rpcOptions);
  } catch (error: unknown) {
    throw new JunosTransactionError('lock', error, false, []);
  }
  let commitSent = false;
  let commitRejected = false;
  const cleanupErrors: unknown[] = [];
  try {
    enter('edit');
    const rendered = options.beforeEdit ? await options.beforeEdit(client) : undefined;
    const configuration = rendered ?? options.config;
    if (configuration === undefined) throw new RangeError('beforeEdit returned nothing and no config was given');
    await send('load-configuration', buildLoadConfiguration(configuration, options.action ?? 'replace'), rpcOptions);
    enter('validate');
    await send('commit-configuration check', buildCommitConfiguration({ check: true }), longOptions);
    enter('commit');
    commitSent = true;
    try {
      await send('commit-configuration confirmed', buildCommitConfiguration({ confirmMinutes: minutes, ...(options.log !== undefined ? { log: `${options.log} (confirmed, ${minutes} min)` } : {}) }), longOptions);
    } catch (error: unknown) {
      // An rpc-error is the device refusing the commit (Junos commits are atomic): nothing pending.
      commitRejected = error instanceof RpcError;
      throw error;
    }
    enter('verify');
    const ok = await options.verify(client);
    if (ok === false) throw new VerificationError('the device does not hold the intended configuration after the confirmed commit', options.device === undefined ? {} : { device: options.device });
    enter('confirm');
    await send('commit-configuration', buildCommitConfiguration(options.log !== undefined ? { log: options.log } : {}), longOptions);
    return { phases, warnings, validated: true };
  } catch (error: unknown) {
    // Discard the candidate (Junos: rollback 0). A pending confirmed commit is left to its timer.
    try {
      await send('load-configuration rollback 0', buildLoadRollback(0), {});
    } catch (cleanup: unknown) {
      cleanupErrors.push(cleanup);
    }
    throw new JunosTransactionError(phase, error, commitSent, cleanupErrors, commitRejected);
  } finally {
    try {
      await client.unlock('candidate');
    } catch (cleanup: unknown) {
      // A closed session released its lock anyway; anything else is reported with the failure.
      cleanupErrors.push(cleanup);
    }
  }
}

/**
 * Junos' confirmed commit as a quirk-profile hook, for callers that load with `<edit-config>`
 * (Junos accepts it) but must commit the Junos way: minutes, `<commit-configuration>`. No
 * `cancel`: the timer rolls an unconfirmed commit back (see the module comment).
 */
export const JUNOS_CONFIRMED_COMMIT: ConfirmedCommitHook = {
  async commitConfirmed(client: NetconfClient, timeoutS: number): Promise<void> {
    checkJunosReply('commit-configuration confirmed', await client.rpc(buildCommitConfiguration({ confirmMinutes: junosConfirmMinutes(timeoutS) })));
  },
  async confirm(client: NetconfClient): Promise<void> {
    checkJunosReply('commit-configuration', await client.rpc(buildCommitConfiguration()));
  },
};

/** Quirk profile of Junos for runTransaction (edit-config path); apply uses runJunosTransaction. */
export const JUNOS: QuirkProfile = { name: 'junos', skipValidate: false, usePersist: false, confirmedCommit: JUNOS_CONFIRMED_COMMIT };
