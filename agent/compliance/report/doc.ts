/**
 * The one shape every compliance renderer reads, made from an offline report (ledger rules only)
 * or a live one (devices and telemetry too), plus helpers they share.
 */
import type { ComplianceReport, RuleResult } from '../../../policies/compliance/evaluate.js';
import type { DeviceReadSummary, LiveReport } from '../../../policies/compliance/live/evaluate.js';
import type { EvidenceValue, Verdict } from '../../../policies/compliance/types.js';

/** A rule in a report: the same shape offline and live. */
export type ReportRule = RuleResult;

export interface ReportDoc {
  readonly partner: string;
  readonly mode: 'offline' | 'live';
  readonly verdict: Verdict;
  /** False when some subject could not be evaluated. */
  readonly complete: boolean;
  readonly summary: Readonly<Record<Verdict, number>>;
  /** ISO time the evidence was gathered (live). */
  readonly gatheredAt?: string;
  readonly ledgerFile: string;
  readonly devices: readonly DeviceReadSummary[];
  readonly rules: readonly ReportRule[];
}

/** The doc of a live report. */
export function liveDoc(report: LiveReport, ledgerFile: string): ReportDoc {
  return { ...report, ledgerFile };
}

/** The doc of an offline report (complete when no finding is not-evaluated). */
export function offlineDoc(report: ComplianceReport, ledgerFile: string): ReportDoc {
  const complete = report.rules.every((r) => r.findings.every((f) => f.verdict !== 'not-evaluated'));
  return { partner: report.partner, mode: 'offline', verdict: report.verdict, complete, summary: report.summary, ledgerFile, devices: [], rules: report.rules };
}

export const LABEL: Readonly<Record<Verdict, string>> = { pass: 'PASS', fail: 'FAIL', 'not-evaluated': 'NOT EVALUATED' };

/** One evidence value as text. */
export function evidenceValue(v: EvidenceValue): string {
  return Array.isArray(v) ? v.join('; ') : String(v);
}

/** "9 rules: 7 pass, 1 fail, 1 not evaluated". */
export function summaryLine(doc: ReportDoc): string {
  const s = doc.summary;
  return `${doc.rules.length} rules: ${s.pass} pass, ${s.fail} fail, ${s['not-evaluated']} not evaluated`;
}

/** The overall result in words, incompleteness included. */
export function resultWords(doc: ReportDoc): string {
  if (doc.verdict === 'fail') return 'FAIL';
  if (!doc.complete) return 'INCOMPLETE';
  return doc.verdict === 'pass' ? 'PASS' : 'NOT EVALUATED';
}

/** What the report was made from, in one sentence. */
export function sourceSentence(doc: ReportDoc): string {
  return doc.mode === 'live'
    ? `Evaluated live against ${doc.devices.length} device(s), their SNMP counters and the shared-port ledger ${doc.ledgerFile}${doc.gatheredAt ? ` at ${doc.gatheredAt}` : ''}.`
    : `Evaluated offline from the shared-port ledger ${doc.ledgerFile} (rules that need devices are not evaluated).`;
}
