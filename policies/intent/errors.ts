/**
 * Errors of the intent stage. An intent is refused as a whole, with every problem listed, so a bad
 * ledger or push setting never reaches a device.
 */

/** Stable codes of intent problems. */
export type IntentProblemCode =
  | 'ICMP_LIMIT_TOO_LOW'
  | 'ICMP_LIMIT_INVALID'
  | 'ARP_LIMIT_INVALID'
  | 'OWNERSHIP_PREFIX_INVALID'
  | 'UNKNOWN_CIRCUIT'
  | 'UNKNOWN_DEVICE'
  | 'VLAN_OUT_OF_RANGE'
  | 'DUPLICATE_OBJECT'
  | 'VLAN_ZERO_SHARED';

/** One problem, with where it comes from (a setting path or a ledger object id). */
export interface IntentProblem {
  readonly code: IntentProblemCode;
  readonly where: string;
  readonly message: string;
}

/** Thrown by buildIntents when the inputs cannot produce a safe intent; `problems` lists all of them. */
export class IntentError extends Error {
  readonly code = 'INTENT_INVALID' as const;
  readonly problems: readonly IntentProblem[];

  constructor(problems: readonly IntentProblem[]) {
    super(`intent refused: ${problems.map((p) => `${p.where}: ${p.message}`).join('; ')}`);
    this.name = 'IntentError';
    this.problems = problems;
  }
}
