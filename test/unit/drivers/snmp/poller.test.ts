import { describe, expect, it } from 'vitest';
import { SnmpPoller } from '../../../../drivers/snmp/poller.js';
import { SnmpTimeoutError } from '../../../../drivers/snmp/errors.js';
import type { SnmpTarget } from '../../../../drivers/snmp/transport.js';
import { Secret } from '../../../../config/secrets/secret.js';
import { FakeTransport, ifMib, type FakeIf } from './fake-transport.js';

const target = (id: string): SnmpTarget => ({
  deviceId: id,
  address: '127.0.0.1',
  settings: { version: '2c', port: 161, community: new Secret('public', { kind: 'inline' }), timeoutMs: 1000, retries: 0, maxRepetitions: 10 },
});

const ifs = (): FakeIf[] => [
  { ifIndex: 1, name: 'GigabitEthernet0/0/1', inOctets: 2n ** 60n + 1n, outOctets: 5n },
  { ifIndex: 2, name: 'GigabitEthernet0/0/1.101', alias: 'ecpa: pc-1', inOctets: 7n, outOctets: 9n, inDiscards: 3 },
];

describe('SnmpPoller', () => {
  it('reads every interface with exact Counter64 values and the static columns', async () => {
    const t = new FakeTransport(ifMib(5000, ifs()));
    let now = 1_000;
    const poller = new SnmpPoller({ transportFactory: () => t, clock: () => now, staticRefreshMs: 60_000 });
    const r = await poller.pollDevice(target('sw1'), { timeoutMs: 1000 });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.sample.sysUpTime).toBe(5000);
    expect(r.sample.staticRefresh).toBe('first');
    const [a, b] = r.sample.interfaces;
    expect(a?.counters.inOctets).toBe(2n ** 60n + 1n);
    expect(a?.counterBits).toBe(64);
    expect(a?.speedBps).toBe(1_000_000_000);
    expect(b?.name).toBe('GigabitEthernet0/0/1.101');
    expect(b?.alias).toBe('ecpa: pc-1');
    expect(b?.counters.inDiscards).toBe(3n);
    expect(t.closed).toBe(true);
    // sysUpTime travels as a non-repeater in the first counter PDU: no extra round trip
    expect(t.calls[0]?.oids[0]).toBe('1.3.6.1.2.1.1.3');
    now += 1000;
  });

  it('re-reads static columns only on schedule, reboot or interface-set change', async () => {
    let table = ifMib(5000, ifs());
    let now = 0;
    const poller = new SnmpPoller({ transportFactory: () => new FakeTransport(table), clock: () => now, staticRefreshMs: 60_000 });
    const reasons: unknown[] = [];
    const poll = async (): Promise<void> => {
      const r = await poller.pollDevice(target('sw1'), { timeoutMs: 1000 });
      reasons.push(r.ok ? r.sample.staticRefresh : r.error.message);
    };
    await poll();
    now = 30_000;
    table = ifMib(8000, ifs());
    await poll(); // cached
    now = 61_000;
    table = ifMib(11100, ifs());
    await poll(); // schedule
    now = 70_000;
    table = ifMib(12000, [...ifs(), { ifIndex: 3, name: 'Gi0/0/2', inOctets: 0n, outOctets: 0n }]);
    await poll(); // interface added
    now = 100_000;
    table = ifMib(300, ifs());
    await poll(); // reboot
    expect(reasons).toEqual(['first', undefined, 'schedule', 'interfaces-changed', 'reboot']);
  });

  it('falls back to 32-bit counters for rows without HC counters and remembers the device has none', async () => {
    const rows: FakeIf[] = [{ ifIndex: 1, name: 'eth0', hc: false, inOctets: 4294967000n, outOctets: 1n }];
    const t = new FakeTransport(ifMib(100, rows));
    const poller = new SnmpPoller({ transportFactory: () => t, clock: () => 0, staticRefreshMs: 60_000 });
    const r = await poller.pollDevice(target('old'), { timeoutMs: 1000 });
    expect(r.ok && r.sample.interfaces[0]?.counterBits).toBe(32);
    expect(r.ok && r.sample.interfaces[0]?.counters.inOctets).toBe(4294967000n);
    t.calls.length = 0;
    await poller.pollDevice(target('old'), { timeoutMs: 1000 });
    // second poll asks for the 32-bit columns directly, not the HC ones
    expect(t.calls[0]?.oids).toContain('1.3.6.1.2.1.2.2.1.10');
    expect(t.calls[0]?.oids).not.toContain('1.3.6.1.2.1.31.1.1.1.6');
  });

  it('mixes HC and 32-bit rows on one device', async () => {
    const rows: FakeIf[] = [
      { ifIndex: 1, name: 'ge1', inOctets: 2n ** 40n, outOctets: 1n },
      { ifIndex: 2, name: 'vlan7', hc: false, inOctets: 77n, outOctets: 1n },
    ];
    const poller = new SnmpPoller({ transportFactory: () => new FakeTransport(ifMib(100, rows)), clock: () => 0, staticRefreshMs: 1 });
    for (let k = 0; k < 2; k++) {
      const r = await poller.pollDevice(target('mix'), { timeoutMs: 1000 });
      if (!r.ok) throw r.error;
      expect(r.sample.interfaces.map((i) => [i.counterBits, i.counters.inOctets])).toEqual([[64, 2n ** 40n], [32, 77n]]);
    }
  });

  it('reports a device that does not answer as a timeout at its deadline, without holding up the others', async () => {
    const dead = new FakeTransport([]);
    dead.hang = true;
    const poller = new SnmpPoller({
      transportFactory: (tg) => (tg.deviceId === 'dead' ? dead : new FakeTransport(ifMib(100, ifs()))),
      staticRefreshMs: 60_000,
    });
    const started = Date.now();
    const results = await poller.pollAll([target('dead'), target('a'), target('b')], { timeoutMs: 200, concurrency: 2 });
    expect(results.map((r) => r.ok)).toEqual([false, true, true]);
    const failed = results[0];
    expect(failed && !failed.ok && failed.error).toBeInstanceOf(SnmpTimeoutError);
    expect(Date.now() - started).toBeLessThan(2000);
    expect(dead.closed).toBe(true);
  });

  it('never runs more than `concurrency` polls at once', async () => {
    let active = 0;
    let peak = 0;
    const poller = new SnmpPoller({
      transportFactory: () => {
        const t = new FakeTransport(ifMib(100, ifs()));
        const inner = t.getBulk.bind(t);
        t.getBulk = async (...args) => {
          active++;
          peak = Math.max(peak, active);
          await new Promise((r) => setTimeout(r, 5));
          active--;
          return inner(...args);
        };
        return t;
      },
      staticRefreshMs: 60_000,
    });
    const targets = Array.from({ length: 10 }, (_, i) => target(`d${i}`));
    const results = await poller.pollAll(targets, { timeoutMs: 1000, concurrency: 3 });
    expect(results.every((r) => r.ok)).toBe(true);
    expect(peak).toBe(3);
  });

  it('honours the caller signal', async () => {
    const t = new FakeTransport([]);
    t.hang = true;
    const poller = new SnmpPoller({ transportFactory: () => t, staticRefreshMs: 1 });
    const ac = new AbortController();
    setTimeout(() => ac.abort(new Error('shutdown')), 20);
    const r = await poller.pollDevice(target('x'), { timeoutMs: 10_000, signal: ac.signal });
    expect(r.ok).toBe(false);
    expect(!r.ok && r.error.code).toBe('ECPA_SNMP_ABORTED');
  });
});
