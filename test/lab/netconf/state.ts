/**
 * The lab server's shared state: the datastores, the locks, the pending confirmed commit (whose
 * timer really rolls back), the open sessions, and the fault switches tests flip at run time.
 */
import { NS_BASE, element, cloneElement, type XmlElement } from '../../../drivers/netconf/xml.js';
import { canonicalize } from '../../../drivers/netconf/xml-compare.js';
import type { KeyMap, LabRpcError } from './datastore.js';

/** A datastore name. */
export type LabDatastore = 'running' | 'candidate' | 'startup';

/**
 * Fault switches. Change them on `server.faults` between steps of a test; they apply to the
 * next RPC. Counting (`nth`) is over the whole server, 1-based.
 */
export interface LabFaults {
  /** Delay every reply by this many ms. */
  replyDelayMs?: number;
  /** Delay replies of one operation (`{commit: 2000}`). */
  delayMs?: Record<string, number>;
  /**
   * Drop the SSH connection at a step: when the nth `operation` arrives, either without
   * processing it (`before`, default) or after processing it but before replying (`after`).
   */
  dropAt?: { operation: string; nth?: number; phase?: 'before' | 'after' };
  /** Refuse every lock with lock-denied naming this holder session id (default 999). */
  refuseLock?: { holderSessionId?: number };
  /** Reject commits (confirmed or not) with this rpc-error; the running config is unchanged. */
  rejectCommit?: LabRpcError;
  /** Reject validate with this rpc-error. */
  rejectValidate?: LabRpcError;
  /** Reject edit-config with this rpc-error. */
  rejectEdit?: LabRpcError;
}

/** A pending confirmed commit. */
export interface PendingCommit {
  readonly rollback: XmlElement;
  readonly sessionId: number;
  readonly persist: string | undefined;
  timer: NodeJS.Timeout;
  readonly deadline: number;
  /**
   * A Junos `<commit-configuration><confirmed/>`: not tied to its session (it survives the
   * session's end, only the timer rolls it back) and any later commit confirms it.
   */
  readonly junos?: boolean;
}

/** Junos behaviour of a lab server (see test/lab/netconf/junos.ts). */
export interface LabJunosOptions {
  /**
   * Length of one Junos minute in ms, for `confirm-timeout` (minutes on Junos). Default 60 000;
   * tests scale it down (e.g. 200) so an unconfirmed commit really rolls back within the test.
   */
  readonly minuteMs?: number;
}

/** A session as the state sees it. */
export interface LabSessionHandle {
  readonly id: number;
  readonly username: string;
  /** Ends the session's transport (kill-session, drop faults, server stop). */
  terminate(): void;
}

/** Everything the sessions share. */
export class LabState {
  readonly datastores: Record<LabDatastore, XmlElement>;
  readonly locks = new Map<LabDatastore, number>();
  readonly sessions = new Map<number, LabSessionHandle>();
  readonly keyMap: KeyMap;
  faults: LabFaults;
  pending: PendingCommit | undefined;
  /** Per-operation counters for `dropAt.nth`. */
  readonly counts = new Map<string, number>();
  /** Every rollback of a confirmed commit, for tests to assert on. */
  readonly rollbacks: { at: number; reason: 'timeout' | 'cancel' | 'session-end' }[] = [];
  /** Set when the server behaves as a Junos device. */
  readonly junos: LabJunosOptions | undefined;
  /**
   * Junos commit history: the running configs replaced by each commit, most recent first
   * (`rollback 1` = history[0]); at most 49 kept, as on Junos.
   */
  readonly history: XmlElement[] = [];
  #nextSession = 1;

  constructor(keyMap: KeyMap, faults: LabFaults, initial?: XmlElement, junos?: LabJunosOptions) {
    this.keyMap = keyMap;
    this.faults = faults;
    this.junos = junos;
    const running = initial ? cloneElement(initial) : element('data', { namespace: NS_BASE });
    this.datastores = { running, candidate: cloneElement(running), startup: cloneElement(running) };
  }

  newSessionId(): number {
    return this.#nextSession++;
  }

  /** Whether the candidate differs from running (uncommitted changes). */
  candidateDirty(): boolean {
    return canonicalize(this.datastores.candidate) !== canonicalize(this.datastores.running);
  }

  /** Rolls back the pending confirmed commit: running (and candidate) revert. */
  rollback(reason: 'timeout' | 'cancel' | 'session-end'): void {
    const p = this.pending;
    if (!p) return;
    clearTimeout(p.timer);
    this.pending = undefined;
    // Junos rolls back by committing rollback 1: the unconfirmed config becomes a history entry.
    if (this.junos !== undefined) this.remember(this.datastores.running);
    this.datastores.running = p.rollback;
    this.datastores.candidate = cloneElement(p.rollback);
    this.rollbacks.push({ at: Date.now(), reason });
  }

  /** Records `previous` as the newest Junos history entry (rollback 1), keeping at most 49. */
  remember(previous: XmlElement): void {
    this.history.unshift(previous);
    this.history.splice(49);
  }

  /** A session ended: release its locks (discarding its candidate changes), roll back its unpersisted confirmed commit. */
  sessionEnded(id: number): void {
    this.sessions.delete(id);
    for (const [store, holder] of [...this.locks]) {
      if (holder !== id) continue;
      this.locks.delete(store);
      // RFC 6241 §8.3.5.2: outstanding candidate changes are discarded when the lock is released.
      if (store === 'candidate') this.datastores.candidate = cloneElement(this.datastores.running);
    }
    if (this.pending && this.pending.sessionId === id && this.pending.persist === undefined && this.pending.junos !== true) this.rollback('session-end');
  }

  /** Stops timers (server stop). */
  dispose(): void {
    if (this.pending) clearTimeout(this.pending.timer);
    this.pending = undefined;
  }
}
