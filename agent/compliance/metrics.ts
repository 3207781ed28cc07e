/**
 * Compliance findings as the verdict entries the daemon exports (MetricsSnapshot.compliance →
 * `ecpa_compliance_rule_verdict{rule,subject,verdict}`). Pure.
 */
import type { Finding } from '../../policies/compliance/types.js';
import type { ComplianceVerdict } from '../metrics/state.js';

/** The `subject` label of a finding: `<kind>:<id>`, e.g. `shared-port:pc-bp1v0001`, `device:sw-hz-1`. */
export function subjectLabel(f: Pick<Finding, 'subject'>): string {
  return `${f.subject.kind}:${f.subject.id}`;
}

/**
 * One entry per (rule, subject), sorted by rule then subject. Should a rule judge one subject
 * twice, the worst verdict wins (fail > not-evaluated > pass), so the export never carries two
 * verdicts for one series.
 */
export function complianceVerdicts(findings: readonly Finding[]): ComplianceVerdict[] {
  const rank = { pass: 0, 'not-evaluated': 1, fail: 2 } as const;
  const byKey = new Map<string, ComplianceVerdict>();
  for (const f of findings) {
    const entry: ComplianceVerdict = { ruleId: f.ruleId, subject: subjectLabel(f), verdict: f.verdict };
    const key = `${entry.ruleId}\u0000${entry.subject}`;
    const seen = byKey.get(key);
    if (!seen || rank[entry.verdict] > rank[seen.verdict]) byKey.set(key, entry);
  }
  return [...byKey.values()].sort((a, b) => (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : a.subject < b.subject ? -1 : a.subject > b.subject ? 1 : 0));
}
