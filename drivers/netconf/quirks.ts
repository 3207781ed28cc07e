/**
 * Server quirk profiles: what the transaction helper must do differently for a server family.
 * A vendor driver picks one (or builds its own) and passes it to `runTransaction`.
 */
import type { NetconfClient } from './client.js';

/**
 * A vendor's own confirmed-commit form. Junos needs one: it treats the standard
 * `<commit><confirmed/><confirm-timeout>` differently (rolled back at once, "rollback in 0mins",
 * ncclient#238) and wants `<commit-configuration>` with the timeout in MINUTES; the Junos driver
 * supplies this hook.
 */
export interface ConfirmedCommitHook {
  /** Commits with an automatic rollback after `timeoutS` unless confirmed; `token` identifies it. */
  commitConfirmed(client: NetconfClient, timeoutS: number, token: string): Promise<void>;
  /** Makes the pending commit permanent. */
  confirm(client: NetconfClient, token: string): Promise<void>;
  /** Rolls the pending commit back now, if the platform can; otherwise the timer will. */
  cancel?(client: NetconfClient, token: string): Promise<void>;
}

/** How a server family deviates from RFC 6241 in the commit path. */
export interface QuirkProfile {
  readonly name: string;
  /**
   * Skip the separate `<validate>` before commit (commit validates anyway). Needed for yuma123
   * netconfd 2.13: `<validate>` of the candidate followed by `<commit>` returns `<ok/>` but leaves
   * running unchanged, and later commits stay no-ops until `<discard-changes>`.
   */
  readonly skipValidate: boolean;
  /**
   * Send `<persist>` with the confirmed commit (so a dropped SSH session cannot roll back a
   * change the agent is about to confirm) when the server has :confirmed-commit:1.1.
   */
  readonly usePersist: boolean;
  /** Vendor confirmed-commit form, replacing the standard one. */
  readonly confirmedCommit?: ConfirmedCommitHook;
}

/** RFC 6241 as written. */
export const STANDARD: QuirkProfile = { name: 'standard', skipValidate: false, usePersist: true };

/** yuma123 netconfd 2.13 (Debian 12): validate-then-commit is a silent no-op. */
export const YUMA123: QuirkProfile = { name: 'yuma123', skipValidate: true, usePersist: true };

/** Known profiles by name. */
export const QUIRK_PROFILES: Readonly<Record<string, QuirkProfile>> = { standard: STANDARD, yuma123: YUMA123 };
