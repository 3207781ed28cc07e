/**
 * The poller against Net-SNMP's snmpd (Debian 5.9), started by test/peers/snmpd/start.sh:
 * host agent on 127.0.0.1:18161, netns agent with 1,000 macvlans on 127.0.0.1:18163.
 * Values are compared with what the C tool snmpbulkwalk reads at the same moment. snmpd serves
 * counters from a cache it refreshes every few seconds (measured ~3 s for ifXTable), so counters
 * are checked as bracketed by two snmpbulkwalks rather than equal.
 */
import { describe, expect, it } from 'vitest';
import { createSocket } from 'node:dgram';
import { peerAvailable } from '../../support/peer.js';
import { SnmpPoller } from '../../../drivers/snmp/poller.js';
import { SnmpAuthError } from '../../../drivers/snmp/errors.js';
import type { SnmpTarget } from '../../../drivers/snmp/transport.js';
import type { SnmpSettings } from '../../../config/agent/model.js';
import type { DeviceSample } from '../../../drivers/snmp/sample.js';
import { Secret } from '../../../config/secrets/secret.js';
import { RateTracker } from '../../../agent/telemetry/rates.js';
import { bulkwalk, snmpAnswers } from './bulkwalk.js';

const HOST = '127.0.0.1:18161';
const NETNS = '127.0.0.1:18163';
const V2 = ['-v2c', '-c', 'public'];
const up = await peerAvailable('snmpd', async () => (await snmpAnswers(V2, HOST)) && (await snmpAnswers(V2, NETNS)));

const s = (v: string): Secret => new Secret(v, { kind: 'inline' });
const v2c = (port: number): SnmpSettings => ({ version: '2c', port, community: s('public'), timeoutMs: 2000, retries: 1, maxRepetitions: 25 });
const v3 = (port: number, user: string, auth: 'sha' | 'sha256' | 'sha512', priv: 'aes' | 'aes256', authKey = 'authpass123'): SnmpSettings => ({
  version: '3', port, user, level: 'authPriv', authProtocol: auth, authKey: s(authKey), privProtocol: priv, privKey: s('privpass123'),
  timeoutMs: 2000, retries: 1, maxRepetitions: 25,
});
const target = (settings: SnmpSettings): SnmpTarget => ({ deviceId: `snmpd:${settings.port}`, address: '127.0.0.1', settings });

async function poll(settings: SnmpSettings): Promise<DeviceSample> {
  const r = await new SnmpPoller({ staticRefreshMs: 60_000 }).pollDevice(target(settings), { timeoutMs: 15_000 });
  if (!r.ok) throw r.error;
  return r.sample;
}

/** Static columns must equal snmpbulkwalk's exactly. */
async function expectStaticMatch(sample: DeviceSample, hostPort: string): Promise<void> {
  const [names, descrs, aliases, high, oper] = await Promise.all([
    bulkwalk(V2, hostPort, '1.3.6.1.2.1.31.1.1.1.1'),
    bulkwalk(V2, hostPort, '1.3.6.1.2.1.2.2.1.2'),
    bulkwalk(V2, hostPort, '1.3.6.1.2.1.31.1.1.1.18'),
    bulkwalk(V2, hostPort, '1.3.6.1.2.1.31.1.1.1.15'),
    bulkwalk(V2, hostPort, '1.3.6.1.2.1.2.2.1.8'),
  ]);
  expect(sample.interfaces.map((i) => String(i.ifIndex))).toEqual([...oper.keys()]);
  for (const i of sample.interfaces) {
    const k = String(i.ifIndex);
    expect(i.name).toBe(names.get(k));
    expect(i.descr).toBe(descrs.get(k));
    expect(i.alias).toBe(aliases.get(k));
    const hs = Number(high.get(k));
    if (hs > 0) expect(i.speedBps).toBe(hs * 1e6);
  }
}

