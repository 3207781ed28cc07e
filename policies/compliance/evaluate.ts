/**
 * Runs compliance rules and folds their findings into a report: per rule, its definition, an overall
 * verdict (fail if any finding fails; pass if some pass and none fail; else not evaluated) and the
 * findings. Offline, rules that need devices or telemetry give one not-evaluated finding with the reason.
 */
import { RULES } from './registry.js';
import type { ComplianceInput, Finding, RuleDefinition, RuleNeed, Verdict } from './types.js';

export interface RuleResult {
  readonly id: string;
  readonly title: string;
  readonly guide: string;
  readonly needs: RuleNeed;
  readonly verdict: Verdict;
  readonly findings: readonly Finding[];
}

export interface ComplianceReport {
  readonly partner: string;
  readonly mode: 'offline';
  readonly verdict: Verdict;
  readonly summary: Readonly<Record<Verdict, number>>;
  readonly rules: readonly RuleResult[];
}

const NOT_OFFLINE: Readonly<Record<Exclude<RuleNeed, 'ledger'>, string>> = {
  devices: 'needs the devices\' running configuration (read over NETCONF/SSH); not evaluated offline',
  telemetry: 'needs SNMP telemetry polled from the devices; not evaluated offline',
};

function fold(verdicts: readonly Verdict[]): Verdict {
  if (verdicts.includes('fail')) return 'fail';
  if (verdicts.includes('pass')) return 'pass';
  return 'not-evaluated';
}

function offlineFindings(rule: RuleDefinition, input: ComplianceInput): Finding[] {
  if (rule.needs === 'ledger' && rule.evaluate) return rule.evaluate(input);
  const reason = rule.needs === 'ledger' ? 'no implementation' : NOT_OFFLINE[rule.needs];
  return [{ ruleId: rule.id, subject: { kind: 'partner', id: input.ledger.partner.name }, verdict: 'not-evaluated', message: reason, reason, evidence: {} }];
}

/** Evaluates every rule the ledger alone can decide; the others are listed as not evaluated. */
export function evaluateOffline(input: ComplianceInput, rules: readonly RuleDefinition[] = RULES): ComplianceReport {
  const results = rules.map((rule): RuleResult => {
    const findings = offlineFindings(rule, input);
    return { id: rule.id, title: rule.title, guide: rule.guide, needs: rule.needs, verdict: fold(findings.map((f) => f.verdict)), findings };
  });
  const summary: Record<Verdict, number> = { pass: 0, fail: 0, 'not-evaluated': 0 };
  for (const r of results) summary[r.verdict]++;
  return { partner: input.ledger.partner.name, mode: 'offline', verdict: fold(results.map((r) => r.verdict)), summary, rules: results };
}
