import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCisco, parseHuawei, parseJuniper, readStringIndex } from '../../../../drivers/snmp/qos.js';
import { CISCO_CBQOS, HUAWEI_CBQOS_CLASSIFIER as H, JUNIPER_FIREWALL as J } from '../../../../drivers/snmp/qos-oids.js';
import type { SnmpValue } from '../../../../drivers/snmp/varbind.js';
import { SnmpPoller } from '../../../../drivers/snmp/poller.js';
import { Secret } from '../../../../config/secrets/secret.js';
import { RateTracker } from '../../../../agent/telemetry/rates.js';
import { buildDeviceReport } from '../../../../agent/telemetry/report.js';
import type { Ledger } from '../../../../policies/ledger/model.js';
import { startLabSnmpAgent, type LabSnmpAgent } from '../../../lab/snmp/agent.js';

const c64 = (v: bigint): SnmpValue => ({ kind: 'counter64', value: v });
const int = (v: number): SnmpValue => ({ kind: 'integer', value: v });
const str = (s: string): string => [s.length, ...[...s].map((c) => c.charCodeAt(0))].join('.');
const cols = (entries: [string, string, SnmpValue][]): Map<string, Map<string, SnmpValue>> => {
  const m = new Map<string, Map<string, SnmpValue>>();
  for (const [col, key, v] of entries) m.set(col, (m.get(col) ?? new Map()).set(key, v));
  return m;
};

describe('vendor QoS row parsing', () => {
  it('decodes length-prefixed string indexes', () => {
    expect(readStringIndex([3, 97, 98, 99, 7], 0)).toEqual({ text: 'abc', next: 4 });
    expect(() => readStringIndex([5, 97], 0)).toThrow(RangeError);
  });

  it('Huawei classifier statistics: ifIndex, VLAN, direction, classifier name, exact drops', () => {
    const key = `12.101.1.${str('ecpa-t1')}`;
    const stats = parseHuawei(cols([[H.passPackets, key, c64(10n)], [H.dropPackets, key, c64(2n ** 60n + 5n)], [H.dropBytes, key, c64(7n)]]));
    expect(stats).toEqual([
      { key, ifIndex: 12, vlan: 101, interfaceName: undefined, direction: 'inbound', name: 'ecpa-t1', passedPackets: 10n, passedBytes: undefined, droppedPackets: 2n ** 60n + 5n, droppedBytes: 7n },
    ]);
  });

  it('Cisco police statistics joined to the service policy (ifIndex, direction); dropped = exceeded + violated', () => {
    const stats = parseCisco(
      cols([
        [CISCO_CBQOS.policyIfIndex, '1041', int(7)],
        [CISCO_CBQOS.policyDirection, '1041', int(2)],
        [CISCO_CBQOS.conformedPkt64, '1041.33', c64(100n)],
        [CISCO_CBQOS.exceededPkt64, '1041.33', c64(5n)],
        [CISCO_CBQOS.violatedPkt64, '1041.33', c64(1n)],
        [CISCO_CBQOS.exceededByte64, '1041.33', c64(500n)],
      ]),
    );
    expect(stats[0]).toMatchObject({ ifIndex: 7, direction: 'outbound', passedPackets: 100n, droppedPackets: 6n, droppedBytes: 500n });
  });

  it('Juniper firewall policer counters: only type policer, interface and direction from the per-unit name', () => {
    const pol = `${str('ecpa-t1')}.${str('T123-100M-xe-0/0/1.101-i')}.3`;
    const cnt = `${str('ecpa-t1')}.${str('count-all')}.2`;
    const stats = parseJuniper(cols([[J.type, pol, int(3)], [J.type, cnt, int(2)], [J.packetCount, pol, c64(9n)], [J.byteCount, pol, c64(900n)]]));
    expect(stats).toHaveLength(1);
    expect(stats[0]).toMatchObject({ interfaceName: 'xe-0/0/1.101', direction: 'inbound', droppedPackets: 9n, droppedBytes: 900n });
  });
});