describe.runIf(up)('poller vs Net-SNMP snmpd', () => {
  it('v2c: reads every interface; static columns equal snmpbulkwalk, counters bracketed by two snmpbulkwalks', async () => {
    const before = await bulkwalk(V2, HOST, '1.3.6.1.2.1.31.1.1.1.6');
    const sample = await poll(v2c(18161));
    const after = await bulkwalk(V2, HOST, '1.3.6.1.2.1.31.1.1.1.6');
    await expectStaticMatch(sample, HOST);
    for (const i of sample.interfaces) {
      const k = String(i.ifIndex);
      const ours = i.counters.inOctets;
      expect(i.counterBits).toBe(64);
      // snmpd caches counters ~1 s, and reads only move forward: before <= ours <= after
      expect(ours).toBeGreaterThanOrEqual(BigInt(before.get(k) ?? '0'));
      expect(ours).toBeLessThanOrEqual(BigInt(after.get(k) ?? '0'));
    }
  });

  it.each([
    ['authPrivUser', 'sha', 'aes'],
    ['authPriv256', 'sha256', 'aes256'],
    ['authPriv512', 'sha512', 'aes256'],
  ] as const)('v3 authPriv %s (%s/%s) reads the same interfaces as v2c', async (user, auth, priv) => {
    const a = await poll(v3(18161, user, auth, priv));
    const b = await poll(v2c(18161));
    expect(a.interfaces.map((i) => [i.ifIndex, i.name])).toEqual(b.interfaces.map((i) => [i.ifIndex, i.name]));
  });

  it('v3 with a wrong key fails as SnmpAuthError', async () => {
    const r = await new SnmpPoller({ staticRefreshMs: 1 }).pollDevice(target(v3(18161, 'authPrivUser', 'sha', 'aes', 'not-the-key')), {
      timeoutMs: 5000,
    });
    expect(r.ok).toBe(false);
    expect(!r.ok && r.error).toBeInstanceOf(SnmpAuthError);
    expect(!r.ok && r.error.message).not.toContain('not-the-key');
  });

  it('computes the loopback rate from traffic we send (at least what we sent)', async () => {
    const poller = new SnmpPoller({ staticRefreshMs: 60_000 });
    const tracker = new RateTracker();
    const t = target(v2c(18161));
    const first = await poller.pollDevice(t, { timeoutMs: 5000 });
    if (!first.ok) throw first.error;
    tracker.update(first.sample);
    const sock = createSocket('udp4');
    const payload = Buffer.alloc(1000);
    for (let i = 0; i < 2000; i++) sock.send(payload, 9, '127.0.0.1');
    await new Promise((r) => setTimeout(r, 4000)); // past snmpd's interface cache (refreshed every ~3 s here)
    sock.close();
    const second = await poller.pollDevice(t, { timeoutMs: 5000 });
    if (!second.ok) throw second.error;
    const lo = tracker.update(second.sample).interfaces.find((i) => i.sample.name === 'lo');
    expect(lo?.status).toBe('rates');
    if (lo?.status !== 'rates') return;
    const seconds = lo.intervalSeconds;
    // 2000 datagrams of 1000 bytes payload (+ headers) crossed lo at least once
    expect((lo.rates.inBitsPerSecond ?? 0) * seconds).toBeGreaterThanOrEqual(2000 * 1000 * 8);
    expect(lo.rates.inPacketsPerSecond ?? 0).toBeGreaterThan(0);
  });

  it('netns with 1,000 macvlans: every interface read, names equal snmpbulkwalk (v2c and v3 SHA-256/AES-256)', async () => {
    const sample = await poll(v2c(18163));
    expect(sample.interfaces.length).toBeGreaterThanOrEqual(1002);
    const names = new Set(sample.interfaces.map((i) => i.name));
    for (let n = 1; n <= 1000; n++) expect(names.has(`mv${n}`)).toBe(true);
    await expectStaticMatch(sample, NETNS);
    const viaV3 = await poll(v3(18163, 'authPriv256', 'sha256', 'aes256'));
    expect(viaV3.interfaces.length).toBe(sample.interfaces.length);
  });
});
