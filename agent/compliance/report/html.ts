/**
 * The compliance report as one self-contained HTML page (inline CSS, no script, no external
 * resource) a partner attaches to its application: the result and a summary table on top, then one
 * section per requirement with the guide's words and a table of subjects whose evidence is folded
 * under each row with <details>. Every text from the ledger or a device is escaped.
 */
import type { Finding, Verdict } from '../../../policies/compliance/types.js';
import { LABEL, evidenceValue, resultWords, sourceSentence, summaryLine, type ReportDoc, type ReportRule } from './doc.js';
import { escapeHtml as h } from './escape.js';

const CSS = `
:root{--pass:#1a7f37;--fail:#cf222e;--ne:#9a6700;--bg:#fff;--fg:#1f2328;--muted:#59636e;--line:#d1d9e0;--head:#f6f8fa}
*{box-sizing:border-box}
body{font:14px/1.5 -apple-system,"Segoe UI",Helvetica,Arial,sans-serif;color:var(--fg);background:var(--bg);margin:0 auto;max-width:1100px;padding:24px}
h1{font-size:24px;margin:0 0 4px}h2{font-size:18px;margin:32px 0 4px;padding-top:8px;border-top:1px solid var(--line)}
code{font:12px ui-monospace,SFMono-Regular,Menlo,monospace;background:var(--head);padding:1px 4px;border-radius:4px}
.muted{color:var(--muted)}
.result{display:inline-block;font-weight:700;font-size:16px;padding:4px 12px;border-radius:6px;color:#fff;margin:8px 0}
.v{display:inline-block;font-weight:600;font-size:12px;padding:1px 8px;border-radius:10px;color:#fff;white-space:nowrap}
.v-pass,.r-pass{background:var(--pass)}.v-fail,.r-fail{background:var(--fail)}.v-not-evaluated,.r-incomplete{background:var(--ne)}
tr.f-pass td:first-child{border-left:4px solid var(--pass)}tr.f-fail td:first-child{border-left:4px solid var(--fail)}tr.f-not-evaluated td:first-child{border-left:4px solid var(--ne)}
tr.f-fail{background:#ffebe9}tr.f-not-evaluated{background:#fff8c5}
table{border-collapse:collapse;width:100%;margin:8px 0}
th,td{border:1px solid var(--line);padding:6px 8px;text-align:left;vertical-align:top}
th{background:var(--head);font-weight:600}
td.n{text-align:right;width:4em}
blockquote{margin:8px 0;padding:4px 12px;border-left:4px solid var(--line);color:var(--muted)}
details{margin-top:4px}summary{cursor:pointer;color:var(--muted);font-size:12px}
dl{display:grid;grid-template-columns:max-content 1fr;gap:2px 12px;margin:6px 0 0;font-size:12px}
dt{color:var(--muted)}dd{margin:0;font-family:ui-monospace,SFMono-Regular,Menlo,monospace;white-space:pre-wrap;word-break:break-word}
.reason{color:var(--ne)}
`;

const badge = (v: Verdict): string => `<span class="v v-${v}">${LABEL[v]}</span>`;
const anchor = (id: string): string => `rule-${id.replace(/[^A-Za-z0-9_-]/g, '_')}`;

function evidence(f: Finding): string {
  const entries = Object.entries(f.evidence);
  if (entries.length === 0 && f.reason === undefined) return '';
  const rows = entries.map(([k, v]) => `<dt>${h(k)}</dt><dd>${h(evidenceValue(v))}</dd>`).join('');
  return `<details><summary>evidence (${entries.length})</summary><dl>${rows}</dl></details>`;
}

function findingRow(f: Finding): string {
  const reason = f.verdict === 'not-evaluated' && f.reason !== undefined && !f.message.includes(f.reason)
    ? `<div class="reason">${h(f.reason)}</div>` : '';
  return `<tr class="finding f-${f.verdict}" data-subject="${h(`${f.subject.kind}:${f.subject.id}`)}"><td>${h(f.subject.kind)}<br><code>${h(f.subject.id)}</code></td><td>${badge(f.verdict)}</td><td>${h(f.message)}${reason}${evidence(f)}</td></tr>`;
}

function count(rule: ReportRule, v: Verdict): number {
  return rule.findings.filter((f) => f.verdict === v).length;
}

function section(rule: ReportRule): string {
  return [
    `<section id="${anchor(rule.id)}" data-rule="${h(rule.id)}" data-verdict="${rule.verdict}">`,
    `<h2><code>${h(rule.id)}</code> ${h(rule.title)} ${badge(rule.verdict)}</h2>`,
    `<blockquote>${h(rule.guide)}</blockquote>`,
    `<p class="muted">Reads: ${h(rule.needs)}. ${rule.findings.length} subject(s).</p>`,
    '<table><thead><tr><th style="width:22%">Subject</th><th style="width:12%">Verdict</th><th>Finding and evidence</th></tr></thead><tbody>',
    ...rule.findings.map(findingRow),
    '</tbody></table></section>',
  ].join('\n');
}

function devicesTable(doc: ReportDoc): string {
  if (doc.devices.length === 0) return '';
  return [
    '<h2>Devices read</h2>',
    '<table><thead><tr><th>Device</th><th>Platform</th><th>Running config</th><th>SNMP counters</th></tr></thead><tbody>',
    ...doc.devices.map((d) => `<tr><td><code>${h(d.device)}</code></td><td>${h(d.platform)}</td><td>${h(d.config)}</td><td>${h(d.snmp)}</td></tr>`),
    '</tbody></table>',
  ].join('\n');
}

/** The report as a complete HTML document. */
export function complianceHtml(doc: ReportDoc): string {
  const result = resultWords(doc);
  const resultClass = result === 'PASS' ? 'r-pass' : result === 'FAIL' ? 'r-fail' : 'r-incomplete';
  const title = `Express Connect partner requirements — ${doc.partner}`;
  return [
    '<!DOCTYPE html>',
    '<html lang="en"><head><meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width,initial-scale=1">',
    `<title>${h(title)}</title>`,
    `<style>${CSS}</style></head><body>`,
    `<header><h1>${h(title)}</h1>`,
    `<p class="muted">${h(sourceSentence(doc))} Generated by ec-partner-agent (<code>ecpa check</code>).</p>`,
    `<div id="result" class="result ${resultClass}" data-result="${result}">${result}</div>`,
    `<p id="summary">${h(summaryLine(doc))}${doc.complete ? '' : ' — the report is incomplete: some subjects could not be evaluated (reasons below).'}</p></header>`,
    '<table id="rules"><thead><tr><th>Rule</th><th>Requirement</th><th>Verdict</th><th class="n">pass</th><th class="n">fail</th><th class="n">not eval.</th></tr></thead><tbody>',
    ...doc.rules.map((r) => `<tr data-rule="${h(r.id)}"><td><a href="#${anchor(r.id)}"><code>${h(r.id)}</code></a></td><td>${h(r.title)}</td><td>${badge(r.verdict)}</td><td class="n">${count(r, 'pass')}</td><td class="n">${count(r, 'fail')}</td><td class="n">${count(r, 'not-evaluated')}</td></tr>`),
    '</tbody></table>',
    devicesTable(doc),
    ...doc.rules.map(section),
    '</body></html>',
    '',
  ].join('\n');
}
