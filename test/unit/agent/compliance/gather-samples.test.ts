/**
 * The gather as the daemon uses it: SNMP samples from elsewhere (the poll loop) instead of two
 * polls, a failure reason from there, a fallback to polling when there are no two samples yet,
 * and at most `concurrency` devices read at once.
 */
import { describe, expect, it } from 'vitest';
import { gatherLiveEvidence, type ConfigReader, type GatherOptions, type SnmpPoll } from '../../../../agent/compliance/gather.js';
import type { DeviceConfig, PushSettings } from '../../../../config/agent/model.js';
import { Secret } from '../../../../config/secrets/secret.js';
import type { DeviceSample, InterfaceSample } from '../../../../drivers/snmp/sample.js';
import { compliantLedger } from '../../policies/compliance/live/fixture.js';

const push: PushSettings = { confirmTimeoutS: 120, concurrency: 2, maxDeletes: 5, arpPpsPerUser: 1, icmpLimitPps: 1000, ownershipPrefix: 'ecpa:' };
const polling = { intervalMs: 1000, timeoutMs: 1000, concurrency: 2, staticRefreshMs: 60_000 };
const snmp = { version: '2c' as const, port: 161, community: new Secret('c', { kind: 'inline' }), timeoutMs: 1000, retries: 0, maxRepetitions: 10 };
const device = (id: string, platform: DeviceConfig['platform']): DeviceConfig => ({ id, address: '127.0.0.1', platform, snmp, autoApply: false });
const devices = [device('sw-hz-1', 'huawei-vrp'), device('sw-hz-2', 'cisco-iosxe')];

function iface(ifIndex: number, name: string, octets: bigint): InterfaceSample {
  return {
    ifIndex, name, descr: name, alias: '', speedBps: 1e9, operStatus: 1, counterBits: 64, discontinuityTime: 0,
    counters: { inOctets: octets, outOctets: octets, inUcastPkts: octets / 100n, outUcastPkts: octets / 100n, inDiscards: 0n, outDiscards: 0n },
  };
}
const sample = (deviceId: string, at: number, octets: bigint): DeviceSample => ({
  deviceId, at, sysUpTime: at / 10, interfaces: [iface(1, 'GigabitEthernet0/0/1', octets * 2n), iface(2, 'GigabitEthernet0/0/1.101', octets)],
  durationMs: 1, pdus: 1, varbinds: 1, qos: undefined, staticRefresh: undefined, warnings: [],
});
const emptyConfig: ConfigReader = async () => ({ observed: { subinterfaces: [], policers: [], arp: null, icmp: null }, limits: undefined });

function options(over: Partial<GatherOptions>): GatherOptions {
  return {
    ledger: compliantLedger(), config: { devices, push, polling }, sampleMs: 5000, signal: AbortSignal.timeout(5000),
    readConfig: emptyConfig, readMtu: async () => new Map(), sleep: async () => undefined, ...over,
  };
}

describe('gatherLiveEvidence with samples from the poll loop', () => {
  it('uses the pair as is (no poll), says so in the source, and quotes a failure', async () => {
    const polled: string[] = [];
    const poll: SnmpPoll = async (t) => {
      polled.push(t.deviceId);
      throw new Error('must not poll');
    };
    const live = await gatherLiveEvidence(options({
      poll,
      samples: (t) => (t.deviceId === 'sw-hz-1'
        ? { first: sample('sw-hz-1', 10_000, 1000n), second: sample('sw-hz-1', 40_000, 31_000n), origin: "the daemon's poll loop" }
        : { failed: 'the last poll of sw-hz-2 failed: ECPA_SNMP_TIMEOUT: no answer' }),
    }));
    expect(polled).toEqual([]);
    const [one, two] = live.devices;
    if (one?.snmp.status !== 'read') throw new Error(`sw-hz-1 SNMP not read: ${JSON.stringify(one?.snmp)}`);
    expect(one.snmp.source).toMatch(/2 samples 30 s apart \(the daemon's poll loop\)$/);
    expect(one.snmp.value.intervalSeconds).toBe(30);
    const sub = one.snmp.value.interfaces.find((i) => i.name === 'GigabitEthernet0/0/1.101');
    expect(sub?.first.inOctets).toBe(1000n);
    expect(sub?.rates?.inOctets).toBe(1000);
    expect(one.snmp.value.bindings).toContainEqual(expect.objectContaining({ sharedPortId: 'pc-sp-0001', interfaceName: 'GigabitEthernet0/0/1.101' }));
    expect(two?.snmp).toEqual({ status: 'unreadable', reason: 'the last poll of sw-hz-2 failed: ECPA_SNMP_TIMEOUT: no answer' });
  });

  it('polls a device twice itself when there is no pair for it', async () => {
    const polled: string[] = [];
    const poll: SnmpPoll = async (t) => {
      polled.push(t.deviceId);
      const n = BigInt(polled.length);
      return { ok: true, deviceId: t.deviceId, sample: sample(t.deviceId, polled.length * 5000, n * 5000n) };
    };
    const live = await gatherLiveEvidence(options({ config: { devices: [devices[0] as DeviceConfig], push, polling }, poll, samples: () => undefined }));
    expect(polled).toEqual(['sw-hz-1', 'sw-hz-1']);
    expect(live.devices[0]?.snmp).toMatchObject({ status: 'read', source: expect.stringMatching(/2 samples 5 s apart$/) });
  });

  it('reads at most `concurrency` devices at once', async () => {
    const many = Array.from({ length: 6 }, (_, i) => device(`sw-hz-${i + 1}`, 'cisco-iosxe'));
    let inFlight = 0;
    let most = 0;
    const readConfig: ConfigReader = async (d, driver, scope, signal) => {
      inFlight++;
      most = Math.max(most, inFlight);
      await new Promise((r) => setTimeout(r, 5));
      inFlight--;
      return emptyConfig(d, driver, scope, signal);
    };
    const live = await gatherLiveEvidence(options({ config: { devices: many, push, polling }, readConfig, concurrency: 2, samples: () => ({ failed: 'not polled in this test' }) }));
    expect(live.devices.map((d) => d.device)).toEqual(many.map((d) => d.id));
    expect(most).toBe(2);
  });
});
