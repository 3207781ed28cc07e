/**
 * The real poller (net-snmp over UDP) against the lab SNMP agent on loopback, with one injected
 * clock for both: counters, wraps, reboots, discontinuities, renumbering, policer drops, v3 USM.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SnmpPoller } from '../../../../drivers/snmp/poller.js';
import { SnmpAuthError, SnmpTimeoutError } from '../../../../drivers/snmp/errors.js';
import type { SnmpTarget } from '../../../../drivers/snmp/transport.js';
import type { SnmpSettings } from '../../../../config/agent/model.js';
import { Secret } from '../../../../config/secrets/secret.js';
import { RateTracker } from '../../../../agent/telemetry/rates.js';
import { startLabSnmpAgent, type LabSnmpAgent } from '../../../lab/snmp/agent.js';
import type { LabInterfaceSpec } from '../../../lab/snmp/traffic.js';

const s = (v: string): Secret => new Secret(v, { kind: 'inline' });
let now = 1_700_000_000_000;
const clock = (): number => now;

const PORT = 'GigabitEthernet0/0/1';
const interfaces: LabInterfaceSpec[] = [
  { name: PORT, speedMbps: 10_000 },
  { name: `${PORT}.101`, speedMbps: 10_000, parent: PORT, alias: 'ecpa: pc-tenant1' },
  { name: `${PORT}.102`, speedMbps: 10_000, parent: PORT, alias: 'ecpa: pc-tenant2' },
  { name: 'Vlanif7', speedMbps: 100, hc: false },
];

let sw: LabSnmpAgent;
let old: LabSnmpAgent;
const users = [
  { name: 'authPrivUser', level: 'authPriv', authProtocol: 'sha', authKey: 'authpass123', privProtocol: 'aes', privKey: 'privpass123' },
  { name: 'authPriv256', level: 'authPriv', authProtocol: 'sha256', authKey: 'authpass123', privProtocol: 'aes256', privKey: 'privpass123' },
  { name: 'authOnly512', level: 'authNoPriv', authProtocol: 'sha512', authKey: 'authpass123' },
] as const;

beforeAll(async () => {
  sw = await startLabSnmpAgent({ model: { sysName: 'lab-sw1', interfaces, initialCounter: 2n ** 62n + 1n }, community: 'public', users, clock });
  // a device with only 32-bit counters, starting just below 2^32 so it wraps quickly
  old = await startLabSnmpAgent({
    model: { sysName: 'old', interfaces: [{ name: 'eth0', speedMbps: 1000, hc: false }], initialCounter: 2n ** 32n - 1_000_000n },
    community: 'public',
    clock,
  });
});
afterAll(async () => {
  await sw?.stop();
  await old?.stop();
});

const v2c = (port: number): SnmpSettings & { version: '2c' } => ({ version: '2c', port, community: s('public'), timeoutMs: 1000, retries: 0, maxRepetitions: 20 });
const target = (id: string, settings: SnmpSettings): SnmpTarget => ({ deviceId: id, address: '127.0.0.1', settings });

async function pollOk(poller: SnmpPoller, t: SnmpTarget) {
  const r = await poller.pollDevice(t, { timeoutMs: 3000 });
  if (!r.ok) throw r.error;
  return r.sample;
}

describe('poller vs lab agent', () => {
  it('reads exact Counter64 values above 2^53 equal to the model at the same instant', async () => {
    sw.setOffered(`${PORT}.101`, { inBps: 80e6, outBps: 20e6 });
    now += 10_000;
    const poller = new SnmpPoller({ clock, staticRefreshMs: 60_000 });
    const sample = await pollOk(poller, target('sw1', v2c(sw.port)));
    const sub = sample.interfaces.find((i) => i.name === `${PORT}.101`);
    const model = sw.counters(`${PORT}.101`);
    expect(sub?.counters.inOctets).toBe(model.inOctets);
    expect(sub?.counters.inOctets).toBe(2n ** 62n + 1n + 100_000_000n); // 80 Mb/s for 10 s
    expect(sub?.alias).toBe('ecpa: pc-tenant1');
    expect(sub?.speedBps).toBe(10e9);
    const vlanif = sample.interfaces.find((i) => i.name === 'Vlanif7');
    expect(vlanif?.counterBits).toBe(32);
  });

  it.each(users.map((u) => [u.name, u] as const))('polls over SNMPv3 as %s', async (_, u) => {
    const settings: SnmpSettings = {
      version: '3',
      port: sw.port,
      user: u.name,
      level: u.level,
      authProtocol: u.authProtocol,
      authKey: s(u.authKey),
      ...('privProtocol' in u ? { privProtocol: u.privProtocol, privKey: s(u.privKey) } : {}),
      timeoutMs: 1000,
      retries: 0,
      maxRepetitions: 20,
    };
    const sample = await pollOk(new SnmpPoller({ clock, staticRefreshMs: 60_000 }), target('sw1', settings));
    expect(sample.interfaces.map((i) => i.name)).toEqual([PORT, `${PORT}.101`, `${PORT}.102`, 'Vlanif7']);
  });

  it('reports a wrong v3 key as an SnmpAuthError without the key in the message', async () => {
    const settings: SnmpSettings = {
      version: '3', port: sw.port, user: 'authPrivUser', level: 'authPriv', authProtocol: 'sha', authKey: s('wrong-password'),
      privProtocol: 'aes', privKey: s('privpass123'), timeoutMs: 1000, retries: 0, maxRepetitions: 20,
    };
    const r = await new SnmpPoller({ staticRefreshMs: 1 }).pollDevice(target('sw1', settings), { timeoutMs: 3000 });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error).toBeInstanceOf(SnmpAuthError);
    expect(r.error.message).not.toContain('wrong-password');
    expect(r.error.message).not.toContain('privpass123');
  });

  it('reports an unknown v3 user as SnmpAuthError and an unsupported privacy protocol as SnmpConfigError', async () => {
    const base = {
      version: '3' as const, port: sw.port, level: 'authPriv' as const, authProtocol: 'sha' as const, authKey: s('authpass123'),
      privKey: s('privpass123'), timeoutMs: 1000, retries: 0, maxRepetitions: 20,
    };
    const poller = new SnmpPoller({ staticRefreshMs: 1 });
    const unknown = await poller.pollDevice(target('sw1', { ...base, user: 'nobody-here', privProtocol: 'aes' }), { timeoutMs: 3000 });
    expect(!unknown.ok && unknown.error).toBeInstanceOf(SnmpAuthError);
    const aes192 = await poller.pollDevice(target('sw1', { ...base, user: 'authPrivUser', privProtocol: 'aes192' as unknown as 'aes' } /* a value the config loader refuses; the transport still guards */), { timeoutMs: 3000 });
    expect(!aes192.ok && aes192.error.code).toBe('ECPA_SNMP_CONFIG');
    expect(!aes192.ok && aes192.error.message).toMatch(/aes192.*not supported.*des, aes, aes256, aes256c/);
  });

  it('reports a wrong community as a timeout (agents stay silent), within the deadline', async () => {
    const r = await new SnmpPoller({ staticRefreshMs: 1 }).pollDevice(
      target('sw1', { ...v2c(sw.port), community: s('nope'), timeoutMs: 200 }),
      { timeoutMs: 500 },
    );
    expect(r.ok).toBe(false);
    expect(!r.ok && r.error).toBeInstanceOf(SnmpTimeoutError);
    expect(!r.ok && r.error.message).not.toContain('nope');
  });

  it('shows policer drops as discards and computes bps/pps/drops per tenant', async () => {
    const poller = new SnmpPoller({ clock, staticRefreshMs: 60_000 });
    const tracker = new RateTracker();
    const t = target('sw1', v2c(sw.port));
    sw.setOffered(`${PORT}.102`, { inBps: 150e6, outBps: 40e6, packetBytes: 1000 });
    sw.setPolicer(`${PORT}.102`, { inBps: 100e6, outBps: 100e6 });
    tracker.update(await pollOk(poller, t));
    now += 30_000;
    const r = tracker.update(await pollOk(poller, t));
    const tenant = r.interfaces.find((i) => i.key === `${PORT}.102`);
    expect(tenant?.status).toBe('rates');
    if (tenant?.status !== 'rates') return;
    expect(tenant.rates.inBitsPerSecond).toBeCloseTo(150e6, -1); // received, policed after
    expect(tenant.rates.inPacketsPerSecond).toBeCloseTo(12_500, 0); // 100 Mb/s passed / 8000 bit
    expect(tenant.rates.inDiscardsPerSecond).toBeCloseTo(6_250, 0); // 50 Mb/s dropped
    expect(tenant.rates.outBitsPerSecond).toBeCloseTo(40e6, -1);
    expect(tenant.rates.outDiscardsPerSecond).toBe(0);
    // the parent port carries the sum of its subinterfaces
    const port = r.interfaces.find((i) => i.key === PORT);
    expect(port?.status === 'rates' && port.rates.inBitsPerSecond).toBeCloseTo(150e6 + 80e6, -1);
  });

  it('computes a sane rate across a 32-bit wrap', async () => {
    const poller = new SnmpPoller({ clock, staticRefreshMs: 60_000 });
    const tracker = new RateTracker();
    const t = target('old', v2c(old.port));
    old.setOffered('eth0', { inBps: 8e6, outBps: 0 }); // 1 MB/s: wraps 1 s from the start value
    const a = await pollOk(poller, t);
    tracker.update(a);
    now += 10_000;
    const b = await pollOk(poller, t);
    expect(b.interfaces[0]?.counters.inOctets ?? 0n).toBeLessThan(a.interfaces[0]?.counters.inOctets ?? 0n);
    const r = tracker.update(b).interfaces[0];
    expect(r?.status === 'rates' && r.rates.inBitsPerSecond).toBe(8e6);
  });

  it('starts a new baseline after a reboot with ifIndex renumbering, matching interfaces by name', async () => {
    const poller = new SnmpPoller({ clock, staticRefreshMs: 60_000 });
    const tracker = new RateTracker();
    const t = target('sw1', v2c(sw.port));
    tracker.update(await pollOk(poller, t));
    now += 5_000;
    sw.reboot({ renumber: true });
    now += 25_000;
    const after = await pollOk(poller, t);
    expect(after.staticRefresh).toBe('reboot');
    const r1 = tracker.update(after);
    expect(r1.rebooted).toBe(true);
    expect(r1.interfaces.every((i) => i.status === 'baseline')).toBe(true);
    now += 30_000;
    const r2 = tracker.update(await pollOk(poller, t));
    const tenant = r2.interfaces.find((i) => i.key === `${PORT}.101`);
    expect(tenant?.sample.ifIndex).not.toBe(2); // renumbered
    expect(tenant?.status === 'rates' && tenant.rates.inBitsPerSecond).toBeCloseTo(80e6, -1);
  });

  it('starts a new baseline when one interface\'s counters are cleared (ifCounterDiscontinuityTime)', async () => {
    const poller = new SnmpPoller({ clock, staticRefreshMs: 60_000 });
    const tracker = new RateTracker();
    const t = target('sw1', v2c(sw.port));
    tracker.update(await pollOk(poller, t));
    now += 10_000;
    sw.clearCounters(`${PORT}.102`);
    now += 10_000;
    const r = tracker.update(await pollOk(poller, t));
    expect(r.interfaces.find((i) => i.key === `${PORT}.102`)).toMatchObject({ status: 'baseline', reason: 'counter-discontinuity' });
    expect(r.interfaces.find((i) => i.key === `${PORT}.101`)?.status).toBe('rates');
  });

  it('reports a silent device as down at its deadline while the others are polled', async () => {
    const poller = new SnmpPoller({ clock: Date.now, staticRefreshMs: 60_000 });
    old.mute(true);
    try {
      const results = await poller.pollAll(
        [target('old', { ...v2c(old.port), timeoutMs: 5000, retries: 3 }), target('sw1', v2c(sw.port))],
        { timeoutMs: 300, concurrency: 2 },
      );
      expect(results.map((x) => x.ok)).toEqual([false, true]);
      const failed = results[0];
      expect(failed && !failed.ok && failed.error).toBeInstanceOf(SnmpTimeoutError);
      expect(failed && !failed.ok && failed.durationMs).toBeLessThan(1000);
    } finally {
      old.mute(false);
    }
  });
});

describe('lab agent at scale', () => {
  it('answers a full poll of 1,000 subinterfaces', async () => {
    const many: LabInterfaceSpec[] = [{ name: 'xe-0/0/1', speedMbps: 10_000 }];
    for (let v = 1; v <= 1000; v++) many.push({ name: `xe-0/0/1.${v}`, speedMbps: 10_000, parent: 'xe-0/0/1' });
    const big = await startLabSnmpAgent({ model: { sysName: 'big', interfaces: many }, community: 'public' });
    try {
      const r = await new SnmpPoller({ staticRefreshMs: 60_000 }).pollDevice(target('big', { ...v2c(big.port), maxRepetitions: 25 }), {
        timeoutMs: 20_000,
      });
      expect(r.ok && r.sample.interfaces.length).toBe(1001);
    } finally {
      await big.stop();
    }
  });
});