describe('Huawei QoS statistics from the lab switch', () => {
  let now = 1_800_000_000_000;
  let sw: LabSnmpAgent;
  beforeAll(async () => {
    sw = await startLabSnmpAgent({
      model: {
        sysName: 'hw1',
        qos: 'huawei-vrp',
        interfaces: [
          { name: 'GigabitEthernet0/0/1', speedMbps: 10_000 },
          { name: 'GigabitEthernet0/0/1.101', speedMbps: 10_000, parent: 'GigabitEthernet0/0/1' },
          { name: 'GigabitEthernet0/0/1.102', speedMbps: 10_000, parent: 'GigabitEthernet0/0/1' },
        ],
      },
      community: 'public',
      clock: () => now,
    });
  });
  afterAll(async () => sw?.stop());

  it('shows the tenant policer drops per shared port, in bits and packets per second', async () => {
    sw.setOffered('GigabitEthernet0/0/1.101', { inBps: 300e6, outBps: 10e6, packetBytes: 1000 });
    sw.setPolicer('GigabitEthernet0/0/1.101', { inBps: 200e6, outBps: 200e6 });
    sw.setOffered('GigabitEthernet0/0/1.102', { inBps: 50e6, outBps: 10e6 });
    const poller = new SnmpPoller({ clock: () => now, staticRefreshMs: 60_000 });
    const tracker = new RateTracker();
    const target = {
      deviceId: 'hw1',
      address: '127.0.0.1',
      qos: 'huawei-vrp' as const,
      settings: { version: '2c' as const, port: sw.port, community: new Secret('public', { kind: 'inline' }), timeoutMs: 1000, retries: 0, maxRepetitions: 20 },
    };
    const a = await poller.pollDevice(target, { timeoutMs: 3000 });
    if (!a.ok) throw a.error;
    tracker.update(a.sample);
    now += 30_000;
    const b = await poller.pollDevice(target, { timeoutMs: 3000 });
    if (!b.ok) throw b.error;
    const rates = tracker.update(b.sample);
    expect(b.sample.qos?.map((q) => [q.ifIndex, q.vlan, q.direction, q.name])).toEqual([
      [2, 101, 'inbound', 'ecpa-tenant-101'],
      [2, 101, 'outbound', 'ecpa-tenant-101'],
    ]);
    const ledger: Ledger = {
      partner: { name: 'p', site: 'china' },
      accessPoints: [{ id: 'ap' }],
      circuits: [{ id: 'pc-c', accessPointId: 'ap', bandwidth: { spec: '10G', bps: 1e10 }, device: 'hw1', port: 'GigabitEthernet0/0/1' }],
      sharedPorts: [101, 102].map((vlan) => ({
        id: `pc-v${vlan}`, tenant: '1', circuitId: 'pc-c', vlan, bandwidth: { spec: '200M' as const, bps: 2e8 }, status: 'enabled' as const,
        attachment: { device: 'hw1', port: 'GigabitEthernet0/0/1' }, attachmentExplicit: false,
      })),
    };
    const report = buildDeviceReport(b.sample, rates, ledger, 'huawei-vrp', 'ecpa-');
    const t101 = report.sharedPorts.find((p) => p.sharedPortId === 'pc-v101');
    const inbound = t101?.policers.find((p) => p.direction === 'inbound');
    expect(inbound?.rates?.droppedBitsPerSecond).toBeCloseTo(100e6, -1);
    expect(inbound?.rates?.droppedPacketsPerSecond).toBeCloseTo(12_500, 0);
    expect(inbound?.rates?.passedBitsPerSecond).toBeCloseTo(200e6, -1);
    expect(t101?.policers.find((p) => p.direction === 'outbound')?.rates?.droppedBitsPerSecond).toBe(0);
    expect(report.sharedPorts.find((p) => p.sharedPortId === 'pc-v102')?.policers).toEqual([]);
  });

  it('a device without the vendor MIB yields no QoS rows and no error', async () => {
    const plain = await startLabSnmpAgent({ model: { sysName: 'p', interfaces: [{ name: 'x', speedMbps: 1 }] }, community: 'public' });
    try {
      const r = await new SnmpPoller({ staticRefreshMs: 1 }).pollDevice(
        { deviceId: 'p', address: '127.0.0.1', qos: 'cisco-iosxe', settings: { version: '2c', port: plain.port, community: new Secret('public', { kind: 'inline' }), timeoutMs: 1000, retries: 0, maxRepetitions: 10 } },
        { timeoutMs: 3000 },
      );
      expect(r.ok && r.sample.qos).toEqual([]);
    } finally {
      await plain.stop();
    }
  });
});
