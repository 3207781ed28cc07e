import { describe, expect, it } from 'vitest';
import type { Platform } from '../../../../config/agent/model.js';
import type { PolicerStat } from '../../../../drivers/snmp/qos.js';
import { ciscoPolicyMapName, parseCisco, parseJuniper } from '../../../../drivers/snmp/qos.js';
import { CISCO_CBQOS as C, JUNIPER_FIREWALL as J } from '../../../../drivers/snmp/qos-oids.js';
import type { SnmpValue } from '../../../../drivers/snmp/varbind.js';
import { isOwnedPolicer, ownedPolicer } from '../../../../agent/telemetry/policers.js';
import type { SharedPortBinding } from '../../../../agent/telemetry/match.js';
import type { PolicerRates } from '../../../../agent/telemetry/rates.js';

const c64 = (v: bigint): SnmpValue => ({ kind: 'counter64', value: v });
const int = (v: number): SnmpValue => ({ kind: 'integer', value: v });
const octets = (s: string): SnmpValue => ({ kind: 'octets', value: Buffer.from(s) });
const str = (s: string): string => [s.length, ...[...s].map((c) => c.charCodeAt(0))].join('.');
const cols = (entries: [string, string, SnmpValue][]): Map<string, Map<string, SnmpValue>> => {
  const m = new Map<string, Map<string, SnmpValue>>();
  for (const [col, key, v] of entries) m.set(col, (m.get(col) ?? new Map()).set(key, v));
  return m;
};

const binding = (over: Partial<SharedPortBinding> = {}): SharedPortBinding => ({
  sharedPortId: 'pc-bp1v0003',
  tenant: '1029384756102938',
  vlan: 103,
  circuitId: 'pc-c',
  device: 'd1',
  interfaceName: 'GigabitEthernet0/0/1.103',
  ifIndex: 12,
  role: 'circuit',
  matchedBy: 'name',
  ...over,
});

const stat = (over: Partial<PolicerStat> & Pick<PolicerStat, 'key' | 'name'>): PolicerStat => ({
  ifIndex: 12,
  vlan: undefined,
  interfaceName: undefined,
  direction: 'inbound',
  passedPackets: 10n,
  passedBytes: 1000n,
  droppedPackets: 2n,
  droppedBytes: 200n,
  ...over,
});

describe('agent-owned policer of a shared port: names per platform (prefix "ecpa:")', () => {
  // The prefix sanitised by each platform's own rules: Huawei `ecpa_`, IOS XE and Junos `ecpa-`.
  const cases: readonly [Platform, Partial<PolicerStat> & Pick<PolicerStat, 'key' | 'name'>, boolean, string][] = [
    ['huawei-vrp', { key: 'h1', name: 'ecpa_any', vlan: 103 }, true, "the driver's shared classifier on the subinterface"],
    ['huawei-vrp', { key: 'h2', name: 'ecpa:any', vlan: 103 }, false, 'the unsanitised prefix is not a Huawei name'],
    ['huawei-vrp', { key: 'h3', name: 'operator-cls', vlan: 103 }, false, "the operator's classifier"],
    ['huawei-vrp', { key: 'h4', name: 'ecpa_any', ifIndex: 0, vlan: 103 }, true, 'VLAN-applied policy (ifIndex 0) of the same VLAN'],
    ['huawei-vrp', { key: 'h5', name: 'ecpa_any', ifIndex: 13, vlan: 104 }, false, "another subinterface (another tenant's)"],
    ['cisco-iosxe', { key: 'c1', name: 'policy 1 police 3', policy: 'ecpa-pc-bp1v0003' }, true, "the agent's policy-map of this shared port"],
    ['cisco-iosxe', { key: 'c2', name: 'policy 1 police 3', policy: 'ecpa-pc-bp1v0004' }, false, "another shared port's policy-map"],
    ['cisco-iosxe', { key: 'c3', name: 'policy 1 police 3', policy: 'TENANT-200M' }, false, "the operator's policy-map"],
    ['cisco-iosxe', { key: 'c4', name: 'policy 1 police 3', policy: 'ecpa_pc-bp1v0003' }, false, "Huawei's sanitisation is not IOS XE's"],
    ['cisco-iosxe', { key: 'c5', name: 'policy 1 police 3' }, false, 'policy-map name not resolved'],
    ['junos', { key: 'j1', name: 'f/x', ifIndex: undefined, interfaceName: 'GigabitEthernet0/0/1.103', policy: 'ecpa-pc-bp1v0003' }, true, "the agent's policer on the unit"],
    ['junos', { key: 'j2', name: 'f/x', ifIndex: undefined, interfaceName: 'GigabitEthernet0/0/1.104', policy: 'ecpa-pc-bp1v0003' }, false, 'another unit'],
    ['junos', { key: 'j3', name: 'f/x', ifIndex: undefined, interfaceName: 'GigabitEthernet0/0/1.103', policy: 'ops-policer' }, false, "the operator's policer"],
    ['openconfig', { key: 'o1', name: 'ecpa-pc-bp1v0003', policy: 'ecpa-pc-bp1v0003' }, false, 'no SNMP policer table'],
  ];
  for (const [platform, row, owned, why] of cases) {
    it(`${platform}: ${why} → ${owned ? 'owned' : 'not owned'}`, () => {
      expect(isOwnedPolicer(stat(row), binding(), platform, 'ecpa:')).toBe(owned);
    });
  }
});

