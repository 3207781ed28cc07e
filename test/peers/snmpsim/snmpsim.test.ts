/**
 * The poller against snmpsim (Debian snmpsim 0.4.5), started by test/peers/snmpsim/start.sh on
 * 127.0.0.1:18162: the recorded Cisco Catalyst 3750 and Linux agents shipped in the package, a
 * synthetic 1,000-subinterface switch with moving counters, and a 32-bit-only device whose
 * counters wrap every ~4.3 s.
 */
import { describe, expect, it } from 'vitest';
import { peerAvailable } from '../../support/peer.js';
import { SnmpPoller } from '../../../drivers/snmp/poller.js';
import type { SnmpTarget } from '../../../drivers/snmp/transport.js';
import type { SnmpSettings } from '../../../config/agent/model.js';
import type { DeviceSample } from '../../../drivers/snmp/sample.js';
import { Secret } from '../../../config/secrets/secret.js';
import { RateTracker, type InterfaceRateResult } from '../../../agent/telemetry/rates.js';
import { matchSharedPorts } from '../../../agent/telemetry/match.js';
import type { Ledger } from '../../../policies/ledger/model.js';
import { bulkwalk, snmpAnswers } from '../snmpd/bulkwalk.js';

const HOST = '127.0.0.1:18162';
const up = await peerAvailable('snmpsim', () => snmpAnswers(['-v2c', '-c', 'synth-c32'], HOST));

const s = (v: string): Secret => new Secret(v, { kind: 'inline' });
const v2c = (community: string): SnmpSettings => ({ version: '2c', port: 18162, community: s(community), timeoutMs: 5000, retries: 1, maxRepetitions: 25 });
const target = (id: string, settings: SnmpSettings): SnmpTarget => ({ deviceId: id, address: '127.0.0.1', settings });

async function poll(poller: SnmpPoller, t: SnmpTarget): Promise<DeviceSample> {
  const r = await poller.pollDevice(t, { timeoutMs: 30_000 });
  if (!r.ok) throw r.error;
  return r.sample;
}
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Every interface, every column we read, equals snmpbulkwalk's reading (recorded devices do not move). */
async function expectEqualsRecording(sample: DeviceSample, community: string): Promise<void> {
  const args = ['-v2c', '-c', community];
  const cols = {
    name: '1.3.6.1.2.1.31.1.1.1.1',
    alias: '1.3.6.1.2.1.31.1.1.1.18',
    oper: '1.3.6.1.2.1.2.2.1.8',
    hcIn: '1.3.6.1.2.1.31.1.1.1.6',
    hcOut: '1.3.6.1.2.1.31.1.1.1.10',
    c32In: '1.3.6.1.2.1.2.2.1.10',
    inDiscards: '1.3.6.1.2.1.2.2.1.13',
    outErrors: '1.3.6.1.2.1.2.2.1.20',
  };
  const w = Object.fromEntries(
    await Promise.all(Object.entries(cols).map(async ([k, oid]) => [k, await bulkwalk(args, HOST, oid)] as const)),
  ) as Record<keyof typeof cols, Map<string, string>>;
  expect(sample.interfaces.map((i) => String(i.ifIndex))).toEqual([...w.oper.keys()]);
  for (const i of sample.interfaces) {
    const k = String(i.ifIndex);
    expect(i.name).toBe(w.name.get(k) ?? '');
    expect(i.alias).toBe(w.alias.get(k) ?? '');
    expect(String(i.operStatus)).toBe(w.oper.get(k));
    if (w.hcIn.has(k)) {
      expect(i.counterBits).toBe(64);
      expect(i.counters.inOctets).toBe(BigInt(w.hcIn.get(k) as string));
      expect(i.counters.outOctets).toBe(BigInt(w.hcOut.get(k) as string));
    } else {
      // rows without HC counters (the Catalyst's StackPort, Null0, …) use the 32-bit columns, if any
      expect(i.counterBits).toBe(32);
      expect(i.counters.inOctets).toBe(w.c32In.has(k) ? BigInt(w.c32In.get(k) as string) : undefined);
    }
    if (w.inDiscards.has(k)) expect(i.counters.inDiscards).toBe(BigInt(w.inDiscards.get(k) as string));
    if (w.outErrors.has(k)) expect(i.counters.outErrors).toBe(BigInt(w.outErrors.get(k) as string));
  }
}

