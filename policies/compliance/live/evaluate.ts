/**
 * Runs every rule against the ledger and the live evidence and folds the findings into a report.
 * A rule's verdict: fail if any subject fails; else not-evaluated if any subject could not be
 * evaluated (a rule that passed on some subjects and could not look at others has not passed);
 * else pass. The report is complete when no finding is not-evaluated.
 */
import type { ComplianceInput, Finding, RuleDefinition, Verdict } from '../types.js';
import type { RuleResult } from '../evaluate.js';
import type { LiveEvidence } from './model.js';

/** One rule's definition, verdict and findings: the offline report's shape. */
export type LiveRuleResult = RuleResult;

/** How one device was read (shown at the top of reports). */
export interface DeviceReadSummary {
  readonly device: string;
  readonly platform: string;
  readonly config: string;
  readonly snmp: string;
}

/** The live compliance report. */
export interface LiveReport {
  readonly partner: string;
  readonly mode: 'live';
  readonly verdict: Verdict;
  /** False when some subject could not be evaluated. */
  readonly complete: boolean;
  /** Rules per verdict. */
  readonly summary: Readonly<Record<Verdict, number>>;
  /** Findings (rule × subject) per verdict. */
  readonly findingSummary: Readonly<Record<Verdict, number>>;
  readonly gatheredAt: string;
  readonly devices: readonly DeviceReadSummary[];
  readonly rules: readonly LiveRuleResult[];
}

/** fail > not-evaluated > pass; no verdict at all is not-evaluated. */
export function foldLive(verdicts: readonly Verdict[]): Verdict {
  if (verdicts.includes('fail')) return 'fail';
  if (verdicts.includes('not-evaluated') || verdicts.length === 0) return 'not-evaluated';
  return 'pass';
}

function count(verdicts: readonly Verdict[]): Record<Verdict, number> {
  const out: Record<Verdict, number> = { pass: 0, fail: 0, 'not-evaluated': 0 };
  for (const v of verdicts) out[v]++;
  return out;
}

function readSummary(live: LiveEvidence): DeviceReadSummary[] {
  return live.devices.map((d) => ({
    device: d.device,
    platform: d.platform,
    config: d.config.status === 'read' ? `read (${d.config.source})` : `unreadable: ${d.config.reason}`,
    snmp: d.snmp.status === 'read' ? `read (${d.snmp.source})` : `unreadable: ${d.snmp.reason}`,
  }));
}

/** A rule with no evaluate function (a placeholder) gives one not-evaluated finding saying so. */
function findingsOf(rule: RuleDefinition, input: ComplianceInput): Finding[] {
  if (rule.evaluate) {
    const found = rule.evaluate(input);
    if (found.length > 0) return found;
    const reason = 'no subject to judge (nothing in the ledger this rule applies to)';
    return [{ ruleId: rule.id, subject: { kind: 'partner', id: input.ledger.partner.name }, verdict: 'not-evaluated', message: reason, reason, evidence: {} }];
  }
  const reason = 'this rule has no live implementation';
  return [{ ruleId: rule.id, subject: { kind: 'partner', id: input.ledger.partner.name }, verdict: 'not-evaluated', message: reason, reason, evidence: {} }];
}

/** Evaluates `rules` against the ledger and `live`. Pure. */
export function evaluateLive(input: ComplianceInput & { readonly live: LiveEvidence }, rules: readonly RuleDefinition[]): LiveReport {
  const results = rules.map((rule): LiveRuleResult => {
    const findings = findingsOf(rule, input);
    return { id: rule.id, title: rule.title, guide: rule.guide, needs: rule.needs, verdict: foldLive(findings.map((f) => f.verdict)), findings };
  });
  const all = results.flatMap((r) => r.findings.map((f) => f.verdict));
  return {
    partner: input.ledger.partner.name,
    mode: 'live',
    verdict: foldLive(results.map((r) => r.verdict)),
    complete: !all.includes('not-evaluated'),
    summary: count(results.map((r) => r.verdict)),
    findingSummary: count(all),
    gatheredAt: input.live.gatheredAt,
    devices: readSummary(input.live),
    rules: results,
  };
}

/** `report` with one more rule result (e.g. the active ICMP probe), verdict and counts recomputed. */
export function withRuleResult(report: LiveReport, rule: LiveRuleResult): LiveReport {
  const rules = [...report.rules, rule];
  const all = rules.flatMap((r) => r.findings.map((f) => f.verdict));
  return {
    ...report,
    rules,
    verdict: foldLive(rules.map((r) => r.verdict)),
    complete: !all.includes('not-evaluated'),
    summary: count(rules.map((r) => r.verdict)),
    findingSummary: count(all),
  };
}