describe('ownedPolicer: per direction, summed, only owned rows', () => {
  const rates = (s: PolicerStat, bits: number | undefined, pps: number | undefined): PolicerRates => ({
    stat: s,
    passedBitsPerSecond: undefined,
    passedPacketsPerSecond: undefined,
    droppedBitsPerSecond: bits,
    droppedPacketsPerSecond: pps,
  });

  it('receive = inbound, transmit = outbound; a foreign row of the same interface is left out', () => {
    const inbound = stat({ key: 'i', name: 'ecpa_any', vlan: 103, droppedBytes: 2n ** 60n + 1n });
    const outbound = stat({ key: 'o', name: 'ecpa_any', vlan: 103, direction: 'outbound', passedBytes: 5n, passedPackets: 1n, droppedBytes: 0n, droppedPackets: 0n });
    const foreign = stat({ key: 'f', name: 'ops-any', vlan: 103, droppedBytes: 999n });
    const byKey = new Map([rates(inbound, 8e6, 1000), rates(outbound, 0, 0), rates(foreign, 1, 1)].map((r) => [r.stat.key, r]));
    expect(ownedPolicer([inbound, outbound, foreign], byKey, binding(), 'huawei-vrp', 'ecpa:')).toEqual({
      receive: { conformedBytes: 1000n, conformedPackets: 10n, droppedBytes: 2n ** 60n + 1n, droppedPackets: 2n, droppedBitsPerSecond: 8e6, droppedPacketsPerSecond: 1000 },
      transmit: { conformedBytes: 5n, conformedPackets: 1n, droppedBytes: 0n, droppedPackets: 0n, droppedBitsPerSecond: 0, droppedPacketsPerSecond: 0 },
    });
  });

  it('sums several owned rows of a direction; a rate is absent when one row has none; Junos has no conformed counters', () => {
    const a = stat({ key: 'a', name: 'f/a', ifIndex: undefined, interfaceName: 'GigabitEthernet0/0/1.103', policy: 'ecpa-pc-bp1v0003', passedBytes: undefined, passedPackets: undefined, droppedBytes: 100n, droppedPackets: 1n });
    const b = stat({ key: 'b', name: 'f/b', ifIndex: undefined, interfaceName: 'GigabitEthernet0/0/1.103', policy: 'ecpa-pc-bp1v0003', passedBytes: undefined, passedPackets: undefined, droppedBytes: 50n, droppedPackets: 2n });
    const byKey = new Map([rates(a, 10, 1), rates(b, undefined, undefined)].map((r) => [r.stat.key, r]));
    expect(ownedPolicer([a, b], byKey, binding(), 'junos', 'ecpa:')).toEqual({ receive: { droppedBytes: 150n, droppedPackets: 3n } });
  });

  it('undefined when the shared port has no owned row', () => {
    expect(ownedPolicer([stat({ key: 'x', name: 'ops' })], new Map(), binding(), 'huawei-vrp', 'ecpa:')).toBeUndefined();
    expect(ownedPolicer([], new Map(), binding(), 'cisco-iosxe', 'ecpa:')).toBeUndefined();
  });
});

describe('policy names read from the vendor tables', () => {
  it('Cisco: the policy-map of a police object, up the cbQosObjects parent chain', () => {
    const c = cols([
      [C.policyIfIndex, '1041', int(12)],
      [C.policyDirection, '1041', int(1)],
      [C.conformedPkt64, '1041.33', c64(100n)],
      [C.exceededPkt64, '1041.33', c64(5n)],
      // 1041.1 policymap (config 500) ← 1041.20 classmap ← 1041.33 police
      [C.objectsType, '1041.1', int(1)],
      [C.objectsConfigIndex, '1041.1', int(500)],
      [C.objectsParent, '1041.1', int(0)],
      [C.objectsType, '1041.20', int(2)],
      [C.objectsParent, '1041.20', int(1)],
      [C.objectsType, '1041.33', int(7)],
      [C.objectsParent, '1041.33', int(20)],
      [C.policyMapName, '500', octets('ecpa-pc-bp1v0003')],
    ]);
    expect(parseCisco(c)[0]).toMatchObject({ ifIndex: 12, direction: 'inbound', policy: 'ecpa-pc-bp1v0003' });
    // A broken (looping) chain gives no name rather than hanging.
    const loop = cols([[C.objectsType, '1.2', int(2)], [C.objectsParent, '1.2', int(3)], [C.objectsType, '1.3', int(2)], [C.objectsParent, '1.3', int(2)]]);
    expect(ciscoPolicyMapName(loop, 1, 2)).toBeUndefined();
    // Without the objects table: no policy, so never owned.
    expect(parseCisco(cols([[C.conformedPkt64, '7.9', c64(1n)]]))[0]?.policy).toBeUndefined();
  });

  it("Junos: the policer's own name before -<ifname>.<unit>-i|o", () => {
    const key = `${str('fil')}.${str('ecpa-pc-bp1v0003-xe-0/0/1.103-o')}.3`;
    const [s] = parseJuniper(cols([[J.type, key, int(3)], [J.packetCount, key, c64(4n)]]));
    expect(s).toMatchObject({ policy: 'ecpa-pc-bp1v0003', interfaceName: 'xe-0/0/1.103', direction: 'outbound' });
    expect(isOwnedPolicer(s as PolicerStat, binding({ interfaceName: 'xe-0/0/1.103' }), 'junos', 'ecpa:')).toBe(true);
  });
});
