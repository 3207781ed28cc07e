/**
 * The compliance report as JUnit XML, the dialect CI systems (Jenkins, GitLab, GitHub test
 * reporters) read: one <testsuite> per rule, one <testcase> per subject; fail = <failure>,
 * not-evaluated = <skipped> with the reason; the evidence goes to <system-out>.
 */
import type { Finding } from '../../../policies/compliance/types.js';
import { evidenceValue, type ReportDoc, type ReportRule } from './doc.js';
import { escapeXml as x } from './escape.js';

function evidenceText(f: Finding): string {
  return Object.entries(f.evidence).map(([k, v]) => `${k}: ${evidenceValue(v)}`).join('\n');
}

function testcase(rule: ReportRule, f: Finding): string {
  const open = `    <testcase classname="ecpa.compliance.${x(rule.id)}" name="${x(`${f.subject.kind} ${f.subject.id}`)}" time="0">`;
  const body: string[] = [];
  if (f.verdict === 'fail') body.push(`      <failure message="${x(f.message)}" type="fail">${x(`${f.message}\n${evidenceText(f)}`)}</failure>`);
  if (f.verdict === 'not-evaluated') body.push(`      <skipped message="${x(f.reason ?? f.message)}"/>`);
  const out = evidenceText(f);
  if (out !== '') body.push(`      <system-out>${x(`${f.message}\n${out}`)}</system-out>`);
  return [open, ...body, '    </testcase>'].join('\n');
}

function suite(rule: ReportRule, timestamp: string | undefined): string {
  const failures = rule.findings.filter((f) => f.verdict === 'fail').length;
  const skipped = rule.findings.filter((f) => f.verdict === 'not-evaluated').length;
  return [
    `  <testsuite name="${x(rule.id)}" tests="${rule.findings.length}" failures="${failures}" errors="0" skipped="${skipped}" time="0"${timestamp ? ` timestamp="${x(timestamp.replace(/\.\d+Z$/, ''))}"` : ''}>`,
    `    <properties><property name="title" value="${x(rule.title)}"/><property name="guide" value="${x(rule.guide)}"/><property name="verdict" value="${rule.verdict}"/></properties>`,
    ...rule.findings.map((f) => testcase(rule, f)),
    '  </testsuite>',
  ].join('\n');
}

/** The report as a JUnit XML document. */
export function complianceJunit(doc: ReportDoc): string {
  const all = doc.rules.flatMap((r) => r.findings);
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="${x(`ecpa compliance ${doc.partner}`)}" tests="${all.length}" failures="${all.filter((f) => f.verdict === 'fail').length}" errors="0" skipped="${all.filter((f) => f.verdict === 'not-evaluated').length}" time="0">`,
    ...doc.rules.map((r) => suite(r, doc.gatheredAt)),
    '</testsuites>',
    '',
  ].join('\n');
}
