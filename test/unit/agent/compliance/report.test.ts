/**
 * The renderers over a live report with hostile text in it (a tenant description and device output
 * carrying markup and control characters): HTML and JUnit stay well-formed and escaped, JUnit maps
 * fail → failure and not-evaluated → skipped per subject, metrics get one entry per rule and subject.
 */
import { describe, expect, it } from 'vitest';
import { complianceVerdicts } from '../../../../agent/compliance/metrics.js';
import { liveDoc } from '../../../../agent/compliance/report/doc.js';
import { complianceHtml } from '../../../../agent/compliance/report/html.js';
import { complianceJunit } from '../../../../agent/compliance/report/junit.js';
import { complianceMarkdownReport, complianceTextReport } from '../../../../agent/compliance/report/text.js';
import { parseXml } from '../../../../drivers/netconf/xml-parse.js';
import type { XmlElement } from '../../../../drivers/netconf/xml.js';
import { evaluateLive } from '../../../../policies/compliance/live/evaluate.js';
import { RULES } from '../../../../policies/compliance/registry.js';
import { compliantEvidence, compliantLedger } from '../../policies/compliance/live/fixture.js';

const HOSTILE = '<script>alert(1)</script> & "q" \u0001\u0007';

function hostileReport() {
  const ledger = compliantLedger();
  const ev = compliantEvidence(ledger);
  const live = {
    ...ev,
    devices: ev.devices.map((d) => {
      if (d.device !== 'sw-hz-1' || d.config.status !== 'read') return d;
      const o = d.config.value;
      return {
        ...d,
        // A hand-made subinterface with a hostile description duplicates VLAN 101: device-vlan-unique fails.
        config: { ...d.config, value: { ...o, subinterfaces: [...o.subinterfaces, { port: 'GigabitEthernet0/0/1', vlan: 101, description: HOSTILE, enabled: true, statistics: true, owner: null }] } },
        // And the ARP limits cannot be read: arp-rate-limit is not evaluated on sw-hz-1.
        arp: { status: 'unreadable' as const, reason: `device said ${HOSTILE}` },
      };
    }),
  };
  return evaluateLive({ ledger, live }, RULES);
}

function elements(el: XmlElement, name: string): XmlElement[] {
  const out: XmlElement[] = [];
  const walk = (e: XmlElement): void => {
    if (e.name === name) out.push(e);
    for (const c of e.children) if (typeof c !== 'string') walk(c);
  };
  walk(el);
  return out;
}
const attr = (e: XmlElement, name: string): string | undefined => e.attributes.find((a) => a.name === name)?.value;

describe('HTML report', () => {
  const html = complianceHtml(liveDoc(hostileReport(), 'ledger.yaml'));
  it('escapes every text from the ledger and the devices', () => {
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;q&quot;');
  });
  it('has the result on top, a summary row per rule, and evidence folded under each finding', () => {
    expect(html).toMatch(/^<!DOCTYPE html>/);
    expect(html).toContain('data-result="FAIL"');
    for (const r of RULES) expect(html).toContain(`<tr data-rule="${r.id}">`);
    const rows = html.match(/<tr class="finding /g) ?? [];
    const details = html.match(/<details>/g) ?? [];
    expect(rows.length).toBeGreaterThan(10);
    expect(details.length).toBe(rows.length);
    expect(html).not.toMatch(/<(link|script|img)\b/);
  });
});

describe('JUnit report', () => {
  const xml = complianceJunit(liveDoc(hostileReport(), 'ledger.yaml'));
  const root = parseXml(xml);
  it('is well-formed XML with one suite per rule and one case per subject', () => {
    expect(root.name).toBe('testsuites');
    const suites = elements(root, 'testsuite');
    expect(suites.map((s) => attr(s, 'name'))).toEqual(RULES.map((r) => r.id));
    const report = hostileReport();
    for (const s of suites) {
      const rule = report.rules.find((r) => r.id === attr(s, 'name'));
      expect(elements(s, 'testcase')).toHaveLength(rule?.findings.length ?? -1);
    }
  });
  it('maps fail to failure and not-evaluated to skipped', () => {
    const vlan = elements(root, 'testsuite').find((s) => attr(s, 'name') === 'device-vlan-unique');
    const failed = elements(vlan as XmlElement, 'testcase').filter((c) => elements(c, 'failure').length > 0);
    expect(failed.map((c) => attr(c, 'name'))).toEqual(['circuit pc-hz-a1']);
    expect(attr(elements(failed[0] as XmlElement, 'failure')[0] as XmlElement, 'message')).toContain('<script>alert(1)</script> & "q" \ufffd\ufffd');
    const arp = elements(root, 'testsuite').find((s) => attr(s, 'name') === 'arp-rate-limit') as XmlElement;
    expect(attr(arp, 'skipped')).toBe('1');
    expect(attr(elements(arp, 'skipped')[0] as XmlElement, 'message')).toContain('could not be read');
    expect(attr(root, 'failures')).toBe('1');
  });
});

describe('text and markdown', () => {
  it('print evidence under findings that did not pass and say the result', () => {
    const text = complianceTextReport(liveDoc(hostileReport(), 'ledger.yaml'));
    expect(text).toContain('device-vlan-unique');
    expect(text).toMatch(/FAIL — 13 rules: \d+ pass, 1 fail, 1 not evaluated; incomplete/);
    const md = complianceMarkdownReport(liveDoc(hostileReport(), 'ledger.yaml'));
    expect(md).not.toContain('<script>');
    expect(md).toContain('\\<script\\>');
  });
});

describe('metrics entries', () => {
  it('gives one verdict per rule and subject, sorted', () => {
    const report = hostileReport();
    const entries = complianceVerdicts(report.rules.flatMap((r) => r.findings), 'live');
    expect(entries).toContainEqual({ ruleId: 'device-vlan-unique', subject: 'circuit:pc-hz-a1', evaluation: 'live', verdict: 'fail' });
    expect(entries).toContainEqual({ ruleId: 'arp-rate-limit', subject: 'device:sw-hz-1', evaluation: 'live', verdict: 'not-evaluated' });
    expect(entries).toContainEqual({ ruleId: 'qos-throttling', subject: 'shared-port:pc-sp-0001', evaluation: 'live', verdict: 'pass' });
    expect(new Set(entries.map((e) => `${e.ruleId} ${e.subject}`)).size).toBe(entries.length);
  });
  it('keeps the worst verdict when a subject is judged twice', () => {
    const f = { ruleId: 'r', subject: { kind: 'device' as const, id: 'a' }, message: '', evidence: {} };
    expect(complianceVerdicts([{ ...f, verdict: 'pass' }, { ...f, verdict: 'fail' }, { ...f, verdict: 'not-evaluated' }])).toEqual([{ ruleId: 'r', subject: 'device:a', evaluation: 'offline', verdict: 'fail' }]);
  });
});
