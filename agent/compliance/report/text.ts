/**
 * The compliance report for a terminal (one row per rule and subject, evidence under rows that did
 * not pass) and as markdown (for a ticket or an application; the HTML page is the richer form).
 */
import type { Finding } from '../../../policies/compliance/types.js';
import { LABEL, evidenceValue, resultWords, sourceSentence, summaryLine, type ReportDoc } from './doc.js';

function evidenceLines(f: Finding, indent: string): string[] {
  const lines = Object.entries(f.evidence).map(([k, v]) => `${indent}${k}: ${evidenceValue(v)}`);
  return f.reason !== undefined && !f.message.includes(f.reason) ? [`${indent}reason: ${f.reason}`, ...lines] : lines;
}

const oneLine = (s: string): string => s.replace(/[\r\n\t]+/g, ' ');

/** Text table; findings that did not pass get their evidence below them. */
export function complianceTextReport(doc: ReportDoc): string {
  const rows: { cells: string[]; f?: Finding }[] = [{ cells: ['RULE', 'VERDICT', 'SUBJECT', 'FINDING'] }];
  for (const r of doc.rules) for (const f of r.findings) rows.push({ cells: [r.id, LABEL[f.verdict], `${f.subject.kind} ${oneLine(f.subject.id)}`, oneLine(f.message)], f });
  const widths = [0, 1, 2].map((c) => Math.max(...rows.map((r) => (r.cells[c] ?? '').length)));
  const out = [`Express Connect partner requirements — ${doc.partner}`, sourceSentence(doc), ''];
  for (const row of rows) {
    out.push(row.cells.map((cell, c) => (c < 3 ? cell.padEnd(widths[c] ?? 0) : cell)).join('  ').trimEnd());
    if (row.f && row.f.verdict !== 'pass') out.push(...evidenceLines(row.f, '    ').map(oneLine));
  }
  out.push('', `${resultWords(doc)} — ${summaryLine(doc)}${doc.complete ? '' : '; incomplete: some subjects could not be evaluated'}`, '');
  return out.join('\n');
}

const md = (s: string): string => oneLine(s).replace(/([|\\`*_<>[\]])/g, '\\$1');

/** Markdown: result, summary table, one section per rule with the guide quote and every finding with its evidence. */
export function complianceMarkdownReport(doc: ReportDoc): string {
  const out = [
    `# Express Connect partner requirements — ${md(doc.partner)}`,
    '',
    md(sourceSentence(doc)),
    '',
    `Result: **${resultWords(doc)}** (${summaryLine(doc)}).`,
    '',
    '| Rule | Requirement | Verdict |',
    '|---|---|---|',
    ...doc.rules.map((r) => `| \`${r.id}\` | ${md(r.title)} | ${LABEL[r.verdict]} |`),
    '',
  ];
  for (const r of doc.rules) {
    out.push(`## \`${r.id}\` — ${md(r.title)}`, '', `> ${md(r.guide)}`, '', `Verdict: **${LABEL[r.verdict]}**`, '');
    out.push('| Subject | Verdict | Finding | Evidence |', '|---|---|---|---|');
    for (const f of r.findings) {
      const ev = evidenceLines(f, '').map(md).join('<br>');
      out.push(`| ${f.subject.kind} \`${oneLine(f.subject.id).replace(/`/g, "'")}\` | ${LABEL[f.verdict]} | ${md(f.message)} | ${ev} |`);
    }
    out.push('');
  }
  return out.join('\n');
}
