/**
 * Gathering with fake transports: each device is read on its own (one failing device leaves the
 * others read), failures become `unreadable` readings with the error, and counters, rates and
 * bindings come from two samples.
 */
import { describe, expect, it } from 'vitest';
import { gatherLiveEvidence, type ConfigReader, type SnmpPoll } from '../../../../agent/compliance/gather.js';
import type { DeviceConfig, PushSettings } from '../../../../config/agent/model.js';
import { Secret } from '../../../../config/secrets/secret.js';
import { SnmpTimeoutError } from '../../../../drivers/snmp/errors.js';
import type { DevicePollResult, InterfaceSample } from '../../../../drivers/snmp/sample.js';
import type { ObservedDevice } from '../../../../policies/intent/model.js';
import { compliantLedger } from '../../policies/compliance/live/fixture.js';

const push: PushSettings = { confirmTimeoutS: 120, concurrency: 2, maxDeletes: 5, arpPpsPerUser: 1, icmpLimitPps: 1000, ownershipPrefix: 'ecpa:' };
const snmp = { version: '2c' as const, port: 161, community: new Secret('c', { kind: 'inline' }), timeoutMs: 1000, retries: 0, maxRepetitions: 10 };
const devices: DeviceConfig[] = [
  { id: 'sw-hz-1', address: '127.0.0.1', platform: 'huawei-vrp', snmp, autoApply: false },
  { id: 'sw-hz-2', address: '127.0.0.1', platform: 'cisco-iosxe', snmp, autoApply: false },
];

function iface(ifIndex: number, name: string, octets: bigint): InterfaceSample {
  return {
    ifIndex, name, descr: name, alias: '', speedBps: 1e9, operStatus: 1, counterBits: 64, discontinuityTime: 0,
    counters: { inOctets: octets, outOctets: octets, inUcastPkts: octets / 100n, outUcastPkts: octets / 100n, inDiscards: 0n, outDiscards: 0n },
  };
}

describe('gatherLiveEvidence', () => {
  it('contains failures per device and reads counters from two samples', async () => {
    let polls = 0;
    const poll: SnmpPoll = async (target) => {
      if (target.deviceId === 'sw-hz-2') return { ok: false, deviceId: target.deviceId, error: new SnmpTimeoutError('no answer in 1000 ms'), durationMs: 1000 };
      polls++;
      const n = BigInt(polls);
      const sample = { deviceId: target.deviceId, at: polls * 5000, sysUpTime: polls * 500, interfaces: [iface(1, 'GigabitEthernet0/0/1', n * 1000n), iface(2, 'GigabitEthernet0/0/1.101', n * 500n)], durationMs: 1, pdus: 1, varbinds: 1, qos: undefined, staticRefresh: undefined, warnings: [] };
      const ok: DevicePollResult = { ok: true, deviceId: target.deviceId, sample };
      return ok;
    };
    const reader: ConfigReader = async (device, _driver, scope) => {
      if (device.id === 'sw-hz-1') throw Object.assign(new Error('authentication failed'), { code: 'ECPA_SSH_AUTH' });
      const value: ObservedDevice = { subinterfaces: [], policers: [], arp: null, icmp: null };
      expect(scope.ports).toContain('GigabitEthernet0/0/1');
      return { observed: value, limits: undefined };
    };
    const live = await gatherLiveEvidence({
      ledger: compliantLedger(),
      config: { devices, push, polling: { intervalMs: 1000, timeoutMs: 1000, concurrency: 2, staticRefreshMs: 60_000 } },
      sampleMs: 5000,
      signal: AbortSignal.timeout(5000),
      readConfig: reader,
      poll,
      readMtu: async (t) => (t.deviceId === 'sw-hz-1' ? new Map([[2, 1500]]) : new Map()),
      sleep: async () => undefined,
      now: () => new Date('2026-11-26T10:00:00Z'),
    });
    const [one, two] = live.devices;
    expect(one?.config).toEqual({ status: 'unreadable', reason: 'ECPA_SSH_AUTH: authentication failed' });
    expect(one?.arp.status).toBe('unreadable');
    expect(one?.snmp.status).toBe('read');
    if (one?.snmp.status !== 'read') throw new Error('unreachable');
    const sub = one.snmp.value.interfaces.find((i) => i.name === 'GigabitEthernet0/0/1.101');
    expect(sub?.first.inOctets).toBe(500n);
    expect(sub?.second.inOctets).toBe(1000n);
    expect(sub?.rates?.inOctets).toBe(100);
    expect(sub?.mtu).toBe(1500);
    expect(one.snmp.value.mtuUnreadable).toBeUndefined();
    expect(one.snmp.value.bindings).toContainEqual({ sharedPortId: 'pc-sp-0001', role: 'circuit', interfaceName: 'GigabitEthernet0/0/1.101', matchedBy: 'name' });
    expect(one.snmp.value.intervalSeconds).toBe(5);
    expect(two?.snmp).toEqual({ status: 'unreadable', reason: 'ECPA_SNMP_TIMEOUT: no answer in 1000 ms' });
    expect(two?.config.status).toBe('read');
    // Cisco reads ARP per port; ICMP it cannot read: unreadable with the driver's reason.
    expect(two?.arp).toMatchObject({ status: 'read', value: [] });
    expect(two?.icmp).toMatchObject({ status: 'unreadable', reason: expect.stringMatching(/cannot read ICMP limits.*system-cpp-policy/) });
    expect(live.gatheredAt).toBe('2026-11-26T10:00:00.000Z');
  });

  it('reads a device of an unknown platform as unreadable config with the known platforms', async () => {
    const live = await gatherLiveEvidence({
      ledger: compliantLedger(),
      config: { devices: [{ ...devices[0] as DeviceConfig, platform: 'nx-os' as DeviceConfig['platform'] }], push, polling: { intervalMs: 1000, timeoutMs: 1000, concurrency: 1, staticRefreshMs: 60_000 } },
      sampleMs: 1,
      signal: AbortSignal.timeout(5000),
      readConfig: async () => { throw new Error('must not be called'); },
      poll: async (t) => ({ ok: false, deviceId: t.deviceId, error: new SnmpTimeoutError('x'), durationMs: 1 }),
      readMtu: async () => { throw new Error('must not be called'); },
      sleep: async () => undefined,
    });
    expect(live.devices[0]?.config).toMatchObject({ status: 'unreadable', reason: expect.stringMatching(/UNKNOWN_PLATFORM: no driver for platform 'nx-os'; known platforms: /) });
  });
});
