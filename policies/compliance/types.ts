/**
 * The partner requirements of the Express Connect partner guide as named rules. A rule is a pure
 * function of what it needs (the ledger today; devices and telemetry later) returning one finding per
 * subject it judged. Rules that need more than the ledger are registered with `needs` so an offline
 * run reports them as not evaluated, with the reason, instead of silently leaving them out.
 */
import type { Ledger } from '../ledger/model.js';
import type { LiveEvidence } from './live/model.js';

export type Verdict = 'pass' | 'fail' | 'not-evaluated';
export const VERDICTS: readonly Verdict[] = ['pass', 'fail', 'not-evaluated'];

/** What a rule needs to be evaluated. */
export type RuleNeed = 'ledger' | 'devices' | 'telemetry';

/** What a finding is about. */
export interface Subject {
  readonly kind: 'partner' | 'access-point' | 'circuit' | 'redundancy-group' | 'device' | 'shared-port' | 'address';
  readonly id: string;
}

/** Evidence values: plain data, so it renders as JSON, text and markdown alike. */
export type EvidenceValue = string | number | boolean | readonly string[];

export interface Finding {
  readonly ruleId: string;
  readonly subject: Subject;
  readonly verdict: Verdict;
  /** One sentence saying what was found. */
  readonly message: string;
  /** Why the rule could not be evaluated (verdict not-evaluated). */
  readonly reason?: string;
  readonly evidence: Readonly<Record<string, EvidenceValue>>;
}

/** What rules evaluate. Later inputs (observed device config, telemetry) are added as optional fields. */
export interface ComplianceInput {
  readonly ledger: Ledger;
  /** What was read from the devices (config, SNMP); absent offline. Live rules need it. */
  readonly live?: LiveEvidence;
}

export interface RuleDefinition {
  /** Stable id (kebab case), used in reports, metrics and CI gates. */
  readonly id: string;
  readonly title: string;
  /** The partner guide's requirement, quoted. */
  readonly guide: string;
  readonly needs: RuleNeed;
  /** Pure: findings from the input. Absent for rules whose live implementation is not there yet. */
  readonly evaluate?: (input: ComplianceInput) => Finding[];
}