describe.runIf(up)('poller vs snmpsim recordings', () => {
  it('reads every interface of the recorded Cisco Catalyst 3750 exactly as snmpbulkwalk does', async () => {
    const sample = await poll(new SnmpPoller({ staticRefreshMs: 60_000 }), target('c3750', v2c('cisco-c3750')));
    expect(sample.interfaces.length).toBe(59);
    expect(sample.interfaces.some((i) => i.name === 'Fa3/0/1' && i.descr === 'FastEthernet3/0/1')).toBe(true);
    await expectEqualsRecording(sample, 'cisco-c3750');
  });

  it('reads the same Cisco recording over SNMPv3 authPriv SHA/AES with context name cisco-c3750', async () => {
    const settings: SnmpSettings = {
      version: '3', port: 18162, user: 'authPrivUser', level: 'authPriv', authProtocol: 'sha', authKey: s('authpass123'),
      privProtocol: 'aes', privKey: s('privpass123'), context: 'cisco-c3750', timeoutMs: 5000, retries: 1, maxRepetitions: 25,
    };
    const sample = await poll(new SnmpPoller({ staticRefreshMs: 60_000 }), target('c3750v3', settings));
    await expectEqualsRecording(sample, 'cisco-c3750');
  });

  it('reads the recorded Linux agent exactly as snmpbulkwalk does', async () => {
    const sample = await poll(new SnmpPoller({ staticRefreshMs: 60_000 }), target('linux', v2c('linux')));
    expect(sample.interfaces.map((i) => i.name)).toEqual(['lo', 'eth0']);
    await expectEqualsRecording(sample, 'linux');
  });
});

describe.runIf(up)('poller vs snmpsim synthetic devices', () => {
  it('synth-1000: every subinterface read, rates sane, shared ports matched to the ledger', async () => {
    const poller = new SnmpPoller({ staticRefreshMs: 60_000 });
    const tracker = new RateTracker();
    const t = target('synth', v2c('synth-1000'));
    // Warm-up: snmpsim's first walk of a file is slower (index loading), and a row's counter is read
    // during the walk while the sample time is the walk's end, so two walks of unequal length skew rates.
    await poll(poller, t);
    tracker.update(await poll(poller, t));
    await sleep(3000);
    const sample = await poll(poller, t);
    const rates = tracker.update(sample);
    expect(sample.interfaces.length).toBe(1001);
    const byIndex = new Map(rates.interfaces.map((r) => [r.sample.ifIndex, r]));
    for (const idx of [1, 2, 3, 10, 11, 500, 1001]) {
      const r = byIndex.get(idx) as InterfaceRateResult;
      expect(r.status).toBe('rates');
      if (r.status !== 'rates') continue;
      const want = (idx % 10 + 1) * 1e6 * 8;
      expect(Math.abs((r.rates.inBitsPerSecond ?? 0) - want) / want).toBeLessThan(0.15);
      expect(Math.abs((r.rates.outBitsPerSecond ?? 0) - want / 2) / (want / 2)).toBeLessThan(0.15);
      if (idx % 5 === 0) expect(r.rates.inDiscardsPerSecond ?? 0).toBeGreaterThan(0);
      else expect(r.rates.inDiscardsPerSecond).toBe(0);
    }
    const ledger: Ledger = {
      partner: { name: 'p', site: 'china' },
      accessPoints: [{ id: 'ap-cn-hangzhou-yh-A' }],
      circuits: [{ id: 'pc-c1', accessPointId: 'ap-cn-hangzhou-yh-A', bandwidth: { spec: '10G', bps: 1e10 }, device: 'synth', port: 'GigabitEthernet0/0/1' }],
      sharedPorts: [101, 102, 600].map((vlan) => ({
        id: `pc-synth${vlan}`, tenant: '1234567890', circuitId: 'pc-c1', vlan, bandwidth: { spec: '100M' as const, bps: 1e8 },
        status: 'enabled' as const, attachment: { device: 'synth', port: 'GigabitEthernet0/0/1' }, attachmentExplicit: false,
      })),
    };
    const m = matchSharedPorts(ledger, 'synth', 'huawei-vrp', sample.interfaces);
    expect(m.bindings.map((b) => [b.sharedPortId, b.interfaceName, b.matchedBy])).toEqual([
      ['pc-synth101', 'GigabitEthernet0/0/1.101', 'description'],
      ['pc-synth102', 'GigabitEthernet0/0/1.102', 'name'],
      ['pc-synth600', 'GigabitEthernet0/0/1.600', 'name'],
    ]);
  });

  it('synth-c32: falls back to 32-bit counters and computes sane rates across wraps', async () => {
    const poller = new SnmpPoller({ staticRefreshMs: 60_000 });
    const tracker = new RateTracker();
    const t = target('c32', v2c('synth-c32'));
    let prev = await poll(poller, t);
    tracker.update(prev);
    let wraps = 0;
    for (let k = 0; k < 5; k++) {
      await sleep(1500);
      const cur = await poll(poller, t);
      expect(cur.interfaces.every((i) => i.counterBits === 32)).toBe(true);
      const r = tracker.update(cur);
      cur.interfaces.forEach((i, n) => {
        if ((i.counters.inOctets ?? 0n) < (prev.interfaces[n]?.counters.inOctets ?? 0n)) wraps++;
        const rr = r.interfaces[n];
        expect(rr?.status).toBe('rates');
        if (rr?.status !== 'rates') return;
        // 10^9 bytes/s = 8 Gb/s on every interface, across a wrap or not
        expect(Math.abs((rr.rates.inBitsPerSecond ?? 0) - 8e9) / 8e9).toBeLessThan(0.1);
      });
      prev = cur;
    }
    expect(wraps).toBeGreaterThan(0);
  });
});
