/**
 * Renders a compliance report: `text` (a table a person reads in a terminal), `markdown` (a report a
 * partner can attach to its application) and `json` (the report object itself).
 */
import type { ComplianceReport } from '../../../policies/compliance/evaluate.js';
import type { EvidenceValue, Verdict } from '../../../policies/compliance/types.js';

const LABEL: Readonly<Record<Verdict, string>> = { pass: 'PASS', fail: 'FAIL', 'not-evaluated': 'NOT EVALUATED' };

function evidenceText(evidence: Readonly<Record<string, EvidenceValue>>): string {
  return Object.entries(evidence)
    .map(([k, v]) => `${k}=${Array.isArray(v) ? `[${v.join(', ')}]` : String(v)}`)
    .join('; ');
}

function summaryLine(report: ComplianceReport): string {
  const s = report.summary;
  return `${s.pass} rules pass, ${s.fail} fail, ${s['not-evaluated']} not evaluated → ${LABEL[report.verdict]}`;
}

/** Text table: one row per finding. */
export function complianceText(report: ComplianceReport, ledgerFile: string): string {
  const rows: string[][] = [['RULE', 'VERDICT', 'SUBJECT', 'DETAIL']];
  for (const rule of report.rules) {
    for (const f of rule.findings) rows.push([rule.id, LABEL[f.verdict], `${f.subject.kind} ${f.subject.id}`, f.message]);
  }
  const widths = [0, 1, 2].map((c) => Math.max(...rows.map((r) => (r[c] ?? '').length)));
  const lines = rows.map((r) => r.map((cell, c) => (c < 3 ? cell.padEnd(widths[c] ?? 0) : cell)).join('  ').trimEnd());
  return [
    `Express Connect partner requirements — ${report.partner} (offline: ledger ${ledgerFile})`,
    '',
    ...lines,
    '',
    summaryLine(report),
    '',
  ].join('\n');
}

function md(text: string): string {
  return text.replace(/\|/g, '\\|');
}

/** Markdown report: summary table, then one section per rule with the guide quote and evidence. */
export function complianceMarkdown(report: ComplianceReport, ledgerFile: string): string {
  const out = [
    `# Express Connect partner requirements — ${md(report.partner)}`,
    '',
    `Evaluated offline from the shared-port ledger \`${ledgerFile}\` by ec-partner-agent.`,
    `Result: **${LABEL[report.verdict]}** — ${report.summary.pass} rules pass, ${report.summary.fail} fail, ${report.summary['not-evaluated']} not evaluated.`,
    ...(report.summary['not-evaluated'] > 0 ? ['Rules marked NOT EVALUATED need the devices or their telemetry and are not judged from the ledger alone.'] : []),
    '',
    '| Rule | Requirement | Verdict |',
    '|---|---|---|',
    ...report.rules.map((r) => `| \`${r.id}\` | ${md(r.title)} | ${LABEL[r.verdict]} |`),
    '',
  ];
  for (const rule of report.rules) {
    out.push(`## \`${rule.id}\` — ${md(rule.title)}`, '', `> ${rule.guide}`, '', `Verdict: **${LABEL[rule.verdict]}** (needs: ${rule.needs})`, '');
    out.push('| Subject | Verdict | Finding | Evidence |', '|---|---|---|---|');
    for (const f of rule.findings) {
      out.push(`| ${f.subject.kind} \`${md(f.subject.id)}\` | ${LABEL[f.verdict]} | ${md(f.message)} | ${md(evidenceText(f.evidence))} |`);
    }
    out.push('');
  }
  return `${out.join('\n')}`;
}
