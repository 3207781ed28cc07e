/**
 * The HTML compliance report in a real browser: headless Chromium parses it (the DOM has the
 * summary, one section per rule, a <details> per finding, no element made from tenant or device
 * text) and renders it (a screenshot with the result badge in its colour on top). The PNG is kept
 * in test/peers/run/chromium/ to look at.
 */
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { liveDoc } from '../../../agent/compliance/report/doc.js';
import { complianceHtml } from '../../../agent/compliance/report/html.js';
import { evaluateLive } from '../../../policies/compliance/live/evaluate.js';
import { RULES } from '../../../policies/compliance/registry.js';
import { peerAvailable, peerRunDir } from '../../support/peer.js';
import { compliantEvidence, compliantLedger } from '../../unit/policies/compliance/live/fixture.js';
import { chromiumVersion, dumpDom, screenshot } from './render.js';

const available = await peerAvailable('chromium', async () => (await chromiumVersion()) !== undefined);

const HOSTILE = '<img src=x onerror=alert(1)><script>alert(2)</script>';

function report() {
  const ledger = compliantLedger();
  const ev = compliantEvidence(ledger);
  const live = {
    ...ev,
    devices: ev.devices.map((d) => {
      if (d.device !== 'sw-hz-1' || d.config.status !== 'read') return d;
      const o = d.config.value;
      return {
        ...d,
        config: { ...d.config, value: { ...o, policers: o.policers.filter((p) => p.owner !== 'pc-sp-0001'), subinterfaces: [...o.subinterfaces, { port: 'GigabitEthernet0/0/1', vlan: 101, description: HOSTILE, enabled: true, statistics: true, owner: null }] } },
        icmp: { status: 'unreadable' as const, reason: `device said ${HOSTILE}` },
      };
    }),
  };
  return evaluateLive({ ledger: { ...ledger, partner: { ...ledger.partner, name: `Acme <b>Carrier</b> & Co` } }, live }, RULES);
}

/** RGB of pixel (x, y) of an 8-bit RGB/RGBA non-interlaced PNG. */
function pixel(png: Buffer, x: number, y: number): [number, number, number] {
  const width = png.readUInt32BE(16);
  const colorType = png.readUInt8(25);
  const channels = colorType === 6 ? 4 : 3;
  const chunks: Buffer[] = [];
  for (let off = 8; off < png.length;) {
    const len = png.readUInt32BE(off);
    const type = png.toString('ascii', off + 4, off + 8);
    if (type === 'IDAT') chunks.push(png.subarray(off + 8, off + 8 + len));
    off += 12 + len;
  }
  const raw = inflateSync(Buffer.concat(chunks));
  const stride = width * channels;
  const rows: Buffer[] = [];
  let prev = Buffer.alloc(stride);
  for (let row = 0; row <= y; row++) {
    const start = row * (stride + 1);
    const filter = raw[start] ?? 0;
    const line = Buffer.from(raw.subarray(start + 1, start + 1 + stride));
    for (let i = 0; i < stride; i++) {
      const a = i >= channels ? (line[i - channels] ?? 0) : 0;
      const b = prev[i] ?? 0;
      const c = i >= channels ? (prev[i - channels] ?? 0) : 0;
      const p = a + b - c;
      const pred = filter === 1 ? a : filter === 2 ? b : filter === 3 ? (a + b) >> 1
        : filter === 4 ? (Math.abs(p - a) <= Math.abs(p - b) && Math.abs(p - a) <= Math.abs(p - c) ? a : Math.abs(p - b) <= Math.abs(p - c) ? b : c) : 0;
      line[i] = ((line[i] ?? 0) + pred) & 0xff;
    }
    rows.push(line);
    prev = line;
  }
  const line = rows[y] as Buffer;
  return [line[x * channels] ?? 0, line[x * channels + 1] ?? 0, line[x * channels + 2] ?? 0];
}

describe.skipIf(!available)('HTML report in headless Chromium', () => {
  const dir = peerRunDir('chromium');
  mkdirSync(dir, { recursive: true });
  const html = join(dir, 'compliance-report.html');
  writeFileSync(html, complianceHtml(liveDoc(report(), 'ledger.yaml')));

  it('parses into the summary, a section per rule, a details per finding, and no element from tenant text', async () => {
    const dom = await dumpDom(html);
    const r = report();
    expect(dom).toContain('<div id="result" class="result r-fail" data-result="FAIL">FAIL</div>');
    for (const rule of r.rules) expect(dom).toContain(`<section id="rule-${rule.id}" data-rule="${rule.id}" data-verdict="${rule.verdict}">`);
    const findings = r.rules.reduce((n, x) => n + x.findings.length, 0);
    expect(dom.match(/<tr class="finding /g)?.length).toBe(findings);
    expect(dom.match(/<details>/g)?.length).toBe(findings);
    expect(dom).not.toMatch(/<img|<script/);
    expect(dom).toContain('&lt;img src=x onerror=alert(1)&gt;&lt;script&gt;alert(2)&lt;/script&gt;');
    expect(dom).toContain('<title>Express Connect partner requirements — Acme &lt;b&gt;Carrier&lt;/b&gt; &amp; Co</title>');
  }, 90_000);

  it('renders: a screenshot with the red FAIL badge near the top', async () => {
    const png = join(dir, 'compliance-report.png');
    await screenshot(html, png, 1280, 1600);
    const data = readFileSync(png);
    expect(data.subarray(1, 4).toString('ascii')).toBe('PNG');
    expect(data.readUInt32BE(16)).toBe(1280);
    expect(statSync(png).size).toBeGreaterThan(30_000);
    // The badge sits below the title and the source sentence; find a pixel of --fail (#cf222e) in the top band.
    let found = false;
    for (let y = 60; y < 220 && !found; y += 2) {
      for (let x = 100; x < 260 && !found; x += 4) {
        const [r, g, b] = pixel(data, x, y);
        if (Math.abs(r - 0xcf) < 12 && Math.abs(g - 0x22) < 12 && Math.abs(b - 0x2e) < 12) found = true;
      }
    }
    expect(found, `no FAIL-red pixel near the top of ${png}`).toBe(true);
  }, 90_000);
});
