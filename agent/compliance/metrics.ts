/**
 * Compliance findings as the verdict entries the daemon exports (MetricsSnapshot.compliance →
 * `ecpa_compliance_rule_verdict{rule,subject,evaluation,verdict}`). Pure.
 */
import type { RuleResult } from '../../policies/compliance/evaluate.js';
import type { Finding } from '../../policies/compliance/types.js';
import type { ComplianceEvaluation, ComplianceVerdict } from '../metrics/state.js';

/** The `subject` label of a finding: `<kind>:<id>`, e.g. `shared-port:pc-bp1v0001`, `device:sw-hz-1`. */
export function subjectLabel(f: Pick<Finding, 'subject'>): string {
  return `${f.subject.kind}:${f.subject.id}`;
}

function byRuleThenSubject(a: ComplianceVerdict, b: ComplianceVerdict): number {
  return a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : a.subject < b.subject ? -1 : a.subject > b.subject ? 1 : 0;
}

/**
 * One entry per (rule, subject), sorted by rule then subject, each marked with the evaluation it
 * comes from. Should a rule judge one subject twice, the worst verdict wins (fail > not-evaluated >
 * pass), so the export never carries two verdicts for one series.
 */
export function complianceVerdicts(findings: readonly Finding[], evaluation: ComplianceEvaluation = 'offline'): ComplianceVerdict[] {
  const rank = { pass: 0, 'not-evaluated': 1, fail: 2 } as const;
  const byKey = new Map<string, ComplianceVerdict>();
  for (const f of findings) {
    const entry: ComplianceVerdict = { ruleId: f.ruleId, subject: subjectLabel(f), evaluation, verdict: f.verdict };
    const key = `${entry.ruleId}\u0000${entry.subject}`;
    const seen = byKey.get(key);
    if (!seen || rank[entry.verdict] > rank[seen.verdict]) byKey.set(key, entry);
  }
  return [...byKey.values()].sort(byRuleThenSubject);
}

/**
 * The verdicts the daemon exports, one evaluation per rule so a rule never appears twice (a panel
 * that counts verdicts, or an alert on `verdict="fail"`, sees each rule and subject once):
 * - a rule the ledger alone decides (`needs: ledger`) comes from `offline`, the evaluation of the
 *   ledger in force, redone at every reload (the live run would judge it the same, only older);
 * - any other rule comes from `live`, the last finished live run, when there is one and it judged
 *   the rule; else from `offline`, where it is one not-evaluated finding ("not evaluated offline").
 * Sorted by rule then subject.
 */
export function daemonVerdicts(offline: readonly RuleResult[], live: readonly RuleResult[] | undefined): ComplianceVerdict[] {
  const liveById = new Map((live ?? []).map((r) => [r.id, r]));
  const offlineFindings: Finding[] = [];
  const liveFindings: Finding[] = [];
  for (const rule of offline) {
    const fromLive = rule.needs === 'ledger' ? undefined : liveById.get(rule.id);
    if (fromLive !== undefined) liveFindings.push(...fromLive.findings);
    else offlineFindings.push(...rule.findings);
  }
  // A rule only the live run knows (none today: both evaluate the same registry) is exported from it.
  const known = new Set(offline.map((r) => r.id));
  for (const rule of live ?? []) if (!known.has(rule.id) && rule.needs !== 'ledger') liveFindings.push(...rule.findings);
  return [...complianceVerdicts(offlineFindings, 'offline'), ...complianceVerdicts(liveFindings, 'live')].sort(byRuleThenSubject);
}
